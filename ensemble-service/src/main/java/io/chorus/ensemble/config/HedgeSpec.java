package io.chorus.ensemble.config;

import java.time.Duration;

/**
 * A member's validated hedging policy.
 *
 * @param percentile the latency percentile the delay follows (95 for {@code p95}), or 0 for a fixed delay
 * @param fixedDelay the fixed delay, or {@code null} when the delay is adaptive or hedging is off
 * @param maxExtraLoad hedges allowed per call within the window, as a fraction
 * @param minDelay the adaptive delay's floor
 * @param maxDelay the adaptive delay's ceiling
 * @param window the sliding window of the percentile and the budget
 */
public record HedgeSpec(double percentile, Duration fixedDelay, double maxExtraLoad, Duration minDelay,
		Duration maxDelay, Duration window) {

	/** No hedging. */
	public static final HedgeSpec OFF = new HedgeSpec(0, null, 0, Duration.ofMillis(2), Duration.ofSeconds(1),
			Duration.ofSeconds(10));

	/**
	 * Whether the member is hedged.
	 * @return true when a delay is configured
	 */
	public boolean enabled() {
		return this.percentile > 0 || this.fixedDelay != null;
	}

}
