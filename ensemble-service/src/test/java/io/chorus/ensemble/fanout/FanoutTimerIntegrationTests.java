package io.chorus.ensemble.fanout;

import java.net.URI;
import java.time.Duration;
import java.util.List;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.TimeUnit;

import io.github.resilience4j.bulkhead.BulkheadRegistry;
import io.github.resilience4j.circuitbreaker.CircuitBreakerRegistry;
import io.micrometer.core.instrument.simple.SimpleMeterRegistry;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import reactor.blockhound.BlockHound;
import reactor.core.publisher.Mono;
import reactor.netty.DisposableServer;
import reactor.netty.http.server.HttpServer;

import io.chorus.ensemble.aggregate.AggregatorConfiguration;
import io.chorus.ensemble.aggregate.AggregatorRegistry;
import io.chorus.ensemble.config.ChorusProperties;
import io.chorus.ensemble.config.EnsembleSpec;
import io.chorus.ensemble.config.MemberProtocol;
import io.chorus.ensemble.config.MemberSpec;
import io.chorus.ensemble.config.WaitPolicy;
import io.chorus.ensemble.deadline.DeadlineBudget;
import io.chorus.ensemble.member.CallContext;
import io.chorus.ensemble.member.MemberClients;
import io.chorus.ensemble.member.MemberLimits;
import io.chorus.ensemble.metrics.EnsembleMetrics;
import io.chorus.protocol.InferenceCodec;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * The fan-out's own timers run on the event loop they were started from, over real HTTP: the grace period that
 * starts when the quorum answers ends on the loop that delivered the answer, not on Reactor's parallel scheduler.
 */
class FanoutTimerIntegrationTests {

	static {
		// Before any Reactor scheduler or event loop exists (see MemberClientUrlTests).
		BlockHound.install();
	}

	private static final String ANSWER = "{\"model_name\":\"m\",\"outputs\":[{\"name\":\"out\",\"shape\":[1],"
			+ "\"datatype\":\"FP32\",\"data\":[1.0]}]}";

	private static final String BODY = "{\"inputs\":[{\"name\":\"x\",\"shape\":[1],\"datatype\":\"FP32\",\"data\":[1.0]}]}";

	private static DisposableServer members;

	@BeforeAll
	static void start() {
		members = HttpServer.create().host("127.0.0.1").port(0).handle((request, response) -> {
			if (request.uri().contains("/silent/")) {
				return Mono.never();
			}
			return response.header("Content-Type", "application/json").sendString(Mono.just(ANSWER));
		}).bindNow();
	}

	@AfterAll
	static void stop() {
		members.disposeNow();
	}

	@Test
	void theGracePeriodEndsOnTheEventLoopThatDeliveredTheQuorum() throws Exception {
		EnsembleSpec spec = new EnsembleSpec("e", "1", Duration.ofSeconds(5), 1, WaitPolicy.QUORUM_GRACE,
				Duration.ofMillis(50), "mean", List.of("out"), "label", 0.5, "input",
				List.of(member("fast", "m", 0), member("slow", "silent", 1)));
		AggregatorConfiguration aggregators = new AggregatorConfiguration();
		try (MemberClients clients = new MemberClients(List.of(spec), CircuitBreakerRegistry.ofDefaults(),
				BulkheadRegistry.ofDefaults(), new MemberLimits(1 << 20, Duration.ofMillis(5)))) {
			EnsembleExecutor executor = new EnsembleExecutor(clients,
					AggregatorRegistry.of(List.of(aggregators.meanAggregator())),
					new EnsembleMetrics(new SimpleMeterRegistry()), 200_000);
			CompletableFuture<Thread> decided = new CompletableFuture<>();
			CompletableFuture<EnsembleResult> result = new CompletableFuture<>();
			executor.execute(spec, InferenceCodec.readRequest(BODY.getBytes()),
					new CallContext(DeadlineBudget.start(Duration.ofSeconds(5)), null, null))
				.subscribe((answer) -> {
					decided.complete(Thread.currentThread());
					result.complete(answer);
				});
			assertThat(result.get(10, TimeUnit.SECONDS)).isInstanceOf(EnsembleResult.Answered.class);
			assertThat(decided.get().getName()).startsWith("reactor-http-");
		}
	}

	private static MemberSpec member(String name, String model, int index) {
		return new MemberSpec(name, index, MemberProtocol.V2, model,
				List.of(URI.create("http://127.0.0.1:" + members.port())), 1, Duration.ofSeconds(4), 16, "out",
				new ChorusProperties.CircuitBreaker(50, 20, 10, Duration.ofSeconds(10), 3),
				new ChorusProperties.Retry(0, Duration.ofMillis(10), Duration.ofMillis(100), 0.5, 0.1, 10,
						Duration.ofSeconds(10)));
	}

}
