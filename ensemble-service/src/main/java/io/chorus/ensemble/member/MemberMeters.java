package io.chorus.ensemble.member;

import java.time.Duration;

import io.micrometer.core.instrument.Counter;
import io.micrometer.core.instrument.Gauge;
import io.micrometer.core.instrument.MeterRegistry;
import io.micrometer.core.instrument.Tags;

/**
 * One member's hedge and replica meters. Tags are the ensemble, the member and the replica's position in the
 * configuration (never its URL), so cardinality is bounded by the configuration.
 */
final class MemberMeters implements Replicas.ReplicaListener {

	private final MeterRegistry registry;

	private final Tags tags;

	private final Counter hedgesSent;

	private final Counter hedgesWon;

	MemberMeters(MeterRegistry registry, String ensemble, String member) {
		this.registry = registry;
		this.tags = Tags.of("ensemble", ensemble, "member", member);
		this.hedgesSent = Counter.builder("chorus.member.hedges.sent")
			.description("Hedged attempts sent because the first attempt was slow")
			.tags(this.tags)
			.register(registry);
		this.hedgesWon = Counter.builder("chorus.member.hedges.won")
			.description("Calls whose answer came from the hedged attempt")
			.tags(this.tags)
			.register(registry);
	}

	void hedgeSent() {
		this.hedgesSent.increment();
	}

	void hedgeWon() {
		this.hedgesWon.increment();
	}

	/**
	 * Publishes the hedge budget's spend.
	 * @param budget the member's hedge budget
	 */
	void extraLoad(RetryBudget budget) {
		Gauge.builder("chorus.member.hedges.extra_load", budget, RetryBudget::spentRatio)
			.description("Hedged attempts per call over the hedge budget's window")
			.tags(this.tags)
			.register(this.registry);
	}

	/**
	 * Publishes one replica's state.
	 * @param replicas the member's replicas
	 * @param replica the replica
	 */
	void replica(Replicas replicas, Replica replica) {
		Tags replicaTags = this.tags.and("replica", Integer.toString(replica.index()));
		Gauge.builder("chorus.replica.in_flight", replica, Replica::inFlight)
			.description("Attempts in flight to one replica")
			.tags(replicaTags)
			.register(this.registry);
		Gauge.builder("chorus.replica.latency.ewma", replica, (r) -> r.ewmaNanos() / 1e6)
			.description("A replica's peak-EWMA answer latency, in milliseconds")
			.baseUnit("milliseconds")
			.tags(replicaTags)
			.register(this.registry);
		Gauge.builder("chorus.replica.ejected", replica, (r) -> replicas.ejected(r) ? 1 : 0)
			.description("1 while the replica is ejected as an outlier")
			.tags(replicaTags)
			.register(this.registry);
	}

	@Override
	public void ejected(Replica replica, Duration duration) {
		Counter.builder("chorus.replica.ejections")
			.description("Times a replica was ejected as an outlier")
			.tags(this.tags.and("replica", Integer.toString(replica.index())))
			.register(this.registry)
			.increment();
	}

}
