package io.chorus.ensemble.member;

import java.time.Duration;
import java.util.concurrent.ThreadLocalRandom;

/**
 * Jittered exponential backoff: before retry {@code n} (from 0) wait {@code min(first · 2ⁿ, max)}, moved by
 * up to {@code jitter} of itself either way and kept within {@code [0, max]}. Computed before the retry is
 * decided, so the deadline check sees the delay that will really be waited.
 *
 * @param first the first backoff
 * @param max the largest backoff
 * @param jitter the jitter factor, between 0 and 1
 */
record Backoff(Duration first, Duration max, double jitter) {

	/**
	 * The delay before a retry.
	 * @param retry the retry's index, 0 for the first retry
	 * @return the delay to wait
	 */
	Duration delay(long retry) {
		return delay(retry, ThreadLocalRandom.current().nextDouble(-1.0, 1.0));
	}

	/**
	 * The delay before a retry for a given random draw.
	 * @param retry the retry's index, 0 for the first retry
	 * @param draw a number in [-1, 1) that picks the jitter
	 * @return the delay to wait
	 */
	Duration delay(long retry, double draw) {
		long maxNanos = this.max.toNanos();
		long base = this.first.toNanos();
		for (long i = 0; i < retry && base < maxNanos; i++) {
			base = (base > maxNanos / 2) ? maxNanos : base * 2;
		}
		base = Math.min(base, maxNanos);
		long jittered = base + Math.round(base * this.jitter * draw);
		return Duration.ofNanos(Math.max(0, Math.min(maxNanos, jittered)));
	}

}
