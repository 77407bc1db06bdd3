package io.chorus.ensemble.member;

import java.net.URI;
import java.time.Duration;
import java.util.List;
import java.util.concurrent.ThreadLocalRandom;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.function.LongSupplier;

import io.chorus.ensemble.config.ChorusProperties;
import io.chorus.ensemble.config.LoadBalancer;

/**
 * A member's replicas: chooses one per attempt (power of two choices over peak-EWMA cost, or round-robin) among
 * those not ejected, and ejects outliers Envoy's way: {@code consecutive-failures} member faults in a row, or a
 * failure rate over {@code interval}, eject a replica for {@code base-ejection-time} × the ejections in a row
 * (at most {@code max-ejection-time}), never more than {@code max-ejection-percent} of the replicas and never
 * the last one. A replica whose ejection ended is on probation: its first fault ejects it again at once, its
 * first success clears it. Only member faults count; deadlines, refused input and cancellations are neutral.
 */
final class Replicas {

	/** Finagle's default decay time for peak EWMA. */
	static final Duration DECAY = Duration.ofSeconds(10);

	private final Replica[] all;

	private final LoadBalancer policy;

	private final ChorusProperties.OutlierEjection ejection;

	private final long failureNanos;

	private final LongSupplier clock;

	private final AtomicInteger next = new AtomicInteger();

	private final ReplicaListener listener;

	/** What the metrics want to hear about. */
	interface ReplicaListener {

		/** A replica was ejected. */
		void ejected(Replica replica, Duration duration);

		/** Does nothing. */
		ReplicaListener NONE = (replica, duration) -> {
		};

	}

	Replicas(List<URI> urls, LoadBalancer policy, ChorusProperties.OutlierEjection ejection, Duration timeout,
			LongSupplier clock, ReplicaListener listener) {
		this.policy = policy;
		this.ejection = ejection;
		this.failureNanos = timeout.toNanos();
		this.clock = clock;
		this.listener = listener;
		long now = clock.getAsLong();
		this.all = new Replica[urls.size()];
		for (int i = 0; i < this.all.length; i++) {
			this.all[i] = new Replica(i, urls.get(i), DECAY.toNanos(), timeout.toNanos(), now);
		}
	}

	List<Replica> all() {
		return List.of(this.all);
	}

	long now() {
		return this.clock.getAsLong();
	}

	/**
	 * Chooses the replica for the next attempt.
	 * @param avoid the replica the call is already using or just failed on, or {@code null}; chosen only when
	 * no other replica is available
	 * @return the replica
	 */
	Replica pick(Replica avoid) {
		if (this.all.length == 1) {
			return this.all[0];
		}
		long now = this.clock.getAsLong();
		int available = 0;
		for (Replica replica : this.all) {
			if (eligible(replica, avoid, now)) {
				available++;
			}
		}
		if (available == 0) {
			// Every other replica is ejected: the one to avoid, if any, else ignore ejection.
			if (avoid != null && avoid.ejectedUntil <= now) {
				return avoid;
			}
			return this.all[Math.floorMod(this.next.getAndIncrement(), this.all.length)];
		}
		if (this.policy == LoadBalancer.ROUND_ROBIN || available == 1) {
			int start = Math.floorMod(this.next.getAndIncrement(), this.all.length);
			for (int i = 0; i < this.all.length; i++) {
				Replica replica = this.all[(start + i) % this.all.length];
				if (eligible(replica, avoid, now)) {
					return replica;
				}
			}
		}
		ThreadLocalRandom random = ThreadLocalRandom.current();
		int a = random.nextInt(available);
		int b = random.nextInt(available - 1);
		if (b >= a) {
			b++;
		}
		Replica first = nth(a, avoid, now);
		Replica second = nth(b, avoid, now);
		return (second.cost(now) < first.cost(now)) ? second : first;
	}

	private Replica nth(int n, Replica avoid, long now) {
		int seen = 0;
		for (Replica replica : this.all) {
			if (eligible(replica, avoid, now) && seen++ == n) {
				return replica;
			}
		}
		throw new IllegalStateException("replica " + n + " not found");
	}

	private static boolean eligible(Replica replica, Replica avoid, long now) {
		return replica != avoid && replica.ejectedUntil <= now;
	}

	/**
	 * An attempt on a replica answered.
	 * @param replica the replica
	 * @param nanos its latency
	 */
	void succeeded(Replica replica, long nanos) {
		long now = this.clock.getAsLong();
		replica.observe(nanos, now);
		synchronized (this) {
			count(replica, now, false);
			replica.consecutiveFailures = 0;
			replica.probation = false;
		}
	}

	/**
	 * An attempt on a replica failed by the member's fault; it is observed as taking the member's timeout, so
	 * fast failures do not attract traffic.
	 * @param replica the replica
	 * @param nanos its latency
	 */
	void failed(Replica replica, long nanos) {
		long now = this.clock.getAsLong();
		replica.observe(Math.max(nanos, this.failureNanos), now);
		if (!this.ejection.enabled() || this.all.length < 2) {
			return;
		}
		Duration ejected = null;
		synchronized (this) {
			count(replica, now, true);
			replica.consecutiveFailures++;
			boolean rate = replica.windowCalls >= this.ejection.failureRateMinimumCalls()
					&& replica.windowFailures * 100L >= (long) this.ejection.failureRateThreshold() * replica.windowCalls;
			if ((replica.probation || rate || replica.consecutiveFailures >= this.ejection.consecutiveFailures())
					&& replica.ejectedUntil <= now && ejectedCount(now) < maxEjected()) {
				ejected = eject(replica, now);
			}
		}
		if (ejected != null) {
			this.listener.ejected(replica, ejected);
		}
	}

	private Duration eject(Replica replica, long now) {
		long base = this.ejection.baseEjectionTime().toNanos();
		long max = this.ejection.maxEjectionTime().toNanos();
		// A replica healthy for a whole max-ejection-time since it came back starts again from one ejection.
		if (replica.ejections > 0 && now - replica.ejectedUntil >= max) {
			replica.ejections = 0;
		}
		replica.ejections++;
		long nanos = Math.min(max, base * replica.ejections);
		replica.ejectedUntil = now + nanos;
		replica.probation = true;
		replica.consecutiveFailures = 0;
		replica.windowStart = now;
		replica.windowCalls = 0;
		replica.windowFailures = 0;
		return Duration.ofNanos(nanos);
	}

	private void count(Replica replica, long now, boolean failure) {
		if (now - replica.windowStart >= this.ejection.interval().toNanos()) {
			replica.windowStart = now;
			replica.windowCalls = 0;
			replica.windowFailures = 0;
		}
		replica.windowCalls++;
		if (failure) {
			replica.windowFailures++;
		}
	}

	private int ejectedCount(long now) {
		int count = 0;
		for (Replica replica : this.all) {
			if (replica.ejectedUntil > now) {
				count++;
			}
		}
		return count;
	}

	private int maxEjected() {
		int share = (int) Math.floor(this.all.length * this.ejection.maxEjectionPercent() / 100.0);
		return Math.min(this.all.length - 1, Math.max(1, share));
	}

	/**
	 * Whether a replica is ejected now.
	 * @param replica the replica
	 * @return true while ejected
	 */
	synchronized boolean ejected(Replica replica) {
		return replica.ejectedUntil > this.clock.getAsLong();
	}

}
