package io.chorus.gateway.ratelimit;

import io.chorus.gateway.EdgeOrder;
import io.chorus.gateway.auth.Clients;
import io.chorus.gateway.error.GatewayRejection;
import io.chorus.gateway.management.ManagementPort;
import reactor.core.publisher.Mono;

import org.springframework.core.Ordered;
import org.springframework.http.HttpHeaders;
import org.springframework.http.HttpStatus;
import org.springframework.web.server.ServerWebExchange;
import org.springframework.web.server.WebFilter;
import org.springframework.web.server.WebFilterChain;

/**
 * Takes one request's tokens from the client's bucket; answers 429 with {@code Retry-After}
 * when it is empty. Every limited response carries {@code X-RateLimit-Remaining}.
 */
final class RateLimitWebFilter implements WebFilter, Ordered {

	static final String REMAINING_HEADER = "X-RateLimit-Remaining";

	private final ClientRateLimiter limiter;

	private final ManagementPort managementPort;

	RateLimitWebFilter(ClientRateLimiter limiter, ManagementPort managementPort) {
		this.limiter = limiter;
		this.managementPort = managementPort;
	}

	@Override
	public Mono<Void> filter(ServerWebExchange exchange, WebFilterChain chain) {
		if (this.managementPort.isManagementRequest(exchange)) {
			return chain.filter(exchange);
		}
		String client = Clients.of(exchange);
		return this.limiter.tryAcquire(client).flatMap((decision) -> {
			HttpHeaders headers = exchange.getResponse().getHeaders();
			if (decision.remainingRequests() >= 0) {
				headers.set(REMAINING_HEADER, Long.toString(decision.remainingRequests()));
			}
			if (decision.allowed()) {
				return chain.filter(exchange);
			}
			headers.set(HttpHeaders.RETRY_AFTER, Long.toString(decision.retryAfterSeconds()));
			return Mono.error(new GatewayRejection(HttpStatus.TOO_MANY_REQUESTS,
					"rate limit exceeded for client '" + client + "': retry after " + decision.retryAfterSeconds()
							+ " s"));
		});
	}

	@Override
	public int getOrder() {
		return EdgeOrder.RATE_LIMIT;
	}

}
