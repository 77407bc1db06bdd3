package io.chorus.gateway.metrics;

import java.io.OutputStream;
import java.net.InetSocketAddress;
import java.net.Socket;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.TreeMap;
import java.util.TreeSet;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.function.BooleanSupplier;

import io.chorus.gateway.support.GatewayInstance;
import io.chorus.gateway.support.SharedGateway;
import io.micrometer.core.instrument.Counter;
import io.micrometer.core.instrument.Meter;
import io.micrometer.core.instrument.MeterRegistry;
import io.micrometer.core.instrument.Statistic;
import io.micrometer.core.instrument.Timer;
import io.micrometer.core.instrument.config.MeterFilter;
import org.junit.jupiter.api.Test;

import org.springframework.test.web.reactive.server.WebTestClient;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * The gateway's per-request meter set, read from the running gateway's registry: each public request is recorded
 * once, in the timer {@code chorus.gateway.requests} with its client, outcome and route, and in no other request
 * meter (no {@code spring.cloud.gateway.requests}, no {@code http.server.requests}).
 */
class RequestTimerIntegrationTests {

	private static final Duration WAIT = Duration.ofSeconds(10);

	/** Meters that move on their own (the JVM, the process, log events) and are not request meters. */
	private static final Set<String> BACKGROUND = Set.of("jvm.", "process.", "system.", "logback.", "executor.",
			"disk.", "application.");

	@Test
	void recordsEachPublicRequestOnceInOneTimerWithItsClientOutcomeAndRoute() throws Exception {
		SharedGateway shared = SharedGateway.get();
		MeterRegistry registry = shared.gateway().context().getBean(MeterRegistry.class);
		WebTestClient client = shared.gateway().client();
		Map<String, Double> before = counts(registry);
		long success = count(registry, "acme", "success", "ensemble-service");
		long unauthorized = count(registry, "unauthenticated", "unauthorized", "none");
		long notFound = count(registry, "acme", "rejected", "none");
		long management = count(registry, "unauthenticated", "success", "none");

		for (int i = 0; i < 5; i++) {
			client.get().uri("/v2").header("X-API-Key", GatewayInstance.ACME_KEY).exchange().expectStatus().isOk();
		}
		for (int i = 0; i < 3; i++) {
			client.get().uri("/v2").header("X-API-Key", "wrong-key").exchange().expectStatus().isUnauthorized();
		}
		for (int i = 0; i < 2; i++) {
			client.get().uri("/nowhere").header("X-API-Key", GatewayInstance.ACME_KEY).exchange()
				.expectStatus().isNotFound();
		}
		// Scrapes on the management port are no client's requests.
		shared.gateway().management().get().uri("/actuator/prometheus").exchange().expectStatus().isOk();

		// Recorded when each response is done, which may be a moment after the client read it.
		awaitTrue(() -> count(registry, "acme", "success", "ensemble-service") == success + 5
				&& count(registry, "unauthenticated", "unauthorized", "none") == unauthorized + 3
				&& count(registry, "acme", "rejected", "none") == notFound + 2);
		assertThat(registry.find(RequestTimer.METER).meters()).isNotEmpty()
			.allSatisfy((meter) -> assertThat(meter).isInstanceOf(Timer.class))
			.noneSatisfy((meter) -> assertThat(meter).isInstanceOf(Counter.class));
		assertThat(count(registry, "unauthenticated", "success", "none")).as("management requests").isEqualTo(management);
		assertThat(registry.find("spring.cloud.gateway.requests").meters()).isEmpty();
		assertThat(registry.find("http.server.requests").meters()).isEmpty();
		assertThat(registry.find("http.server.requests.active").meters()).isEmpty();

		// Every counting meter that moved with these ten requests is the request timer (the route's breaker keeps
		// its own call counts over its sliding window; they are the breaker's state, not a request meter).
		Map<String, Double> after = counts(registry);
		Set<String> moved = new TreeSet<>();
		after.forEach((id, value) -> {
			if (value > before.getOrDefault(id, 0.0) && !id.startsWith("resilience4j.circuitbreaker.")) {
				moved.add(id.substring(0, id.indexOf(' ')));
			}
		});
		assertThat(moved).containsExactly(RequestTimer.METER);
	}

	/**
	 * The proxied call's observation (kept for its span) builds no meter at all: a meter filter sees every meter id
	 * the registry is asked for, including the ones a later filter denies, so before {@link ProxiedCallWithoutMeters}
	 * it saw {@code http.client.requests} and {@code http.client.requests.active} on every proxied request.
	 */
	@Test
	void theProxiedCallAsksTheRegistryForNoMeter() throws Exception {
		SharedGateway shared = SharedGateway.get();
		MeterRegistry registry = shared.gateway().context().getBean(MeterRegistry.class);
		List<String> asked = new CopyOnWriteArrayList<>();
		registry.config().meterFilter(new MeterFilter() {
			@Override
			public Meter.Id map(Meter.Id id) {
				if (id.getName().startsWith("http.client.")) {
					asked.add(id.getName());
				}
				return id;
			}
		});
		long success = count(registry, "acme", "success", "ensemble-service");
		for (int i = 0; i < 3; i++) {
			shared.gateway().client().get().uri("/v2").header("X-API-Key", GatewayInstance.ACME_KEY).exchange()
				.expectStatus().isOk();
		}
		awaitTrue(() -> count(registry, "acme", "success", "ensemble-service") == success + 3);
		assertThat(asked).isEmpty();
		assertThat(registry.find("http.client.requests").meters()).isEmpty();
	}

	@Test
	void countsAClientThatWentAwayBeforeTheResponseAsCancelled() throws Exception {
		SharedGateway shared = SharedGateway.get();
		MeterRegistry registry = shared.gateway().context().getBean(MeterRegistry.class);
		long cancelled = count(registry, "acme", "cancelled", "ensemble-service");
		long success = count(registry, "acme", "success", "ensemble-service");
		shared.ensembleService().delayResponses(Duration.ofMillis(900));
		try {
			try (Socket socket = new Socket()) {
				socket.connect(new InetSocketAddress("127.0.0.1", shared.gateway().port()), 5_000);
				OutputStream out = socket.getOutputStream();
				out.write(("GET /v2 HTTP/1.1\r\nHost: 127.0.0.1\r\nX-API-Key: " + GatewayInstance.ACME_KEY
						+ "\r\n\r\n").getBytes(StandardCharsets.ISO_8859_1));
				out.flush();
				shared.ensembleService().takeRequest();
			}
			awaitTrue(() -> count(registry, "acme", "cancelled", "ensemble-service") == cancelled + 1);
			Thread.sleep(1_200);
			assertThat(count(registry, "acme", "success", "ensemble-service")).isEqualTo(success);
		}
		finally {
			shared.ensembleService().delayResponses(Duration.ZERO);
		}
	}

	private static long count(MeterRegistry registry, String client, String outcome, String route) {
		Timer timer = registry.find(RequestTimer.METER)
			.tag("client", client)
			.tag("outcome", outcome)
			.tag("route", route)
			.timer();
		return (timer != null) ? timer.count() : 0;
	}

	/** The COUNT statistic of every meter that has one, by meter name and tags, except background meters. */
	private static Map<String, Double> counts(MeterRegistry registry) {
		Map<String, Double> counts = new TreeMap<>();
		for (Meter meter : registry.getMeters()) {
			String name = meter.getId().getName();
			if (BACKGROUND.stream().anyMatch(name::startsWith)) {
				continue;
			}
			meter.measure().forEach((measurement) -> {
				if (measurement.getStatistic() == Statistic.COUNT) {
					counts.merge(name + " " + meter.getId().getTags(), measurement.getValue(), Double::sum);
				}
			});
		}
		return counts;
	}

	private static void awaitTrue(BooleanSupplier condition) throws InterruptedException {
		long deadline = System.nanoTime() + WAIT.toNanos();
		while (!condition.getAsBoolean()) {
			if (System.nanoTime() > deadline) {
				throw new AssertionError("not recorded within " + WAIT);
			}
			Thread.sleep(20);
		}
	}

}
