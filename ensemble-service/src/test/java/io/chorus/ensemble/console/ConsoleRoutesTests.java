package io.chorus.ensemble.console;

import java.time.Duration;
import java.util.Map;
import java.util.Set;

import io.github.resilience4j.bulkhead.BulkheadRegistry;
import io.github.resilience4j.circuitbreaker.CircuitBreakerRegistry;
import io.micrometer.core.instrument.simple.SimpleMeterRegistry;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;
import reactor.core.Disposable;

import org.springframework.http.MediaType;
import org.springframework.test.web.reactive.server.WebTestClient;

import io.chorus.ensemble.config.ChorusProperties;
import io.chorus.ensemble.config.EnsembleCatalog;
import io.chorus.ensemble.member.MemberClients;
import io.chorus.ensemble.member.MemberLimits;
import io.chorus.ensemble.reload.LiveEnsembles;

import static org.awaitility.Awaitility.await;

/**
 * The stream's bound: one page more than {@code max-subscribers} gets a 503 problem, and a closed page frees its
 * place.
 */
class ConsoleRoutesTests {

	private final ConsoleProperties properties = new ConsoleProperties(true, Duration.ofMillis(100),
			Duration.ofSeconds(10), 1);

	private final ConsoleSampler sampler = sampler(this.properties);

	private final WebTestClient client = WebTestClient
		.bindToRouterFunction(new ConsoleRoutes().consoleRouterFunction(this.sampler, this.properties))
		.build();

	@AfterEach
	void stop() {
		this.sampler.close();
	}

	@Test
	void refusesAStreamOverTheLimitUntilOneCloses() {
		Disposable open = this.client.get().uri("/console/stream").exchange().expectStatus().isOk()
			.returnResult(String.class).getResponseBody().subscribe();
		this.client.get().uri("/console/stream").exchange()
			.expectStatus().isEqualTo(503)
			.expectHeader().contentType(MediaType.APPLICATION_PROBLEM_JSON)
			.expectBody().jsonPath("$.detail").value((detail) -> org.assertj.core.api.Assertions
				.assertThat(detail.toString()).contains("chorus.console.max-subscribers"));
		open.dispose();
		await().atMost(Duration.ofSeconds(5)).untilAsserted(() -> this.client.get().uri("/console/stream").exchange()
			.expectStatus().isOk().returnResult(String.class).getResponseBody().take(1).blockLast(
					Duration.ofSeconds(5)));
	}

	@Test
	void theSnapshotIsTheLastTickAsJson() {
		await().atMost(Duration.ofSeconds(5)).untilAsserted(() -> this.client.get().uri("/console/snapshot").exchange()
			.expectStatus().isOk()
			.expectHeader().contentType(MediaType.APPLICATION_JSON)
			.expectBody().jsonPath("$.windowSeconds").isEqualTo(10.0).jsonPath("$.ensembles").isEmpty());
	}

	private static ConsoleSampler sampler(ConsoleProperties properties) {
		EnsembleCatalog catalog = EnsembleCatalog.of(new ChorusProperties(Map.of(), null, null, null), Set.of());
		MemberClients clients = new MemberClients(catalog, CircuitBreakerRegistry.ofDefaults(),
				BulkheadRegistry.ofDefaults(), new MemberLimits(1 << 20, Duration.ofMillis(5)));
		LiveEnsembles live = new LiveEnsembles(catalog, clients, (next) -> catalog, (previous) -> (next) -> previous,
				new SimpleMeterRegistry());
		ConsoleSampler sampler = new ConsoleSampler(live, new SimpleMeterRegistry(), properties, System::nanoTime);
		sampler.start();
		return sampler;
	}

}
