package io.chorus.gateway.headers;

import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.Set;
import java.util.stream.Collectors;

import io.chorus.gateway.EdgeOrder;
import io.chorus.gateway.management.ManagementPort;
import io.chorus.gateway.requestid.RequestIds;
import reactor.core.publisher.Mono;

import org.springframework.core.Ordered;
import org.springframework.http.HttpHeaders;
import org.springframework.stereotype.Component;
import org.springframework.util.StringUtils;
import org.springframework.web.server.ServerWebExchange;
import org.springframework.web.server.WebFilter;
import org.springframework.web.server.WebFilterChain;

/**
 * Strips internal headers a client tries to inject and the headers its {@code Connection}
 * header names as hop-by-hop (never the framing, type, host or authorization headers), and sets
 * the security response headers.
 *
 * <p>The fixed hop-by-hop headers ({@code Connection}, {@code Keep-Alive}, {@code TE},
 * {@code Trailer}, {@code Transfer-Encoding}, {@code Upgrade}, {@code Proxy-Authorization},
 * {@code Proxy-Authenticate}) are removed in both directions by Spring Cloud Gateway's
 * {@code RemoveHopByHopHeadersFilter}.
 */
@Component
final class HeaderPolicyWebFilter implements WebFilter, Ordered {

	/**
	 * Names a client's {@code Connection} header may list that are never stripped for it: its
	 * connection options, the request id, and the headers that frame, type, route or authenticate
	 * the request. Stripping {@code Content-Length} or {@code Transfer-Encoding} would skip the
	 * 413 check while Netty still streams the body upstream (RFC 9110 §7.6.1 lets a proxy keep them).
	 */
	private static final Set<String> NEVER_HOP_BY_HOP = Set.of("close", "keep-alive", "content-length",
			"transfer-encoding", "content-type", "host", "authorization", RequestIds.HEADER.toLowerCase(Locale.ROOT));

	private final ManagementPort managementPort;

	private final String internalPrefix;

	private final Set<String> clientAllowed;

	// The security response headers as arrays: iterating the configured map allocates an entry per header per response.
	private final String[] responseHeaderNames;

	private final String[] responseHeaderValues;

	HeaderPolicyWebFilter(HeaderPolicyProperties properties, ManagementPort managementPort) {
		this.managementPort = managementPort;
		this.responseHeaderNames = properties.responseHeaders().keySet().toArray(String[]::new);
		this.responseHeaderValues = new String[this.responseHeaderNames.length];
		for (int i = 0; i < this.responseHeaderNames.length; i++) {
			this.responseHeaderValues[i] = properties.responseHeaders().get(this.responseHeaderNames[i]);
		}
		this.internalPrefix = properties.internalPrefix().toLowerCase(Locale.ROOT);
		this.clientAllowed = properties.clientAllowed()
			.stream()
			.map((name) -> name.toLowerCase(Locale.ROOT))
			.collect(Collectors.toUnmodifiableSet());
	}

	@Override
	public Mono<Void> filter(ServerWebExchange exchange, WebFilterChain chain) {
		if (this.managementPort.isManagementRequest(exchange)) {
			return chain.filter(exchange);
		}
		exchange.getResponse().beforeCommit(() -> {
			HttpHeaders headers = exchange.getResponse().getHeaders();
			for (int i = 0; i < this.responseHeaderNames.length; i++) {
				headers.set(this.responseHeaderNames[i], this.responseHeaderValues[i]);
			}
			return Mono.empty();
		});
		List<String> strip = headersToStrip(exchange.getRequest().getHeaders());
		if (!strip.isEmpty()) {
			// Removed from the upstream request only, by UpstreamHeadersFilter (no copy of the request here).
			exchange.getAttributes().put(UpstreamHeadersFilter.STRIP_ATTRIBUTE, strip);
		}
		return chain.filter(exchange);
	}

	private List<String> headersToStrip(HttpHeaders headers) {
		// Runs for every request: nothing is allocated unless a header is to be stripped.
		List<String> strip = null;
		for (String name : headers.headerNames()) {
			if (name.regionMatches(true, 0, this.internalPrefix, 0, this.internalPrefix.length())
					&& !this.clientAllowed.contains(name.toLowerCase(Locale.ROOT))) {
				strip = add(strip, name);
			}
		}
		// RFC 9110 7.6.1: headers listed in Connection are hop-by-hop for this message, except the
		// ones that frame, route or authenticate it (the size and type checks and authentication read them).
		List<String> connections = headers.get(HttpHeaders.CONNECTION);
		if (connections != null) {
			for (String connection : connections) {
				for (String token : StringUtils.commaDelimitedListToStringArray(connection)) {
					String name = token.trim();
					if (!name.isEmpty() && !NEVER_HOP_BY_HOP.contains(name.toLowerCase(Locale.ROOT))) {
						strip = add(strip, name);
					}
				}
			}
		}
		return (strip != null) ? strip : List.of();
	}

	private static List<String> add(List<String> list, String name) {
		List<String> added = (list != null) ? list : new ArrayList<>();
		added.add(name);
		return added;
	}

	@Override
	public int getOrder() {
		return EdgeOrder.HEADER_POLICY;
	}

}
