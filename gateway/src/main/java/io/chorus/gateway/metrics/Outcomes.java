package io.chorus.gateway.metrics;

import org.springframework.web.server.ServerWebExchange;

/**
 * Where the outcome of a public request is kept once it is known (at commit, or when the client went away), so
 * the access log reports the same outcome as {@code chorus.gateway.requests} and never derives its own.
 */
public final class Outcomes {

	/** The exchange attribute holding the outcome tag, such as {@code success} or {@code cancelled}. */
	public static final String ATTRIBUTE = Outcomes.class.getName() + ".outcome";

	private Outcomes() {
	}

	/**
	 * Returns the outcome tag of an exchange.
	 * @param exchange the exchange
	 * @return the tag, or {@code null} before the outcome is known
	 */
	public static String of(ServerWebExchange exchange) {
		return exchange.getAttribute(ATTRIBUTE);
	}

}
