package io.chorus.gateway.metrics;

import java.util.Map;

import org.springframework.http.server.reactive.observation.ServerRequestObservationContext;
import org.springframework.web.server.ServerWebExchange;

/**
 * Where the outcome of a public request is kept once it is known (when its response is done, or the client went
 * away): on the request's server observation, so the access log reports the same outcome as
 * {@code chorus.gateway.requests} and never derives its own; and how a request is left out of that meter.
 */
public final class Outcomes {

	/** The key of the outcome tag, such as {@code success} or {@code cancelled}, in the observation's context. */
	static final String KEY = Outcomes.class.getName() + ".outcome";

	private static final String EXCLUDED = Outcomes.class.getName() + ".excluded";

	private Outcomes() {
	}

	/**
	 * Returns the outcome tag of an exchange.
	 * @param exchange the exchange
	 * @return the tag, or {@code null} before the outcome is known
	 */
	public static String of(ServerWebExchange exchange) {
		Object context = exchange.getAttributes().get(ServerRequestObservationContext.CURRENT_OBSERVATION_CONTEXT_ATTRIBUTE);
		return (context instanceof ServerRequestObservationContext observation) ? observation.get(KEY) : null;
	}

	/**
	 * Leaves a request out of {@code chorus.gateway.requests}: for the gateway's own warm-up requests, which are
	 * no client's. Its trace span is kept.
	 * @param exchange the exchange
	 */
	public static void exclude(ServerWebExchange exchange) {
		exchange.getAttributes().put(EXCLUDED, Boolean.TRUE);
	}

	static boolean isExcluded(Map<String, Object> attributes) {
		return attributes.containsKey(EXCLUDED);
	}

}
