package io.chorus.gateway.route;

import io.github.resilience4j.circuitbreaker.CallNotPermittedException;
import io.github.resilience4j.circuitbreaker.CircuitBreaker;
import io.github.resilience4j.reactor.circuitbreaker.operator.CircuitBreakerOperator;
import reactor.core.publisher.Mono;

import org.springframework.http.HttpHeaders;

import org.springframework.cloud.gateway.filter.GatewayFilter;
import org.springframework.cloud.gateway.filter.GatewayFilterChain;
import org.springframework.http.HttpHeaders;
import org.springframework.web.server.ServerWebExchange;

/**
 * Runs the rest of a route (the proxied call and its response timeout) inside a circuit
 * breaker. There is no fallback: an open breaker fails with {@code CallNotPermittedException},
 * which the error handler answers with 503, and a timeout stays a 504.
 */
final class CircuitBreakerGatewayFilter implements GatewayFilter {

	private final CircuitBreaker circuitBreaker;

	// Stateless (each subscription gets its own operator instance from it): made once, not per request.
	private final CircuitBreakerOperator<Void> operator;

	CircuitBreakerGatewayFilter(CircuitBreaker circuitBreaker) {
		this.circuitBreaker = circuitBreaker;
		this.operator = CircuitBreakerOperator.of(circuitBreaker);
	}

	@Override
	public Mono<Void> filter(ServerWebExchange exchange, GatewayFilterChain chain) {
		// The response timeout is applied inside chain.filter (NettyRoutingFilter, through
		// UpstreamResponseTimeout), so it counts as a failure here: timeout inside the breaker, as
		// everywhere in Chorus. Client-caused failures are ignored by the breaker's configuration.
		return chain.filter(exchange)
			.transformDeferred(this.operator)
			.doOnError(CallNotPermittedException.class, (ex) -> exchange.getResponse()
				.getHeaders()
				.set(HttpHeaders.RETRY_AFTER, Long.toString(retryAfterSeconds())));
	}

	/** When an open breaker will let a trial call through: its wait in the open state, in whole seconds. */
	private long retryAfterSeconds() {
		long millis = this.circuitBreaker.getCircuitBreakerConfig().getWaitIntervalFunctionInOpenState().apply(1);
		return Math.max(1, (millis + 999) / 1000);
	}

	@Override
	public String toString() {
		return "CircuitBreaker[" + this.circuitBreaker.getName() + "]";
	}

}
