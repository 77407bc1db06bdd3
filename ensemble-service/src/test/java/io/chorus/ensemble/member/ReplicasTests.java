package io.chorus.ensemble.member;

import java.net.URI;
import java.time.Duration;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.atomic.AtomicLong;

import org.junit.jupiter.api.Test;

import io.chorus.ensemble.config.ChorusProperties;
import io.chorus.ensemble.config.LoadBalancer;

import static org.assertj.core.api.Assertions.assertThat;

class ReplicasTests {

	private static final ChorusProperties.OutlierEjection EJECTION = new ChorusProperties.OutlierEjection(true, 3, 50,
			10, Duration.ofSeconds(10), Duration.ofSeconds(30), Duration.ofSeconds(100), 50);

	private final AtomicLong now = new AtomicLong(1_000_000_000L);

	private final List<Duration> ejections = new ArrayList<>();

	private Replicas replicas(int count, LoadBalancer policy, ChorusProperties.OutlierEjection ejection) {
		List<URI> urls = new ArrayList<>();
		for (int i = 0; i < count; i++) {
			urls.add(URI.create("http://r" + i));
		}
		return new Replicas(urls, policy, ejection, Duration.ofMillis(500), this.now::get,
				(replica, duration) -> this.ejections.add(duration));
	}

	@Test
	void powerOfTwoChoicesPrefersTheFasterReplica() {
		Replicas replicas = replicas(2, LoadBalancer.P2C_EWMA, EJECTION);
		Replica fast = replicas.all().get(0);
		Replica slow = replicas.all().get(1);
		replicas.succeeded(fast, millis(10));
		replicas.succeeded(slow, millis(50));
		for (int i = 0; i < 100; i++) {
			assertThat(replicas.pick(null)).isSameAs(fast);
		}
	}

	@Test
	void callsInFlightWeighTheLatency() {
		Replicas replicas = replicas(2, LoadBalancer.P2C_EWMA, EJECTION);
		Replica fast = replicas.all().get(0);
		Replica slower = replicas.all().get(1);
		replicas.succeeded(fast, millis(10));
		replicas.succeeded(slower, millis(25));
		fast.started();
		fast.started();
		// 10ms × 3 in flight costs more than 25ms × 1.
		assertThat(replicas.pick(null)).isSameAs(slower);
	}

	@Test
	void aSlowSpellDecaysSoTheReplicaIsTriedAgain() {
		Replicas replicas = replicas(2, LoadBalancer.P2C_EWMA, EJECTION);
		Replica a = replicas.all().get(0);
		Replica b = replicas.all().get(1);
		replicas.succeeded(a, millis(500));
		replicas.succeeded(b, millis(20));
		assertThat(replicas.pick(null)).isSameAs(b);
		this.now.addAndGet(Duration.ofSeconds(60).toNanos());
		replicas.succeeded(b, millis(20));
		assertThat(a.cost(this.now.get())).isLessThan(b.cost(this.now.get()));
	}

	@Test
	void roundRobinStaysSelectable() {
		Replicas replicas = replicas(3, LoadBalancer.ROUND_ROBIN, EJECTION);
		replicas.succeeded(replicas.all().get(0), millis(1));
		replicas.succeeded(replicas.all().get(1), millis(500));
		Map<Integer, Integer> picks = new HashMap<>();
		for (int i = 0; i < 30; i++) {
			picks.merge(replicas.pick(null).index(), 1, Integer::sum);
		}
		assertThat(picks).containsEntry(0, 10).containsEntry(1, 10).containsEntry(2, 10);
	}

	@Test
	void aReplicaToAvoidIsChosenOnlyWhenNoOtherIsAvailable() {
		Replicas replicas = replicas(2, LoadBalancer.P2C_EWMA, EJECTION);
		Replica a = replicas.all().get(0);
		Replica b = replicas.all().get(1);
		for (int i = 0; i < 20; i++) {
			assertThat(replicas.pick(a)).isSameAs(b);
		}
		Replicas single = replicas(1, LoadBalancer.P2C_EWMA, EJECTION);
		assertThat(single.pick(single.all().get(0))).isSameAs(single.all().get(0));
	}

	@Test
	void consecutiveFailuresEjectForAGrowingTimeAndTheReplicaIsProbedBack() {
		Replicas replicas = replicas(2, LoadBalancer.P2C_EWMA, EJECTION);
		Replica bad = replicas.all().get(0);
		Replica good = replicas.all().get(1);
		replicas.failed(bad, millis(1));
		replicas.failed(bad, millis(1));
		assertThat(replicas.ejected(bad)).isFalse();
		replicas.failed(bad, millis(1));
		assertThat(replicas.ejected(bad)).isTrue();
		assertThat(this.ejections).containsExactly(Duration.ofSeconds(30));
		for (int i = 0; i < 20; i++) {
			assertThat(replicas.pick(null)).isSameAs(good);
		}
		// Back after 30s, on probation: its first fault ejects it again, for twice as long.
		this.now.addAndGet(Duration.ofSeconds(30).toNanos());
		assertThat(replicas.ejected(bad)).isFalse();
		replicas.failed(bad, millis(1));
		assertThat(this.ejections).containsExactly(Duration.ofSeconds(30), Duration.ofSeconds(60));
		this.now.addAndGet(Duration.ofSeconds(60).toNanos());
		// A success clears probation: one fault no longer ejects.
		replicas.succeeded(bad, millis(5));
		replicas.failed(bad, millis(1));
		assertThat(replicas.ejected(bad)).isFalse();
	}

	@Test
	void aFailureRateOverTheIntervalEjects() {
		Replicas replicas = replicas(2, LoadBalancer.P2C_EWMA, EJECTION);
		Replica flaky = replicas.all().get(0);
		for (int i = 0; i < 10; i++) {
			if (i % 2 == 0) {
				replicas.succeeded(flaky, millis(5));
			}
			else {
				replicas.failed(flaky, millis(5));
			}
		}
		assertThat(replicas.ejected(flaky)).isTrue();
	}

	@Test
	void neverEjectsMoreThanTheMaximumShareNorTheLastReplica() {
		Replicas replicas = replicas(4, LoadBalancer.P2C_EWMA, EJECTION);
		for (Replica replica : replicas.all()) {
			for (int i = 0; i < 5; i++) {
				replicas.failed(replica, millis(1));
			}
		}
		assertThat(replicas.all().stream().filter(replicas::ejected)).hasSize(2);
		Replicas pair = replicas(2, LoadBalancer.P2C_EWMA, new ChorusProperties.OutlierEjection(true, 1, 50, 10,
				Duration.ofSeconds(10), Duration.ofSeconds(30), Duration.ofSeconds(100), 100));
		pair.all().forEach((replica) -> pair.failed(replica, millis(1)));
		assertThat(pair.all().stream().filter(pair::ejected)).hasSize(1);
		Replicas one = replicas(1, LoadBalancer.P2C_EWMA, EJECTION);
		for (int i = 0; i < 10; i++) {
			one.failed(one.all().get(0), millis(1));
		}
		assertThat(one.ejected(one.all().get(0))).isFalse();
	}

	@Test
	void aFastFailureCostsAsMuchAsATimeout() {
		Replicas replicas = replicas(2, LoadBalancer.P2C_EWMA, EJECTION);
		Replica failing = replicas.all().get(0);
		Replica healthy = replicas.all().get(1);
		replicas.succeeded(healthy, millis(50));
		replicas.failed(failing, millis(1));
		assertThat(replicas.pick(null)).isSameAs(healthy);
	}

	private static long millis(long ms) {
		return Duration.ofMillis(ms).toNanos();
	}

}
