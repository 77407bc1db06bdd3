package io.chorus.ensemble.member;

import java.time.Duration;
import java.util.function.LongSupplier;

/**
 * Caps retries at a fraction of a member's recent calls, so retries cannot multiply the load on a struggling
 * member: within any sliding window, retries may be at most {@code minRetries + ratio × calls}. Like
 * Finagle's and Envoy's retry budgets, deposits expire: calls made before the window no longer pay for
 * retries, so a long healthy spell cannot bank retries for a later outage, and the floor of
 * {@code minRetries} refills with every window so low traffic can still retry.
 *
 * <p>The window is ten buckets; a bucket whose time has passed is reused. Calls and withdrawals take one
 * uncontended-in-practice monitor per member, cheaper than the HTTP call they guard.
 */
final class RetryBudget {

	private static final int BUCKETS = 10;

	private final double ratio;

	private final int minRetries;

	private final long bucketNanos;

	private final LongSupplier clock;

	private final long[] epochs = new long[BUCKETS];

	private final long[] calls = new long[BUCKETS];

	private final long[] retries = new long[BUCKETS];

	RetryBudget(double ratio, int minRetries, Duration window) {
		this(ratio, minRetries, window, System::nanoTime);
	}

	RetryBudget(double ratio, int minRetries, Duration window, LongSupplier clock) {
		this.ratio = ratio;
		this.minRetries = minRetries;
		this.bucketNanos = Math.max(1, window.toNanos() / BUCKETS);
		this.clock = clock;
		java.util.Arrays.fill(this.epochs, Long.MIN_VALUE);
	}

	/** Counts one call (not a retry). */
	synchronized void deposit() {
		this.calls[bucket(epoch())]++;
	}

	/**
	 * Takes one retry from the budget if the window allows it.
	 * @return true when the retry may go ahead
	 */
	synchronized boolean tryWithdraw() {
		long now = epoch();
		long[] window = window(now);
		if (window[1] >= this.minRetries + (long) Math.floor(this.ratio * window[0] + 1e-9)) {
			return false;
		}
		this.retries[bucket(now)]++;
		return true;
	}

	/**
	 * Withdrawals per call within the window, for the extra-load gauge.
	 * @return the ratio, 0 without calls
	 */
	synchronized double spentRatio() {
		long[] window = window(epoch());
		return (window[0] == 0) ? 0 : (double) window[1] / window[0];
	}

	/** The calls and withdrawals of the buckets still inside the window ending at {@code now}. */
	private long[] window(long now) {
		long[] sums = new long[2];
		for (int i = 0; i < BUCKETS; i++) {
			if (this.epochs[i] > now - BUCKETS) {
				sums[0] += this.calls[i];
				sums[1] += this.retries[i];
			}
		}
		return sums;
	}

	private long epoch() {
		return Math.floorDiv(this.clock.getAsLong(), this.bucketNanos);
	}

	/** The bucket of an epoch, emptied first when it last held an older epoch. */
	private int bucket(long epoch) {
		int i = (int) Math.floorMod(epoch, (long) BUCKETS);
		if (this.epochs[i] != epoch) {
			this.epochs[i] = epoch;
			this.calls[i] = 0;
			this.retries[i] = 0;
		}
		return i;
	}

}
