package io.chorus.gateway.requestid;

import io.chorus.gateway.EdgeOrder;
import io.chorus.gateway.management.ManagementPort;
import reactor.core.publisher.Mono;

import org.springframework.core.Ordered;
import org.springframework.stereotype.Component;
import org.springframework.web.server.ServerWebExchange;
import org.springframework.web.server.WebFilter;
import org.springframework.web.server.WebFilterChain;

/**
 * Accepts the client's {@code X-Request-Id} (or makes one), forwards it upstream and echoes it
 * in the response. A client-sent id that is too long or holds characters outside
 * {@code [A-Za-z0-9._:-]} is replaced, so it is always safe to log.
 */
@Component
final class RequestIdWebFilter implements WebFilter, Ordered {

	private final ManagementPort managementPort;

	RequestIdWebFilter(ManagementPort managementPort) {
		this.managementPort = managementPort;
	}

	@Override
	public Mono<Void> filter(ServerWebExchange exchange, WebFilterChain chain) {
		if (this.managementPort.isManagementRequest(exchange)) {
			return chain.filter(exchange);
		}
		String id = RequestIds.acceptOrGenerate(exchange.getRequest().getHeaders().getFirst(RequestIds.HEADER));
		exchange.getAttributes().put(RequestIds.ATTRIBUTE, id);
		// Set at commit, so an X-Request-Id copied from the upstream response cannot add a second value.
		exchange.getResponse().beforeCommit(() -> {
			exchange.getResponse().getHeaders().set(RequestIds.HEADER, id);
			return Mono.empty();
		});
		// Forwarded upstream from the attribute by headers.UpstreamHeadersFilter, without copying the request here.
		return chain.filter(exchange);
	}

	@Override
	public int getOrder() {
		return EdgeOrder.REQUEST_ID;
	}

}
