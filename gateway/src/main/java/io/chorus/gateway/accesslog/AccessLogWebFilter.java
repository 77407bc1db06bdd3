package io.chorus.gateway.accesslog;

import io.chorus.gateway.EdgeOrder;
import reactor.core.publisher.Mono;

import org.springframework.core.Ordered;
import org.springframework.http.server.reactive.ServerHttpResponse;
import org.springframework.http.server.reactive.ServerHttpResponseDecorator;
import org.springframework.stereotype.Component;
import org.springframework.web.server.ServerWebExchange;
import org.springframework.web.server.WebFilter;
import org.springframework.web.server.WebFilterChain;

/**
 * Hands the exchange to the request's {@link AccessRecord}, so the event written when the response is done can
 * read what the filters learnt (request id, client name, outcome). Runs after the warm-up filter, which answers
 * its own loopback requests before this: those are never logged.
 */
@Component
final class AccessLogWebFilter implements WebFilter, Ordered {

	@Override
	public Mono<Void> filter(ServerWebExchange exchange, WebFilterChain chain) {
		ServerHttpResponse response = exchange.getResponse();
		while (response instanceof ServerHttpResponseDecorator decorator) {
			if (decorator instanceof CountingResponse counting) {
				counting.record.exchange = exchange;
				break;
			}
			response = decorator.getDelegate();
		}
		return chain.filter(exchange);
	}

	@Override
	public int getOrder() {
		return EdgeOrder.ACCESS_LOG;
	}

}
