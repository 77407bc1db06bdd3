package io.chorus.gateway.requestid;

import java.util.UUID;
import java.util.regex.Pattern;

import org.springframework.web.server.ServerWebExchange;

/**
 * The request id contract: the {@code X-Request-Id} header, how a client-sent id is accepted,
 * and where the id of the current exchange is kept.
 */
public final class RequestIds {

	/** The header that carries the request id in both directions and to ensemble-service. */
	public static final String HEADER = "X-Request-Id";

	/** The exchange attribute that holds the request id. */
	public static final String ATTRIBUTE = RequestIds.class.getName() + ".id";

	private static final Pattern ACCEPTED = Pattern.compile("[A-Za-z0-9._:-]{1,128}");

	private RequestIds() {
	}

	/**
	 * Returns the id of an exchange, or {@code "-"} before one was assigned.
	 * @param exchange the exchange
	 * @return the request id
	 */
	public static String of(ServerWebExchange exchange) {
		String id = exchange.getAttribute(ATTRIBUTE);
		return (id != null) ? id : "-";
	}

	/**
	 * Keeps a client-sent id when it is safe to log and forward, otherwise makes a new one.
	 * @param candidate the client's {@code X-Request-Id}, may be {@code null}
	 * @return the id to use
	 */
	static String acceptOrGenerate(String candidate) {
		if (candidate != null && ACCEPTED.matcher(candidate).matches()) {
			return candidate;
		}
		return UUID.randomUUID().toString();
	}

}
