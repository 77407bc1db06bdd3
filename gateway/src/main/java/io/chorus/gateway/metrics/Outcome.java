package io.chorus.gateway.metrics;

import java.util.Locale;

import org.springframework.cloud.gateway.support.ServerWebExchangeUtils;
import org.springframework.http.HttpStatusCode;
import org.springframework.http.server.reactive.ServerHttpResponse;
import org.springframework.http.server.reactive.observation.ServerRequestObservationContext;

/**
 * The outcome tag of {@code chorus.gateway.requests}: a small, fixed set.
 */
enum Outcome {

	SUCCESS, UNAUTHORIZED, FORBIDDEN, RATE_LIMITED, REJECTED, CLIENT_ERROR, UPSTREAM_ERROR, UPSTREAM_UNAVAILABLE,
	UPSTREAM_TIMEOUT, GATEWAY_ERROR, CANCELLED;

	final String tag = name().toLowerCase(Locale.ROOT);

	/**
	 * The outcome of a request whose observation stopped: {@link #CANCELLED} when the client went away before the
	 * response started, else from the status sent and whether the upstream answered.
	 */
	static Outcome of(ServerRequestObservationContext context) {
		ServerHttpResponse response = context.getResponse();
		if (context.isConnectionAborted() && (response == null || !response.isCommitted())) {
			return CANCELLED;
		}
		boolean fromUpstream = context.getAttributes().get(ServerWebExchangeUtils.CLIENT_RESPONSE_ATTR) != null;
		return of((response != null) ? response.getStatusCode() : null, fromUpstream);
	}

	static Outcome of(HttpStatusCode status, boolean fromUpstream) {
		int code = (status != null) ? status.value() : 200;
		if (code < 400) {
			return SUCCESS;
		}
		switch (code) {
			case 401:
				return UNAUTHORIZED;
			case 403:
				return FORBIDDEN;
			case 429:
				return RATE_LIMITED;
			case 400, 404, 405, 408, 413, 415:
				return fromUpstream ? CLIENT_ERROR : REJECTED;
			case 502:
				return UPSTREAM_ERROR;
			case 503:
				return UPSTREAM_UNAVAILABLE;
			case 504:
				return UPSTREAM_TIMEOUT;
			default:
				if (code < 500) {
					return CLIENT_ERROR;
				}
				return fromUpstream ? UPSTREAM_ERROR : GATEWAY_ERROR;
		}
	}

}
