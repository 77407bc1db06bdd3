package io.chorus.gateway.requestid;

import java.util.UUID;
import java.util.concurrent.ThreadLocalRandom;

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

	/** The key of the request id in log events (the MDC of per-request log lines, the access event's field). */
	public static final String MDC_KEY = "requestId";

	private static final int MAX_LENGTH = 128;

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
		if (candidate != null && isAccepted(candidate)) {
			return candidate;
		}
		return randomUuid().toString();
	}

	/** {@code [A-Za-z0-9._:-]{1,128}}, checked without a regular expression's matcher (one per request). */
	private static boolean isAccepted(String candidate) {
		int length = candidate.length();
		if (length == 0 || length > MAX_LENGTH) {
			return false;
		}
		for (int i = 0; i < length; i++) {
			char c = candidate.charAt(i);
			boolean allowed = (c >= 'a' && c <= 'z') || (c >= 'A' && c <= 'Z') || (c >= '0' && c <= '9') || c == '.'
					|| c == '_' || c == ':' || c == '-';
			if (!allowed) {
				return false;
			}
		}
		return true;
	}

	/**
	 * A random (version 4) UUID from {@link ThreadLocalRandom}. {@code UUID.randomUUID()} reads
	 * {@code SecureRandom}, which may block on the entropy source: not on an event loop. A request
	 * id needs to be unique, not unguessable.
	 */
	private static UUID randomUuid() {
		ThreadLocalRandom random = ThreadLocalRandom.current();
		long most = (random.nextLong() & 0xffffffffffff0fffL) | 0x0000000000004000L;
		long least = (random.nextLong() & 0x3fffffffffffffffL) | 0x8000000000000000L;
		return new UUID(most, least);
	}

}
