package io.chorus.ensemble.member;

import java.net.URI;
import java.time.Duration;
import java.util.List;
import java.util.concurrent.atomic.AtomicLong;

import io.github.resilience4j.bulkhead.BulkheadRegistry;
import io.github.resilience4j.circuitbreaker.CircuitBreaker;
import io.github.resilience4j.circuitbreaker.CircuitBreakerRegistry;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import reactor.blockhound.BlockHound;
import reactor.core.Disposable;
import reactor.core.publisher.Flux;
import reactor.core.publisher.Mono;
import reactor.netty.DisposableServer;
import reactor.netty.http.HttpProtocol;
import reactor.netty.http.server.HttpServer;

import io.chorus.ensemble.config.ChorusProperties;
import io.chorus.ensemble.config.EnsembleSpec;
import io.chorus.ensemble.config.HedgeSpec;
import io.chorus.ensemble.config.LoadBalancer;
import io.chorus.ensemble.config.MemberProtocol;
import io.chorus.ensemble.config.MemberSpec;
import io.chorus.ensemble.config.WaitPolicy;
import io.chorus.ensemble.deadline.DeadlineBudget;
import io.chorus.mock.MockServer;
import io.chorus.protocol.InferenceCodec;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

/**
 * Members with {@code http2: true}, over real HTTP/2 cleartext against mock members (which serve h2c and
 * HTTP/1.1 on one port), with the pools {@link MemberClients} builds: calls share one connection, a cancelled or
 * hedged attempt resets its stream and leaves the other calls on the connection alone, the warm-up opens the
 * connection, and a member that only speaks HTTP/1.1 fails fast as the member's fault.
 */
class Http2MemberIntegrationTests {

	static {
		// Before any Reactor scheduler exists (see MemberClientUrlTests).
		BlockHound.install();
	}

	private static MockServer MOCK;

	private static final String BODY = "{\"inputs\":[{\"name\":\"features\",\"shape\":[1,4],\"datatype\":\"FP32\","
			+ "\"data\":[5.1,3.5,1.4,0.2]}]}";

	private final CircuitBreakerRegistry breakers = CircuitBreakerRegistry.ofDefaults();

	private MemberClients clients;

	private long connectionsBefore;

	@BeforeAll
	static void start() {
		MOCK = MockServer.startDemo();
	}

	@BeforeEach
	void reset() {
		MOCK.resetBehavior("iris-sepal");
		MOCK.resetStats();
		this.connectionsBefore = MOCK.connectionsAccepted();
	}

	@AfterEach
	void close() {
		if (this.clients != null) {
			this.clients.close();
		}
	}

	@AfterAll
	static void stop() {
		MOCK.close();
	}

	@Test
	void anH2cMemberAnswers() {
		MemberClient client = client(spec(List.of(MOCK.baseUrl()), HedgeSpec.OFF, Duration.ofSeconds(4)));
		MemberOutcome outcome = call(client, Duration.ofSeconds(5));
		assertThat(outcome).isInstanceOfSatisfying(MemberOutcome.Success.class, (success) -> {
			assertThat(success.response().outputs()).isNotEmpty();
			success.verdict().accept();
		});
		assertThat(newConnections()).isEqualTo(1);
	}

	@Test
	void manyConcurrentCallsToOneMemberShareAConnectionPerHundredStreams() {
		MOCK.behavior("iris-sepal", "{\"latency\": {\"type\": \"fixed\", \"ms\": 300}}");
		MemberClient client = client(spec(List.of(MOCK.baseUrl()), HedgeSpec.OFF, Duration.ofSeconds(8)));
		assertAllSucceed(callAll(client, 300, Duration.ofSeconds(9)).block(Duration.ofSeconds(30)), 300);
		// Over HTTP/1.1 these would be 300 connections (one per call in flight); over HTTP/2 a connection carries
		// MemberClients.STREAMS_PER_CONNECTION (100) calls at once, though the mock allows 100,000.
		assertThat(newConnections()).isEqualTo(300 / MemberClients.STREAMS_PER_CONNECTION);
		// Each exchange ended at the mock; a few may be counted cancelled: the client can end a stream whose answer
		// it has fully read before the mock's write completion is signalled.
		await().atMost(Duration.ofSeconds(5)).untilAsserted(() -> assertThat(
				MOCK.stats("iris-sepal").completed() + MOCK.stats("iris-sepal").cancelled()).isEqualTo(300));
		assertThat(MOCK.stats("iris-sepal").received()).isEqualTo(300);
	}

	@Test
	void aCancelledCallResetsItsStreamAndLeavesTheOtherCallsOnTheConnectionIntact() {
		MOCK.behavior("iris-sepal", "{\"latency\": {\"type\": \"fixed\", \"ms\": 3000}}");
		MemberClient client = client(spec(List.of(MOCK.baseUrl()), HedgeSpec.OFF, Duration.ofSeconds(8)));
		Mono<List<MemberOutcome>> others = callAll(client, 20, Duration.ofSeconds(9)).cache();
		others.subscribe();
		await().atMost(Duration.ofSeconds(10)).until(() -> MOCK.stats("iris-sepal").received() == 20);
		Disposable cancelled = client.call(request(), context(Duration.ofSeconds(9))).subscribe();
		await().atMost(Duration.ofSeconds(10)).until(() -> MOCK.stats("iris-sepal").received() == 21);
		cancelled.dispose();
		// Other calls were still in flight on the connection when the stream was reset.
		assertThat(MOCK.stats("iris-sepal").completed()).isLessThan(20);
		await().atMost(Duration.ofSeconds(5)).until(() -> MOCK.stats("iris-sepal").cancelled() == 1);
		assertAllSucceed(others.block(Duration.ofSeconds(20)), 20);
		// The mock sees the one cancel and nothing else fail (see above for completed vs cancelled).
		await().atMost(Duration.ofSeconds(5)).untilAsserted(() -> assertThat(
				MOCK.stats("iris-sepal").completed() + MOCK.stats("iris-sepal").cancelled()).isEqualTo(21));
		assertThat(newConnections()).isEqualTo(1);
		// A cancel is nobody's fault: the breaker saw 20 successes and nothing else.
		CircuitBreaker breaker = this.breakers.circuitBreaker("h2.m");
		assertThat(breaker.getMetrics().getNumberOfSuccessfulCalls()).isEqualTo(20);
		assertThat(breaker.getMetrics().getNumberOfFailedCalls()).isZero();
	}

	@Test
	void hedgedAttemptsOnOneConnectionLeaveTheOtherCallsIntact() {
		MOCK.behavior("iris-sepal", "{\"latency\": {\"type\": \"fixed\", \"ms\": 300}}");
		// One replica: each hedge goes to the same member over the same connection, and one of each pair is
		// cancelled (a stream reset) while the other calls are in flight next to it.
		HedgeSpec hedge = new HedgeSpec(0, Duration.ofMillis(30), 0.10, Duration.ofMillis(2), Duration.ofSeconds(1),
				Duration.ofSeconds(10));
		MemberClient client = client(spec(List.of(MOCK.baseUrl()), hedge, Duration.ofSeconds(4)));
		assertAllSucceed(callAll(client, 40, Duration.ofSeconds(5)).block(Duration.ofSeconds(20)), 40);
		await().atMost(Duration.ofSeconds(5))
			.untilAsserted(() -> assertThat(MOCK.stats("iris-sepal").received()).isEqualTo(44));
		await().atMost(Duration.ofSeconds(5)).untilAsserted(() -> assertThat(
				MOCK.stats("iris-sepal").completed() + MOCK.stats("iris-sepal").cancelled()).isEqualTo(44));
		assertThat(newConnections()).isEqualTo(1);
	}

	@Test
	void aTimedOutAttemptIsATimeoutAndTheConnectionServesTheNextCall() {
		MOCK.behavior("iris-sepal", "{\"latency\": {\"type\": \"fixed\", \"ms\": 3000}}");
		MemberClient client = client(spec(List.of(MOCK.baseUrl()), HedgeSpec.OFF, Duration.ofMillis(300)));
		// The member's own timeout: a timeout outcome, the member's fault.
		assertThat(call(client, Duration.ofSeconds(5))).isInstanceOf(MemberOutcome.TimedOut.class);
		// The request's deadline nearer than the member's timeout: a deadline outcome, nobody's fault.
		assertThat(call(client, Duration.ofMillis(200))).isInstanceOf(MemberOutcome.DeadlineExceeded.class);
		CircuitBreaker breaker = this.breakers.circuitBreaker("h2.m");
		assertThat(breaker.getMetrics().getNumberOfFailedCalls()).isEqualTo(1);
		await().atMost(Duration.ofSeconds(5)).until(() -> MOCK.stats("iris-sepal").cancelled() == 2);
		MOCK.resetBehavior("iris-sepal");
		assertThat(call(client, Duration.ofSeconds(5))).isInstanceOfSatisfying(MemberOutcome.Success.class,
				(success) -> success.verdict().accept());
		assertThat(newConnections()).isEqualTo(1);
	}

	@Test
	void anAnswerOverTheSizeLimitIsRefusedAndTheConnectionServesTheNextCall() {
		AtomicLong connections = new AtomicLong();
		DisposableServer h2c = HttpServer.create().host("127.0.0.1").port(0)
			.protocol(HttpProtocol.HTTP11, HttpProtocol.H2C)
			.doOnChannelInit((observer, channel, address) -> connections.incrementAndGet())
			.handle((request, response) -> {
				int values = request.uri().contains("/huge/") ? 40_000 : 3;
				Flux<String> chunks = Flux.concat(Flux.just("{\"model_name\":\"m\",\"outputs\":[{\"name\":"
						+ "\"probabilities\",\"shape\":[1," + values + "],\"datatype\":\"FP32\",\"data\":[0.5"),
						Flux.range(1, values - 1).buffer(1000).map((batch) -> ",0.5".repeat(batch.size())),
						Flux.just("]}]}"));
				return response.header("Content-Type", "application/json").sendString(chunks).then();
			})
			.bindNow();
		try {
			MemberSpec huge = spec(List.of("http://127.0.0.1:" + h2c.port()), HedgeSpec.OFF, Duration.ofSeconds(4));
			EnsembleSpec ensemble = new EnsembleSpec("h2", "1", Duration.ofSeconds(10), 1, WaitPolicy.ALL,
					Duration.ZERO, "mean", List.of("probabilities"), null, 0.5, null, List.of(
							new MemberSpec("big", 0, MemberProtocol.V2, "huge", huge.replicas(), 1, huge.timeout(),
									100, "probabilities", huge.circuitBreaker(), huge.retry(), HedgeSpec.OFF,
									LoadBalancer.ROUND_ROBIN, huge.outlierEjection(), true),
							huge.withHttp2(true)));
			this.clients = new MemberClients(List.of(ensemble), this.breakers, BulkheadRegistry.ofDefaults(),
					new MemberLimits(64 * 1024, Duration.ofMillis(5)));
			// The small answer first: the two members have their own pools, each one connection.
			assertThat(call(this.clients.of("h2").get(1), Duration.ofSeconds(5)))
				.isInstanceOfSatisfying(MemberOutcome.Success.class, (success) -> success.verdict().accept());
			MemberClient big = this.clients.of("h2").get(0);
			assertThat(call(big, Duration.ofSeconds(5))).isInstanceOfSatisfying(MemberOutcome.Incompatible.class,
					(o) -> assertThat(o.message()).contains("longer than the limit of " + 64 * 1024 + " bytes"));
			// The refused answer's stream was reset; its connection still carries the next call (also refused,
			// but read again from the same connection).
			assertThat(call(big, Duration.ofSeconds(5))).isInstanceOf(MemberOutcome.Incompatible.class);
			assertThat(connections.get()).isEqualTo(2);
		}
		finally {
			h2c.disposeNow();
		}
	}

	@Test
	void theWarmUpOpensTheH2cConnectionThatCallsThenUse() {
		MemberClient client = client(spec(List.of(MOCK.baseUrl()), HedgeSpec.OFF, Duration.ofSeconds(4)));
		assertThat(client.warmReplicas(4, Duration.ofSeconds(5)).collectList().block(Duration.ofSeconds(10)))
			.containsExactly(true);
		assertThat(newConnections()).isEqualTo(1);
		assertThat(call(client, Duration.ofSeconds(5))).isInstanceOfSatisfying(MemberOutcome.Success.class,
				(success) -> success.verdict().accept());
		assertThat(newConnections()).isEqualTo(1);
	}

	@Test
	void aMemberThatOnlySpeaksHttp11FailsFastAsTheMembersFault() {
		AtomicLong requests = new AtomicLong();
		DisposableServer http11 = HttpServer.create().host("127.0.0.1").port(0).handle((request, response) -> {
			requests.incrementAndGet();
			return response.status(500).sendString(Mono.just("{\"error\":\"not expected\"}"));
		}).bindNow();
		try {
			MemberClient client = client(spec(List.of("http://127.0.0.1:" + http11.port()), HedgeSpec.OFF,
					Duration.ofSeconds(8)));
			long start = System.nanoTime();
			MemberOutcome outcome = call(client, Duration.ofSeconds(9));
			Duration took = Duration.ofNanos(System.nanoTime() - start);
			// An error (not a timeout): the HTTP/2 preface is no HTTP/1.1 request, the member closes the connection.
			assertThat(outcome).isInstanceOfSatisfying(MemberOutcome.Failed.class,
					(failed) -> assertThat(failed.message()).contains("HTTP/2"));
			// Well before the member's 8 s timeout (wide: the machine may be loaded).
			assertThat(took).isLessThan(Duration.ofSeconds(6));
			assertThat(requests.get()).isZero();
			CircuitBreaker breaker = this.breakers.circuitBreaker("h2.m");
			assertThat(breaker.getMetrics().getNumberOfFailedCalls()).isEqualTo(1);
		}
		finally {
			http11.disposeNow();
		}
	}

	private long newConnections() {
		return MOCK.connectionsAccepted() - this.connectionsBefore;
	}

	private MemberClient client(MemberSpec spec) {
		EnsembleSpec ensemble = new EnsembleSpec("h2", "1", Duration.ofSeconds(10), 1, WaitPolicy.ALL,
				Duration.ZERO, "mean", List.of("probabilities"), null, 0.5, null, List.of(spec));
		this.clients = new MemberClients(List.of(ensemble), this.breakers, BulkheadRegistry.ofDefaults(),
				new MemberLimits(1 << 20, Duration.ofMillis(5)));
		return this.clients.of("h2").get(0);
	}

	private static Mono<List<MemberOutcome>> callAll(MemberClient client, int calls, Duration deadline) {
		return Flux.range(0, calls).flatMap((i) -> client.call(request(), context(deadline)), calls).collectList();
	}

	/** Every outcome a success, each settled (its breaker permit recorded as a success). */
	private static void assertAllSucceed(List<MemberOutcome> outcomes, int calls) {
		assertThat(outcomes).hasSize(calls).allSatisfy((outcome) -> assertThat(outcome)
			.isInstanceOfSatisfying(MemberOutcome.Success.class, (success) -> success.verdict().accept()));
	}

	private static MemberOutcome call(MemberClient client, Duration deadline) {
		return client.call(request(), context(deadline)).block(Duration.ofSeconds(10));
	}

	private static MemberRequest request() {
		return new MemberRequest(InferenceCodec.readRequest(BODY.getBytes()));
	}

	private static CallContext context(Duration deadline) {
		return new CallContext(DeadlineBudget.start(deadline), null, null);
	}

	private static MemberSpec spec(List<String> replicas, HedgeSpec hedge, Duration timeout) {
		return new MemberSpec("m", 0, MemberProtocol.V2, "iris-sepal",
				replicas.stream().map(URI::create).toList(), 1, timeout, 1000, "probabilities",
				new ChorusProperties.CircuitBreaker(50, 100, 100, Duration.ofSeconds(10), 3),
				new ChorusProperties.Retry(0, Duration.ofMillis(10), Duration.ofMillis(100), 0.5, 0.1, 10,
						Duration.ofSeconds(10)),
				hedge, LoadBalancer.ROUND_ROBIN, new ChorusProperties.OutlierEjection(true, 5, 50, 10,
						Duration.ofSeconds(10), Duration.ofSeconds(30), Duration.ofSeconds(300), 50), true);
	}

}
