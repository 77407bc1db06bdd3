package io.chorus.ensemble.config;

/**
 * How a member's replica is chosen for each attempt.
 */
public enum LoadBalancer {

	/** Power of two choices over each replica's peak-EWMA latency weighted by its calls in flight. */
	P2C_EWMA,

	/** Each replica in turn. */
	ROUND_ROBIN

}
