package io.chorus.gateway.accesslog;

import java.util.concurrent.atomic.AtomicLong;

import org.springframework.http.server.reactive.ServerHttpRequest;
import org.springframework.web.server.ServerWebExchange;

/**
 * What the access log learns about one request while it runs: when it started, the body bytes read from and
 * written to the client, and the exchange (for the request id, client name and outcome the filters put there).
 */
final class AccessRecord {

	final ServerHttpRequest request;

	final long startNanos = System.nanoTime();

	final AtomicLong requestBytes = new AtomicLong();

	final AtomicLong responseBytes = new AtomicLong();

	/** Set by {@link AccessLogWebFilter}; stays {@code null} for warm-up requests, which are not logged. */
	volatile ServerWebExchange exchange;

	AccessRecord(ServerHttpRequest request) {
		this.request = request;
	}

}
