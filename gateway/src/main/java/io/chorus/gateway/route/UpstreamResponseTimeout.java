package io.chorus.gateway.route;

import java.time.Duration;

import reactor.core.publisher.Mono;
import reactor.netty.http.client.HttpClient;
import reactor.util.context.Context;
import reactor.util.context.ContextView;

import org.springframework.cloud.gateway.config.HttpClientCustomizer;
import org.springframework.cloud.gateway.filter.GatewayFilter;
import org.springframework.cloud.gateway.filter.GatewayFilterChain;
import org.springframework.web.server.ServerWebExchange;

/**
 * A route's response timeout that starts once the request, body included, has been sent.
 *
 * <p>Spring Cloud Gateway's own per-route timeout ({@code RouteMetadataUtils.RESPONSE_TIMEOUT_ATTR})
 * is a {@code Flux.timeout} around the whole exchange, so it also runs while a slow client is
 * still uploading, and such a client's 504s would open the route's breaker. Reactor Netty's
 * {@code HttpClientRequest.responseTimeout} starts after the request is written. The route
 * filter puts the route's timeout in the Reactor context; the customizer of the gateway's
 * shared {@link HttpClient} reads it for each request. A timeout ends in Netty's
 * {@code ReadTimeoutException}, which the error handler answers with 504.
 */
final class UpstreamResponseTimeout implements GatewayFilter {

	private static final String CONTEXT_KEY = UpstreamResponseTimeout.class.getName();

	private final Duration timeout;

	// What the route adds to each request's Reactor context, made once.
	private final ContextView context;

	UpstreamResponseTimeout(Duration timeout) {
		this.timeout = timeout;
		this.context = Context.of(CONTEXT_KEY, timeout);
	}

	@Override
	public Mono<Void> filter(ServerWebExchange exchange, GatewayFilterChain chain) {
		return chain.filter(exchange).contextWrite(this.context);
	}

	/**
	 * Applies the timeout a route put in the context to each request of the gateway's client.
	 * @return the customizer
	 */
	static HttpClientCustomizer customizer() {
		return (client) -> client.doOnRequest((request, connection) -> request.currentContextView()
			.<Duration>getOrEmpty(CONTEXT_KEY)
			.ifPresent(request::responseTimeout));
	}

	@Override
	public String toString() {
		return "UpstreamResponseTimeout[" + this.timeout + "]";
	}

}
