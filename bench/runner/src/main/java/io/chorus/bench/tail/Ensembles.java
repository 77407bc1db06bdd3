package io.chorus.bench.tail;

/**
 * The ensemble-service configurations of the tail scenarios, as YAML.
 */
final class Ensembles {

	/** The mock behaviour of the tail scenario: lognormal around 20ms, 1% of calls 10× slower. */
	static final String TAIL_LATENCY = "{\"latency\": {\"type\": \"lognormal\", \"medianMs\": 20, \"sigma\": 0.25,"
			+ " \"spike\": {\"rate\": 0.01, \"factor\": 10}}}";

	/** A healthy member of the replica scenario: lognormal around 20ms, no spikes. */
	static final String HEALTHY = "{\"latency\": {\"type\": \"lognormal\", \"medianMs\": 20, \"sigma\": 0.25}}";

	/** The sick replica of the replica scenario: five times slower. */
	static final String FIVE_TIMES_SLOWER = "{\"latency\": {\"type\": \"lognormal\", \"medianMs\": 100, \"sigma\": 0.25}}";

	private static final String HEDGE = ", hedge: { delay: p95, max-extra-load: 5% }";

	private Ensembles() {
	}

	/** Every ensemble of the tail and replica scenarios, in one service. */
	static String tailAndReplica() {
		StringBuilder yml = new StringBuilder("chorus:\n  ensembles:\n");
		ensemble(yml, "q3", 5, "3", "quorum-grace", "");
		ensemble(yml, "q3-hedged", 5, "3", "quorum-grace", HEDGE);
		ensemble(yml, "all-hedged", 5, "all", "all", HEDGE);
		ensemble(yml, "one", 1, "1", "all", "");
		ensemble(yml, "one-hedged", 1, "1", "all", HEDGE);
		ensemble(yml, "replica-p2c", 1, "1", "all", ", load-balancer: p2c-ewma");
		ensemble(yml, "replica-rr", 1, "1", "all", ", load-balancer: round-robin");
		return yml.toString();
	}

	/** The overload scenario's ensemble, with or without the ingress limit. */
	static String overload(boolean limited) {
		StringBuilder yml = new StringBuilder("chorus:\n  admission:\n    enabled: " + limited + "\n  ensembles:\n");
		ensemble(yml, "overload", 3, "all", "all", "");
		return yml.toString();
	}

	private static void ensemble(StringBuilder yml, String name, int members, String quorum, String policy,
			String extra) {
		yml.append("    ").append(name).append(":\n");
		yml.append("      deadline: 1s\n      quorum: ").append(quorum).append("\n      wait-policy: ").append(policy)
			.append("\n      grace: 10ms\n      strategy: mean\n      outputs: [probabilities]\n      members:\n");
		for (int i = 0; i < members; i++) {
			// The replica scenario's member is m4, which the tail scenario's one-member ensembles do not use.
			int model = name.startsWith("replica") ? 4 : i;
			yml.append("        - { name: m").append(model).append(", model: m").append(model).append(", replicas: [")
				.append(Stack.A).append(", ").append(Stack.B).append("], timeout: 500ms, max-concurrent-calls: 20000")
				// Lenient breakers: this benchmark measures latency, and a breaker opened by timeouts during the
				// JVM's warm-up would short-circuit the whole measurement.
				.append(", circuit-breaker: { minimum-number-of-calls: 100000, sliding-window-size: 100000 }")
				.append(extra).append(" }\n");
		}
	}

}
