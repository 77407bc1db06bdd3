package io.chorus.gateway.headers;

import java.util.List;

import io.chorus.gateway.auth.Clients;
import io.chorus.gateway.requestid.RequestIds;

import org.springframework.cloud.gateway.filter.headers.HttpHeadersFilter;
import org.springframework.core.Ordered;
import org.springframework.http.HttpHeaders;
import org.springframework.stereotype.Component;
import org.springframework.web.server.ServerWebExchange;

/**
 * Writes the edge's changes into the headers of the request forwarded upstream, in one place: removes what
 * the header policy strips and the client's credentials, and sets {@code X-Request-Id} and
 * {@code X-Chorus-Client} from the exchange attributes the request-id and authentication filters set.
 *
 * <p>Why here: each edge filter used to rebuild the request ({@code exchange.mutate()}, which copies every header
 * and wraps the request and exchange) to change a header or two, two or three times per request. Spring Cloud
 * Gateway builds the upstream headers through its {@link HttpHeadersFilter}s anyway; this one runs after its own
 * (hop-by-hop removal, forwarding headers), normally edits the copy they made in place, and copies only when
 * handed the client request's own (read-only) headers.
 */
@Component
final class UpstreamHeadersFilter implements HttpHeadersFilter, Ordered {

	/** Exchange attribute: the request header names {@link HeaderPolicyWebFilter} strips, when there are any. */
	static final String STRIP_ATTRIBUTE = UpstreamHeadersFilter.class.getName() + ".strip";

	@Override
	public HttpHeaders filter(HttpHeaders input, ServerWebExchange exchange) {
		HttpHeaders headers = (input == exchange.getRequest().getHeaders()) ? HttpHeaders.copyOf(input) : input;
		List<String> strip = exchange.getAttribute(STRIP_ATTRIBUTE);
		if (strip != null) {
			strip.forEach(headers::remove);
		}
		headers.remove(HttpHeaders.AUTHORIZATION);
		headers.remove(Clients.API_KEY_HEADER);
		String client = exchange.getAttribute(Clients.ATTRIBUTE);
		if (client != null) {
			headers.set(Clients.CLIENT_HEADER, client);
		}
		String id = exchange.getAttribute(RequestIds.ATTRIBUTE);
		if (id != null) {
			headers.set(RequestIds.HEADER, id);
		}
		return headers;
	}

	@Override
	public boolean supports(Type type) {
		return type == Type.REQUEST;
	}

	@Override
	public int getOrder() {
		return Ordered.LOWEST_PRECEDENCE;
	}

}
