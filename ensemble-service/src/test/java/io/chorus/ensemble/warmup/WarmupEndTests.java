package io.chorus.ensemble.warmup;

import java.time.Duration;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.concurrent.atomic.AtomicInteger;

import io.github.resilience4j.bulkhead.BulkheadRegistry;
import io.github.resilience4j.circuitbreaker.CircuitBreakerRegistry;
import io.micrometer.core.instrument.simple.SimpleMeterRegistry;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.Test;
import reactor.blockhound.BlockHound;
import reactor.core.publisher.Mono;
import reactor.netty.DisposableServer;
import reactor.netty.http.server.HttpServer;

import org.springframework.boot.context.properties.bind.Binder;
import org.springframework.boot.context.properties.source.MapConfigurationPropertySource;

import io.chorus.ensemble.aggregate.AggregatorConfiguration;
import io.chorus.ensemble.aggregate.AggregatorRegistry;
import io.chorus.ensemble.config.ChorusProperties;
import io.chorus.ensemble.config.EnsembleCatalog;
import io.chorus.ensemble.member.MemberClients;
import io.chorus.ensemble.member.MemberLimits;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

/**
 * The warm-up ends on the JIT's quiet after a minimum volume, or on the volume when the JIT stays busy, and says
 * which; the member itself only ever sees readiness and metadata calls, however many rounds run.
 */
class WarmupEndTests {

	static {
		// Before any Reactor scheduler exists (see MemberClientUrlTests).
		BlockHound.install();
	}

	private static final String METADATA = "{\"name\":\"m\",\"versions\":[\"1\"],\"platform\":\"test\","
			+ "\"inputs\":[{\"name\":\"x\",\"datatype\":\"FP32\",\"shape\":[-1,2]}],"
			+ "\"outputs\":[{\"name\":\"y\",\"datatype\":\"FP32\",\"shape\":[-1,1]}]}";

	private static final AtomicInteger INFER = new AtomicInteger();

	private static final DisposableServer MEMBER = HttpServer.create().host("127.0.0.1").port(0)
		.handle((request, response) -> {
			if (request.uri().contains("infer")) {
				INFER.incrementAndGet();
			}
			String body = request.uri().endsWith("/ready") ? "{\"name\":\"m\",\"ready\":true}" : METADATA;
			return response.header("Content-Type", "application/json").sendString(Mono.just(body));
		})
		.bindNow();

	@AfterAll
	static void stop() {
		MEMBER.disposeNow();
	}

	@Test
	void aBusyJitLeavesTheEndToTheVolume() {
		// A quiet share of 0 is never reached: the compilers can only be busy, so the 300 rounds end it.
		Warmup.Report report = run(new WarmupProperties(true, Duration.ofSeconds(60), 2, 300, 1, 4,
				Duration.ofMillis(50), 0, false));
		assertThat(report.endedBy()).isEqualTo(Warmup.Ending.VOLUME);
		assertThat(report.rounds()).isEqualTo(300);
		assertThat(report.answered()).as("every synthetic request answered by the stand-ins").isEqualTo(300);
	}

	@Test
	void aQuietJitEndsItOnceTheMinimumVolumeRan() {
		// Every sample counts as quiet here: what is left to check is that the minimum runs first and the rule
		// ends the warm-up long before the volume (ten million rounds) or the cap.
		Warmup.Report report = run(new WarmupProperties(true, Duration.ofSeconds(60), 2, 10_000_000, 200, 4,
				Duration.ofMillis(50), Double.MAX_VALUE, false));
		assertThat(report.endedBy()).isEqualTo(Warmup.Ending.SETTLED);
		assertThat(report.rounds()).isGreaterThanOrEqualTo(200).isLessThan(10_000_000);
		assertThat(report.took()).isLessThan(Duration.ofSeconds(60));
	}

	@Test
	void offReportsOff() {
		assertThat(run(new WarmupProperties(false, Duration.ofSeconds(60), 2, 300, 1, 4, Duration.ofMillis(50), 0, false))
			.endedBy()).isEqualTo(Warmup.Ending.OFF);
	}

	@Test
	void theJitIsQuietOnlyAfterConsecutiveQuietSamples() {
		JitActivity always = new JitActivity(Double.MAX_VALUE, 2);
		assertThat(always.supported()).as("HotSpot reports its compilers' time").isTrue();
		assertThat(always.quiet()).as("one quiet sample is not enough").isFalse();
		assertThat(always.quiet()).isTrue();
		JitActivity never = new JitActivity(0, 1);
		assertThat(never.quiet()).isFalse();
		assertThat(never.quiet()).isFalse();
	}

	private static Warmup.Report run(WarmupProperties warmupProperties) {
		String key = "chorus.ensembles.w.";
		ChorusProperties properties = new Binder(new MapConfigurationPropertySource(Map.of(key + "strategy", "mean",
				key + "outputs[0]", "y", key + "deadline", "60s", key + "members[0].name", "a",
				key + "members[0].model", "m", key + "members[0].timeout", "50s",
				key + "members[0].replicas[0]", "http://127.0.0.1:" + MEMBER.port())))
			.bindOrCreate("chorus", ChorusProperties.class);
		EnsembleCatalog catalog = EnsembleCatalog.of(properties, Set.of("mean"));
		MemberLimits limits = new MemberLimits(1 << 20, Duration.ofMillis(5));
		try (MemberClients clients = new MemberClients(catalog, CircuitBreakerRegistry.ofDefaults(),
				BulkheadRegistry.ofDefaults(), limits)) {
			Warmup warmup = new Warmup(warmupProperties, catalog, clients,
					AggregatorRegistry.of(List.of(new AggregatorConfiguration().meanAggregator())), limits, 1000,
					new SimpleMeterRegistry());
			warmup.start();
			await().atMost(Duration.ofSeconds(90)).until(() -> warmup.report() != null);
			assertThat(INFER.get()).as("no prediction ever reaches a member").isZero();
			return warmup.report();
		}
	}

}
