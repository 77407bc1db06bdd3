package io.chorus.gateway.apidocs;

import java.util.Set;

import io.chorus.gateway.EdgeOrder;
import io.chorus.gateway.management.ManagementPort;
import reactor.core.publisher.Mono;

import org.springframework.core.Ordered;
import org.springframework.http.HttpMethod;
import org.springframework.http.server.reactive.ServerHttpRequest;
import org.springframework.web.reactive.DispatcherHandler;
import org.springframework.web.server.ServerWebExchange;
import org.springframework.web.server.WebFilter;
import org.springframework.web.server.WebFilterChain;

/**
 * Lets the API docs through without an API key: a {@code GET} whose raw path is exactly one of the docs' paths
 * goes straight to its handler, past authentication and the rate limit (after the request id, metrics, header
 * policy, CORS and request limits, which still apply). Exact, undecoded paths only: nothing else, however
 * spelled, becomes public.
 */
final class ApiDocsWebFilter implements WebFilter, Ordered {

	private final Set<String> publicPaths;

	private final ManagementPort managementPort;

	private final DispatcherHandler routing;

	ApiDocsWebFilter(Set<String> publicPaths, ManagementPort managementPort, DispatcherHandler routing) {
		this.publicPaths = Set.copyOf(publicPaths);
		this.managementPort = managementPort;
		this.routing = routing;
	}

	@Override
	public Mono<Void> filter(ServerWebExchange exchange, WebFilterChain chain) {
		ServerHttpRequest request = exchange.getRequest();
		if (HttpMethod.GET.equals(request.getMethod()) && this.publicPaths.contains(request.getURI().getRawPath())
				&& !this.managementPort.isManagementRequest(exchange)) {
			return this.routing.handle(exchange);
		}
		return chain.filter(exchange);
	}

	@Override
	public int getOrder() {
		return EdgeOrder.API_DOCS;
	}

}
