package io.chorus.ensemble.warmup;

import java.net.ServerSocket;
import java.time.Duration;
import java.util.List;
import java.util.Set;

import io.github.resilience4j.bulkhead.BulkheadRegistry;
import io.github.resilience4j.circuitbreaker.CircuitBreakerRegistry;
import io.micrometer.core.instrument.simple.SimpleMeterRegistry;
import org.junit.jupiter.api.Test;
import reactor.blockhound.BlockHound;

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
 * A member that never answers cannot hold readiness back longer than {@code chorus.warmup.max-time}.
 */
class WarmupCapTests {

	static {
		// Before any Reactor scheduler exists (see MemberClientUrlTests).
		BlockHound.install();
	}

	@Test
	void anUnansweringMemberDelaysTheWarmupByAtMostTheCap() throws Exception {
		try (ServerSocket hang = new ServerSocket(0, 50, java.net.InetAddress.getLoopbackAddress())) {
			String key = "chorus.ensembles.w.";
			ChorusProperties properties = new Binder(new MapConfigurationPropertySource(java.util.Map.of(
					key + "strategy", "mean", key + "outputs[0]", "y", key + "deadline", "60s",
					key + "members[0].name", "a", key + "members[0].timeout", "50s",
					key + "members[0].replicas[0]", "http://127.0.0.1:" + hang.getLocalPort())))
				.bindOrCreate("chorus", ChorusProperties.class);
			EnsembleCatalog catalog = EnsembleCatalog.of(properties, Set.of("mean"));
			MemberLimits limits = new MemberLimits(1 << 20, Duration.ofMillis(5));
			try (MemberClients clients = new MemberClients(catalog, CircuitBreakerRegistry.ofDefaults(),
					BulkheadRegistry.ofDefaults(), limits)) {
				Warmup warmup = new Warmup(new WarmupProperties(true, Duration.ofSeconds(1), 2, 200, 1, 1, Duration.ofMillis(500), 0.05, false), catalog, clients,
						AggregatorRegistry.of(List.of(new AggregatorConfiguration().meanAggregator())), limits, 1000,
						new SimpleMeterRegistry());
				long start = System.nanoTime();
				warmup.start();
				assertThat(warmup.report()).as("running").isNull();
				await().atMost(Duration.ofSeconds(20)).until(() -> warmup.report() != null);
				assertThat(Duration.ofNanos(System.nanoTime() - start)).isLessThan(Duration.ofSeconds(15));
				assertThat(warmup.report().capped()).isTrue();
				assertThat(warmup.report().endedBy()).isEqualTo(Warmup.Ending.CAP);
				assertThat(warmup.report().took()).isGreaterThanOrEqualTo(Duration.ofSeconds(1));
			}
		}
	}

}
