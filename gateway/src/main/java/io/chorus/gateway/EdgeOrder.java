package io.chorus.gateway;

import org.springframework.core.Ordered;

/**
 * The order of the gateway's edge filters, written once.
 *
 * <p>Every request passes them in this order: request id, access log, header policy, CORS,
 * structural request limits (method, path, content type, size), API key authentication,
 * per-client rate limit; then Spring Cloud Gateway routes it. Cheap checks that consult no
 * secret come before authentication; the rate limit needs the client name. The request's
 * metric is no filter: it comes from the request's server observation
 * ({@code metrics.RequestTimer}).
 */
public final class EdgeOrder {

	/** Assigns or accepts the request id; first, so every response and log line carries it. */
	public static final int REQUEST_ID = Ordered.HIGHEST_PRECEDENCE;

	/** Hands the exchange to the access log, which writes its event when the response is done. */
	public static final int ACCESS_LOG = REQUEST_ID + 5;

	/** Strips internal and hop-by-hop request headers, adds secure response headers. */
	public static final int HEADER_POLICY = REQUEST_ID + 20;

	/** Answers CORS pre-flight requests before they meet authentication. */
	public static final int CORS = HEADER_POLICY + 10;

	/** Allowed methods, path sanity, content types and the body size limit. */
	public static final int REQUEST_LIMITS = CORS + 10;

	/**
	 * Hands the public API docs ({@code /v3/api-docs}, the Swagger UI files) to their handler, past
	 * authentication and the rate limit; every other path goes on.
	 */
	public static final int API_DOCS = REQUEST_LIMITS + 5;

	/** API key authentication and the per-key ensemble restriction. */
	public static final int AUTHENTICATION = REQUEST_LIMITS + 10;

	/** The per-client token bucket. */
	public static final int RATE_LIMIT = AUTHENTICATION + 10;

	private EdgeOrder() {
	}

}
