package io.chorus.gateway.auth;

import java.util.Map;

import org.springframework.web.server.ServerWebExchange;

/**
 * The name of the client behind a request, as authentication established it.
 */
public final class Clients {

	/** The header that tells ensemble-service which client sent a request. */
	public static final String CLIENT_HEADER = "X-Chorus-Client";

	/** The header an API key may come in besides {@code Authorization}; never forwarded upstream. */
	public static final String API_KEY_HEADER = "X-API-Key";

	/** The client name of every request while authentication is turned off. */
	public static final String ANONYMOUS = "anonymous";

	/** The client name of a request that has not (or not successfully) authenticated. */
	public static final String UNAUTHENTICATED = "unauthenticated";

	public static final String ATTRIBUTE = Clients.class.getName() + ".client";

	private Clients() {
	}

	/**
	 * Returns the authenticated client name of an exchange.
	 * @param exchange the exchange
	 * @return the configured client name, {@link #ANONYMOUS} or {@link #UNAUTHENTICATED}
	 */
	public static String of(ServerWebExchange exchange) {
		return of(exchange.getAttributes());
	}

	/**
	 * Returns the authenticated client name from an exchange's attributes.
	 * @param attributes the exchange's attributes
	 * @return the configured client name, {@link #ANONYMOUS} or {@link #UNAUTHENTICATED}
	 */
	public static String of(Map<String, Object> attributes) {
		Object client = attributes.get(ATTRIBUTE);
		return (client != null) ? (String) client : UNAUTHENTICATED;
	}

}
