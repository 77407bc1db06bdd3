package io.chorus.ensemble.member;

import java.net.URI;
import java.time.Duration;
import java.util.List;

import io.github.resilience4j.bulkhead.Bulkhead;
import io.github.resilience4j.bulkhead.BulkheadConfig;
import io.github.resilience4j.circuitbreaker.CircuitBreaker;
import io.micrometer.core.instrument.simple.SimpleMeterRegistry;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import reactor.blockhound.BlockHound;
import reactor.core.publisher.Flux;
import reactor.core.scheduler.Schedulers;
import reactor.netty.http.client.HttpClient;
import reactor.netty.resources.ConnectionProvider;

import io.chorus.ensemble.config.ChorusProperties;
import io.chorus.ensemble.config.HedgeSpec;
import io.chorus.ensemble.config.LoadBalancer;
import io.chorus.ensemble.config.MemberProtocol;
import io.chorus.ensemble.config.MemberSpec;
import io.chorus.ensemble.deadline.DeadlineBudget;
import io.chorus.mock.MockServer;
import io.chorus.protocol.InferenceCodec;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * Replica choice over real HTTP against two mock replicas: peak EWMA steers calls away from a slow replica,
 * round-robin does not, and a failing replica is ejected after consecutive faults while the healthy one serves.
 */
class ReplicaChoiceIntegrationTests {

	static {
		// Before any Reactor scheduler exists (see MemberClientUrlTests).
		BlockHound.install();
	}

	private static final MockServer A = MockServer.startDemo();

	private static final MockServer B = MockServer.startDemo();

	private static final ConnectionProvider POOL = ConnectionProvider.create("replica-tests", 200);

	private static final String BODY = "{\"inputs\":[{\"name\":\"features\",\"shape\":[1,4],\"datatype\":\"FP32\","
			+ "\"data\":[5.1,3.5,1.4,0.2]}]}";

	private final SimpleMeterRegistry meters = new SimpleMeterRegistry();

	@BeforeEach
	void reset() {
		A.resetBehavior("iris-sepal");
		B.resetBehavior("iris-sepal");
		A.resetStats();
		B.resetStats();
	}

	@Test
	void peakEwmaSendsMostCallsToTheFasterReplica() {
		A.behavior("iris-sepal", "{\"latency\": {\"type\": \"fixed\", \"ms\": 100}}");
		MemberClient client = client(LoadBalancer.P2C_EWMA);
		calls(client, 60, 4);
		long slow = A.stats("iris-sepal").received();
		long fast = B.stats("iris-sepal").received();
		assertThat(slow + fast).isEqualTo(60);
		// Round-robin would send 30 to each; peak EWMA only probes the slow one.
		assertThat(slow).isLessThan(15);
	}

	@Test
	void roundRobinStillSplitsEvenly() {
		A.behavior("iris-sepal", "{\"latency\": {\"type\": \"fixed\", \"ms\": 30}}");
		calls(client(LoadBalancer.ROUND_ROBIN), 20, 1);
		assertThat(A.stats("iris-sepal").received()).isEqualTo(10);
		assertThat(B.stats("iris-sepal").received()).isEqualTo(10);
	}

	@Test
	void aFailingReplicaIsEjectedAfterConsecutiveFaultsAndTheHealthyOneServes() {
		A.behavior("iris-sepal", "{\"errorRate\": 1.0, \"errorStatus\": 500}");
		MemberClient client = client(LoadBalancer.ROUND_ROBIN);
		List<MemberOutcome> outcomes = calls(client, 40, 1);
		// Five consecutive faults eject A for 30s; after that every call goes to B.
		assertThat(A.stats("iris-sepal").received()).isEqualTo(5);
		assertThat(outcomes.stream().filter((outcome) -> outcome instanceof MemberOutcome.Success)).hasSize(35);
		assertThat(this.meters.get("chorus.replica.ejected").tag("replica", "0").gauge().value()).isEqualTo(1);
		assertThat(this.meters.get("chorus.replica.ejected").tag("replica", "1").gauge().value()).isZero();
		assertThat(this.meters.get("chorus.replica.ejections").tag("replica", "0").counter().count()).isEqualTo(1);
	}

	@Test
	void aRefusedInputNeverEjectsAReplica() {
		MemberClient client = client(LoadBalancer.ROUND_ROBIN);
		String bad = "{\"inputs\":[{\"name\":\"features\",\"shape\":[1,3],\"datatype\":\"FP32\",\"data\":[1,2,3]}]}";
		for (int i = 0; i < 20; i++) {
			MemberOutcome outcome = client
				.call(new MemberRequest(InferenceCodec.readRequest(bad.getBytes())),
						new CallContext(DeadlineBudget.start(Duration.ofSeconds(5)), null, null))
				.block(Duration.ofSeconds(10));
			assertThat(outcome).isInstanceOf(MemberOutcome.RefusedInput.class);
		}
		assertThat(A.stats("iris-sepal").received()).isEqualTo(10);
		assertThat(this.meters.get("chorus.replica.ejected").tag("replica", "0").gauge().value()).isZero();
	}

	private List<MemberOutcome> calls(MemberClient client, int count, int concurrency) {
		return Flux.range(0, count)
			.flatMap((i) -> client.call(new MemberRequest(InferenceCodec.readRequest(BODY.getBytes())),
					new CallContext(DeadlineBudget.start(Duration.ofSeconds(5)), null, null)), concurrency)
			.doOnNext((outcome) -> {
				if (outcome instanceof MemberOutcome.Success success) {
					success.verdict().accept();
				}
			})
			.collectList()
			.block(Duration.ofSeconds(30));
	}

	private MemberClient client(LoadBalancer policy) {
		MemberSpec spec = new MemberSpec("m", 0, MemberProtocol.V2, "iris-sepal",
				List.of(URI.create(A.baseUrl()), URI.create(B.baseUrl())), 1, Duration.ofSeconds(2), 100,
				"probabilities", new ChorusProperties.CircuitBreaker(50, 1000, 1000, Duration.ofSeconds(10), 3),
				new ChorusProperties.Retry(0, Duration.ofMillis(10), Duration.ofMillis(100), 0.5, 0.1, 10,
						Duration.ofSeconds(10)),
				HedgeSpec.OFF, policy, new ChorusProperties.OutlierEjection(true, 5, 50, 1000, Duration.ofSeconds(10),
						Duration.ofSeconds(30), Duration.ofSeconds(300), 50));
		return new MemberClient(spec, HttpClient.create(POOL), CircuitBreaker.ofDefaults("r"),
				Bulkhead.of("b", BulkheadConfig.custom().maxConcurrentCalls(100).build()),
				new MemberLimits(1 << 20, Duration.ofMillis(5)), this.meters, "test", Schedulers.parallel());
	}

}
