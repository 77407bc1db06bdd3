package io.chorus.gateway.warmup;

import io.chorus.gateway.EdgeOrder;
import io.chorus.gateway.metrics.Outcomes;
import reactor.core.publisher.Mono;

import org.springframework.core.Ordered;
import org.springframework.web.reactive.DispatcherHandler;
import org.springframework.web.server.ServerWebExchange;
import org.springframework.web.server.WebFilter;
import org.springframework.web.server.WebFilterChain;

/**
 * Hands the warm-up's own requests straight to routing, past the edge filters: they must not count in any
 * client's metrics ({@link Outcomes#exclude}) or access log, take tokens from a rate limit, or need an API key.
 * Every other request,
 * including one that merely uses the warm-up's path, goes down the chain as usual.
 */
final class WarmupWebFilter implements WebFilter, Ordered {

	private final GatewayWarmup warmup;

	private final DispatcherHandler routing;

	WarmupWebFilter(GatewayWarmup warmup, DispatcherHandler routing) {
		this.warmup = warmup;
		this.routing = routing;
	}

	@Override
	public Mono<Void> filter(ServerWebExchange exchange, WebFilterChain chain) {
		if (!this.warmup.accepts(exchange)) {
			return chain.filter(exchange);
		}
		Outcomes.exclude(exchange);
		return this.routing.handle(exchange);
	}

	/** Right after the request id, before the access log and everything that follows. */
	@Override
	public int getOrder() {
		return EdgeOrder.REQUEST_ID + 1;
	}

}
