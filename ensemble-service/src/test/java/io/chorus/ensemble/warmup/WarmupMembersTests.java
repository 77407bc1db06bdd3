package io.chorus.ensemble.warmup;

import java.net.InetAddress;
import java.net.ServerSocket;
import java.time.Duration;
import java.util.HashMap;
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
 * What the warm-up does with members as a new replica meets them: one that is down must not leave the other
 * ensembles cold, and one whose first answers are slower than its timeout (it is cold too) is still reached.
 */
class WarmupMembersTests {

	static {
		// Before any Reactor scheduler exists (see MemberClientUrlTests).
		BlockHound.install();
	}

	private static final String METADATA = "{\"name\":\"m\",\"versions\":[\"1\"],\"platform\":\"test\","
			+ "\"inputs\":[{\"name\":\"x\",\"datatype\":\"FP32\",\"shape\":[-1,2]}],"
			+ "\"outputs\":[{\"name\":\"y\",\"datatype\":\"FP32\",\"shape\":[-1,1]}]}";

	private static final AtomicInteger SLOW_CALLS = new AtomicInteger();

	/** Answers readiness and metadata; its first four answers take 600 ms, three times its members' timeout. */
	private static final DisposableServer MEMBER = HttpServer.create().host("127.0.0.1").port(0)
		.handle((request, response) -> {
			String body = request.uri().endsWith("/ready") ? "{\"name\":\"m\",\"ready\":true}" : METADATA;
			Duration delay = (SLOW_CALLS.incrementAndGet() <= 4) ? Duration.ofMillis(600) : Duration.ZERO;
			return response.header("Content-Type", "application/json")
				.sendString(Mono.just(body).delayElement(delay));
		})
		.bindNow();

	@AfterAll
	static void stop() {
		MEMBER.disposeNow();
	}

	@Test
	void aMemberThatIsDownLeavesOnlyItsOwnEnsembleColdAndASlowFirstAnswerIsStillReached() throws Exception {
		try (ServerSocket down = new ServerSocket(0, 50, InetAddress.getLoopbackAddress())) {
			Map<String, String> config = new HashMap<>();
			ensemble(config, "up", "http://127.0.0.1:" + MEMBER.port());
			// Accepts connections and never answers: down as far as a member call can tell.
			ensemble(config, "down", "http://127.0.0.1:" + down.getLocalPort());
			ChorusProperties properties = new Binder(new MapConfigurationPropertySource(config))
				.bindOrCreate("chorus", ChorusProperties.class);
			EnsembleCatalog catalog = EnsembleCatalog.of(properties, Set.of("mean"));
			MemberLimits limits = new MemberLimits(1 << 20, Duration.ofMillis(5));
			try (MemberClients clients = new MemberClients(catalog, CircuitBreakerRegistry.ofDefaults(),
					BulkheadRegistry.ofDefaults(), limits)) {
				Warmup warmup = new Warmup(new WarmupProperties(true, Duration.ofSeconds(6), 2, 100, 1, 4,
						Duration.ofMillis(500), 0, false), catalog, clients,
						AggregatorRegistry.of(List.of(new AggregatorConfiguration().meanAggregator())), limits, 1000,
						new SimpleMeterRegistry());
				warmup.start();
				await().atMost(Duration.ofSeconds(30)).until(() -> warmup.report() != null);
				Warmup.Report report = warmup.report();
				assertThat(report.endedBy()).as("%s", report).isNotEqualTo(Warmup.Ending.FAILED);
				assertThat(report.rounds()).as("the reachable ensemble was warmed: %s", report).isPositive();
				assertThat(report.replicasReached()).as("the slow member was reached: %s", report).isEqualTo(1);
				assertThat(report.replicasUnreachable()).as("%s", report).isEqualTo(1);
			}
		}
	}

	private static void ensemble(Map<String, String> config, String name, String replica) {
		String key = "chorus.ensembles." + name + ".";
		config.putAll(Map.of(key + "strategy", "mean", key + "outputs[0]", "y", key + "deadline", "60s",
				key + "members[0].name", "a", key + "members[0].model", "m", key + "members[0].timeout", "200ms",
				key + "members[0].replicas[0]", replica));
	}

}
