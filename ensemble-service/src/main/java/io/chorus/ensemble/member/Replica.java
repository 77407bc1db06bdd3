package io.chorus.ensemble.member;

import java.net.URI;
import java.util.concurrent.atomic.AtomicInteger;

/**
 * One replica of a member: its calls in flight, its peak-EWMA latency (Finagle's and Linkerd's "peak EWMA":
 * a slower answer is taken at once, a faster one only decays the average, over {@code decayNanos}), and its
 * ejection state, which {@link Replicas} drives.
 */
final class Replica {

	private final int index;

	private final URI url;

	private final long decayNanos;

	private final long penaltyNanos;

	private final AtomicInteger inFlight = new AtomicInteger();

	// Guarded by this.
	private double ewmaNanos;

	private long stamp;

	// Ejection state, guarded by the owning Replicas.
	int consecutiveFailures;

	long windowStart;

	int windowCalls;

	int windowFailures;

	volatile long ejectedUntil = Long.MIN_VALUE;

	int ejections;

	boolean probation;

	Replica(int index, URI url, long decayNanos, long penaltyNanos, long now) {
		this.index = index;
		this.url = url;
		this.decayNanos = decayNanos;
		this.penaltyNanos = penaltyNanos;
		this.stamp = now;
		this.windowStart = now;
	}

	int index() {
		return this.index;
	}

	URI url() {
		return this.url;
	}

	int inFlight() {
		return this.inFlight.get();
	}

	void started() {
		this.inFlight.incrementAndGet();
	}

	void ended() {
		this.inFlight.decrementAndGet();
	}

	/**
	 * Folds one observed latency into the peak EWMA.
	 * @param rttNanos the latency (a failure is observed as the member's timeout)
	 * @param now the clock
	 */
	synchronized void observe(long rttNanos, long now) {
		decayTo(rttNanos, now);
	}

	/**
	 * The load-balancing cost: the EWMA, decayed to now, times the calls in flight plus one; a replica with no
	 * latency yet but calls in flight costs the penalty, so unknown replicas are not piled onto.
	 * @param now the clock
	 * @return the cost
	 */
	synchronized double cost(long now) {
		decayTo(0, now);
		int pending = this.inFlight.get();
		if (this.ewmaNanos == 0 && pending != 0) {
			return this.penaltyNanos + pending;
		}
		return this.ewmaNanos * (pending + 1);
	}

	/**
	 * The latency average as last updated.
	 * @return nanoseconds
	 */
	synchronized double ewmaNanos() {
		return this.ewmaNanos;
	}

	private void decayTo(double rtt, long now) {
		long elapsed = Math.max(0, now - this.stamp);
		this.stamp = Math.max(this.stamp, now);
		if (rtt > this.ewmaNanos) {
			this.ewmaNanos = rtt;
		}
		else {
			double w = Math.exp(-(double) elapsed / this.decayNanos);
			this.ewmaNanos = this.ewmaNanos * w + rtt * (1 - w);
		}
	}

}
