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
import static org.awaitility.Awaitility.await;

/**
 * Hedged member calls over real HTTP against mock members: the loser's exchange is aborted (the mock counts
 * it cancelled), its breaker permit is released unrecorded, the budget caps hedges, and no hedge is sent when
 * the deadline cannot fit it.
 */
class HedgingIntegrationTests {

	static {
		// Before any Reactor scheduler exists (see MemberClientUrlTests).
		BlockHound.install();
	}

	private static final MockServer SLOW = MockServer.startDemo();

	private static final MockServer FAST = MockServer.startDemo();

	private static final ConnectionProvider POOL = ConnectionProvider.create("hedging-tests", 500);

	private static final String BODY = "{\"inputs\":[{\"name\":\"features\",\"shape\":[1,4],\"datatype\":\"FP32\","
			+ "\"data\":[5.1,3.5,1.4,0.2]}]}";

	private final SimpleMeterRegistry meters = new SimpleMeterRegistry();

	@BeforeEach
	void reset() {
		SLOW.behavior("iris-sepal", "{\"latency\": {\"type\": \"fixed\", \"ms\": 2000}}");
		FAST.resetBehavior("iris-sepal");
		SLOW.resetStats();
		FAST.resetStats();
	}

	@Test
	void aSlowReplicaIsHedgedToAnotherTheHedgeWinsAndTheMockSeesTheLoserCancelled() {
		CircuitBreaker breaker = CircuitBreaker.ofDefaults("hedged");
		MemberClient client = client(spec(List.of(SLOW, FAST), fixed(50, 1.0)), breaker);
		MemberOutcome outcome = call(client, Duration.ofSeconds(5));
		assertThat(outcome).isInstanceOfSatisfying(MemberOutcome.Success.class, (success) -> {
			assertThat(success.hedged()).isTrue();
			assertThat(success.attempts()).isEqualTo(2);
			assertThat(success.latency()).isLessThan(Duration.ofMillis(1500));
			// The loser's permit was released, unrecorded; the winner's waits for the fan-out's verdict.
			assertThat(breaker.getMetrics().getNumberOfBufferedCalls()).isZero();
			success.verdict().accept();
		});
		assertThat(breaker.getMetrics().getNumberOfSuccessfulCalls()).isEqualTo(1);
		assertThat(breaker.getMetrics().getNumberOfFailedCalls()).isZero();
		await().atMost(Duration.ofSeconds(5)).untilAsserted(() -> {
			assertThat(SLOW.stats("iris-sepal").cancelled()).isEqualTo(1);
			assertThat(SLOW.stats("iris-sepal").inFlight()).isZero();
		});
		assertThat(FAST.stats("iris-sepal").completed()).isEqualTo(1);
		assertThat(this.meters.counter("chorus.member.hedges.sent", "ensemble", "test", "member", "m").count())
			.isEqualTo(1);
		assertThat(this.meters.counter("chorus.member.hedges.won", "ensemble", "test", "member", "m").count())
			.isEqualTo(1);
	}

	@Test
	void aFastFirstAttemptIsNotHedged() {
		MemberClient client = client(spec(List.of(FAST, SLOW), fixed(1500, 1.0)), CircuitBreaker.ofDefaults("fast"));
		// A warm-up call without hedging keeps a cold start (class loading, a new connection) out of the test.
		call(client(spec(List.of(FAST), HedgeSpec.OFF), CircuitBreaker.ofDefaults("warm-up")), Duration.ofSeconds(5));
		// Round-robin: the first call goes to FAST.
		MemberOutcome outcome = call(client, Duration.ofSeconds(5));
		assertThat(outcome).isInstanceOfSatisfying(MemberOutcome.Success.class,
				(success) -> assertThat(success.hedged()).isFalse());
		assertThat(SLOW.stats("iris-sepal").received()).isZero();
	}

	@Test
	void hedgesNeverExceedTheBudgetsShareOfCalls() {
		SLOW.behavior("iris-sepal", "{\"latency\": {\"type\": \"fixed\", \"ms\": 300}}");
		MemberClient client = client(spec(List.of(SLOW), fixed(30, 0.10)), CircuitBreaker.ofDefaults("budget"));
		List<MemberOutcome> outcomes = Flux.range(0, 40)
			.flatMap((i) -> client.call(request(), context(Duration.ofSeconds(5))), 40)
			.collectList()
			.block(Duration.ofSeconds(20));
		assertThat(outcomes).hasSize(40).allSatisfy((outcome) -> assertThat(outcome).isInstanceOf(MemberOutcome.Success.class));
		double sent = this.meters.counter("chorus.member.hedges.sent", "ensemble", "test", "member", "m").count();
		assertThat(sent).isEqualTo(4);
		await().atMost(Duration.ofSeconds(5))
			.untilAsserted(() -> assertThat(SLOW.stats("iris-sepal").received()).isEqualTo(44));
		// With one replica the hedge goes to the same one. Whether the loser is seen cancelled or completed
		// depends on whether the mock had finished writing it; every exchange ends one way or the other.
		await().atMost(Duration.ofSeconds(5)).untilAsserted(() -> assertThat(
				SLOW.stats("iris-sepal").completed() + SLOW.stats("iris-sepal").cancelled()).isEqualTo(44));
	}

	@Test
	void noHedgeWhenTheDeadlineCannotFitIt() {
		SLOW.behavior("iris-sepal", "{\"latency\": {\"type\": \"fixed\", \"ms\": 150}}");
		MemberClient client = client(spec(List.of(SLOW, FAST), fixed(100, 1.0)), CircuitBreaker.ofDefaults("tight"));
		// 102ms left: the 100ms delay plus the 5ms minimum attempt time does not fit.
		MemberOutcome outcome = call(client, Duration.ofMillis(102));
		assertThat(outcome).isInstanceOf(MemberOutcome.DeadlineExceeded.class);
		assertThat(FAST.stats("iris-sepal").received()).isZero();
		assertThat(this.meters.counter("chorus.member.hedges.sent", "ensemble", "test", "member", "m").count())
			.isZero();
	}

	private MemberOutcome call(MemberClient client, Duration deadline) {
		return client.call(request(), context(deadline)).block(Duration.ofSeconds(10));
	}

	private static MemberRequest request() {
		return new MemberRequest(InferenceCodec.readRequest(BODY.getBytes()));
	}

	private static CallContext context(Duration deadline) {
		return new CallContext(DeadlineBudget.start(deadline), null, null);
	}

	private static HedgeSpec fixed(long delayMillis, double maxExtraLoad) {
		return new HedgeSpec(0, Duration.ofMillis(delayMillis), maxExtraLoad, Duration.ofMillis(2),
				Duration.ofSeconds(1), Duration.ofSeconds(10));
	}

	private static MemberSpec spec(List<MockServer> replicas, HedgeSpec hedge) {
		return new MemberSpec("m", 0, MemberProtocol.V2, "iris-sepal",
				replicas.stream().map((server) -> URI.create(server.baseUrl())).toList(), 1, Duration.ofSeconds(4), 100,
				"probabilities", new ChorusProperties.CircuitBreaker(50, 100, 100, Duration.ofSeconds(10), 3),
				new ChorusProperties.Retry(0, Duration.ofMillis(10), Duration.ofMillis(100), 0.5, 0.1, 10,
						Duration.ofSeconds(10)),
				hedge, LoadBalancer.ROUND_ROBIN, new ChorusProperties.OutlierEjection(true, 5, 50, 10,
						Duration.ofSeconds(10), Duration.ofSeconds(30), Duration.ofSeconds(300), 50));
	}

	private MemberClient client(MemberSpec spec, CircuitBreaker breaker) {
		return new MemberClient(spec, HttpClient.create(POOL), breaker,
				Bulkhead.of("b", BulkheadConfig.custom().maxConcurrentCalls(100).build()),
				new MemberLimits(1 << 20, Duration.ofMillis(5)), this.meters, "test", Schedulers.parallel());
	}

}
