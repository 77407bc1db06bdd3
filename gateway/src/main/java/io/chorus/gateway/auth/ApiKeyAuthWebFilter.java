package io.chorus.gateway.auth;

import java.util.Optional;

import io.chorus.gateway.EdgeOrder;
import io.chorus.gateway.error.GatewayRejection;
import io.chorus.gateway.management.ManagementPort;
import reactor.core.publisher.Mono;

import org.springframework.core.Ordered;
import org.springframework.http.HttpHeaders;
import org.springframework.http.HttpStatus;
import org.springframework.http.server.reactive.ServerHttpRequest;
import org.springframework.web.server.ServerWebExchange;
import org.springframework.web.server.WebFilter;
import org.springframework.web.server.WebFilterChain;

/**
 * Authenticates a request by its API key ({@code Authorization: Bearer <key>} or
 * {@code X-API-Key}) and enforces the key's ensemble restriction; the client's name goes into an exchange
 * attribute, from which the upstream request gets {@code X-Chorus-Client} without the credentials (see
 * {@code headers.UpstreamHeadersFilter}).
 */
final class ApiKeyAuthWebFilter implements WebFilter, Ordered {

	static final String API_KEY_HEADER = Clients.API_KEY_HEADER;

	private static final String BEARER = "bearer ";

	private final ApiKeyRegistry registry;

	private final boolean enabled;

	private final ManagementPort managementPort;

	ApiKeyAuthWebFilter(ApiKeyRegistry registry, boolean enabled, ManagementPort managementPort) {
		this.registry = registry;
		this.enabled = enabled;
		this.managementPort = managementPort;
	}

	@Override
	public Mono<Void> filter(ServerWebExchange exchange, WebFilterChain chain) {
		if (this.managementPort.isManagementRequest(exchange)) {
			return chain.filter(exchange);
		}
		ServerHttpRequest request = exchange.getRequest();
		String client;
		if (!this.enabled) {
			client = Clients.ANONYMOUS;
		}
		else {
			String presented = presentedKey(request.getHeaders());
			if (presented == null) {
				return reject(exchange, HttpStatus.UNAUTHORIZED, "Bearer realm=\"chorus\"",
						"missing API key: send 'Authorization: Bearer <key>' or 'X-API-Key: <key>'");
			}
			Optional<ApiKey> key = this.registry.find(presented);
			if (key.isEmpty()) {
				return reject(exchange, HttpStatus.UNAUTHORIZED, "Bearer realm=\"chorus\", error=\"invalid_token\"",
						"invalid API key");
			}
			client = key.get().client();
			exchange.getAttributes().put(Clients.ATTRIBUTE, client);
			Optional<String> ensemble = EnsembleTarget.of(request.getPath().pathWithinApplication());
			if (ensemble.isPresent() && !key.get().mayCall(ensemble.get())) {
				return Mono.error(new GatewayRejection(HttpStatus.FORBIDDEN,
						"client '" + client + "' may not call ensemble '" + ensemble.get() + "'"));
			}
		}
		exchange.getAttributes().put(Clients.ATTRIBUTE, client);
		// The credentials are removed and the client named in the upstream request's headers only, by
		// headers.UpstreamHeadersFilter: no copy of the request here (one header copy per request in all).
		return chain.filter(exchange);
	}

	private static String presentedKey(HttpHeaders headers) {
		String authorization = headers.getFirst(HttpHeaders.AUTHORIZATION);
		if (authorization != null && authorization.length() > BEARER.length()
				&& authorization.regionMatches(true, 0, BEARER, 0, BEARER.length())) {
			String key = authorization.substring(BEARER.length()).strip();
			return key.isEmpty() ? null : key;
		}
		String apiKey = headers.getFirst(API_KEY_HEADER);
		return (apiKey != null && !apiKey.isBlank()) ? apiKey.strip() : null;
	}

	private static Mono<Void> reject(ServerWebExchange exchange, HttpStatus status, String challenge,
			String message) {
		exchange.getResponse().getHeaders().set(HttpHeaders.WWW_AUTHENTICATE, challenge);
		return Mono.error(new GatewayRejection(status, message));
	}

	@Override
	public int getOrder() {
		return EdgeOrder.AUTHENTICATION;
	}

}
