package io.chorus.ensemble.shadow;

import java.net.http.HttpResponse;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.CompletableFuture;

import io.github.resilience4j.circuitbreaker.CircuitBreaker;
import io.github.resilience4j.circuitbreaker.CircuitBreakerRegistry;
import io.micrometer.core.instrument.MeterRegistry;
import io.micrometer.core.instrument.search.Search;
import org.junit.jupiter.api.Test;
import tools.jackson.databind.JsonNode;

import org.springframework.beans.factory.annotation.Autowired;

import io.chorus.ensemble.support.EnsembleServiceIntegrationTest;

import static io.chorus.ensemble.support.TestMocks.FAULTY;
import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

class ShadowIntegrationTests extends EnsembleServiceIntegrationTest {

	private static final double[] SETOSA = { 5.1, 3.5, 1.4, 0.2 };

	private static final double[] VERSICOLOR = { 6.0, 2.9, 4.5, 1.5 };

	@Autowired
	private MeterRegistry meters;

	@Autowired
	private CircuitBreakerRegistry breakers;

	@Test
	void answersWithoutWaitingForTheShadowAndRecordsItsAgreement() {
		FAULTY.behavior("iris-full", "{\"latency\": {\"type\": \"fixed\", \"ms\": 700}}");
		double agreedBefore = count("chorus.shadow.label.rows", "shadowed", "agreed", "true")
				+ count("chorus.shadow.label.rows", "shadowed", "agreed", "false");
		long start = System.nanoTime();
		HttpResponse<String> response = post("/v2/models/shadowed/infer", irisRequest("r", SETOSA, VERSICOLOR),
				"X-Chorus-Detail", "true");
		long took = Duration.ofNanos(System.nanoTime() - start).toMillis();

		assertThat(response.statusCode()).isEqualTo(200);
		JsonNode parameters = json(response).get("parameters");
		assertThat(parameters.get("chorus.answered").asInt()).isEqualTo(2);
		assertThat(parameters.get("chorus.degraded").asBoolean()).isFalse();
		assertThat(parameters.has("chorus.member.candidate.outcome")).isFalse();
		// The shadow takes 700 ms; the answer does not wait for it.
		assertThat(took).isLessThan(600);
		assertThat(FAULTY.stats("iris-full").completed()).isZero();
		await().atMost(Duration.ofSeconds(10)).untilAsserted(() -> {
			assertThat(timerCount("shadowed", "candidate", "ok")).isGreaterThanOrEqualTo(1);
			assertThat(count("chorus.shadow.label.rows", "shadowed", "agreed", "true")
					+ count("chorus.shadow.label.rows", "shadowed", "agreed", "false") - agreedBefore).isEqualTo(2);
		});
	}

	@Test
	void aFailingShadowOpensOnlyItsOwnBreaker() {
		FAULTY.behavior("iris-full", "{\"errorRate\": 1.0}");
		for (int i = 0; i < 8; i++) {
			HttpResponse<String> response = post("/v2/models/shadowed/infer", irisRequest("r" + i, SETOSA));
			assertThat(response.statusCode()).isEqualTo(200);
			assertThat(json(response).get("parameters").get("chorus.degraded").asBoolean()).isFalse();
		}
		await().atMost(Duration.ofSeconds(10)).untilAsserted(() -> assertThat(
				this.breakers.circuitBreaker("shadowed.candidate").getState()).isEqualTo(CircuitBreaker.State.OPEN));
		assertThat(this.breakers.circuitBreaker("shadowed.sepal").getState()).isEqualTo(CircuitBreaker.State.CLOSED);
		assertThat(this.breakers.circuitBreaker("shadowed.petal").getState()).isEqualTo(CircuitBreaker.State.CLOSED);
		await().atMost(Duration.ofSeconds(10))
			.untilAsserted(() -> assertThat(timerCount("shadowed", "candidate", "circuit-open")).isGreaterThanOrEqualTo(1));
		this.breakers.circuitBreaker("shadowed.candidate").reset();
	}

	@Test
	void aSlowShadowCannotPileUpPastItsConcurrencyLimit() {
		FAULTY.behavior("iris-full", "{\"latency\": {\"type\": \"fixed\", \"ms\": 900}}");
		double rejectedBefore = timerCount("shadowed", "candidate", "rejected");
		List<CompletableFuture<HttpResponse<String>>> calls = new ArrayList<>();
		for (int i = 0; i < 6; i++) {
			String id = "p" + i;
			calls.add(CompletableFuture.supplyAsync(() -> post("/v2/models/shadowed/infer", irisRequest(id, SETOSA))));
		}
		calls.forEach((call) -> assertThat(call.join().statusCode()).isEqualTo(200));
		await().atMost(Duration.ofSeconds(10)).untilAsserted(
				() -> assertThat(timerCount("shadowed", "candidate", "rejected") - rejectedBefore).isGreaterThanOrEqualTo(1));
		assertThat(FAULTY.stats("iris-full").received()).isLessThanOrEqualTo(3);
		await().atMost(Duration.ofSeconds(10)).until(() -> FAULTY.stats("iris-full").inFlight() == 0);
	}

	@Test
	void callsASampledShadowForAShareOfRequests() {
		double before = totalTimerCount("shadow-sampled", "full");
		for (int i = 0; i < 40; i++) {
			assertThat(post("/v2/models/shadow-sampled/infer", irisRequest("s" + i, SETOSA)).statusCode()).isEqualTo(200);
		}
		await().pollDelay(Duration.ofMillis(500)).atMost(Duration.ofSeconds(10)).untilAsserted(
				() -> assertThat(totalTimerCount("shadow-sampled", "full") - before).isBetween(5.0, 35.0));
	}

	@Test
	void recordsTheAbsoluteDifferenceOfANumericShadow() {
		for (int i = 0; i < 3; i++) {
			assertThat(post("/v2/models/width-shadow/infer", irisRequest("w" + i, SETOSA, VERSICOLOR)).statusCode())
				.isEqualTo(200);
		}
		await().atMost(Duration.ofSeconds(10)).untilAsserted(() -> {
			var summary = this.meters.find("chorus.shadow.abs.difference")
				.tags("ensemble", "width-shadow", "shadow", "one", "output", "prediction")
				.summary();
			assertThat(summary).isNotNull();
			assertThat(summary.count()).isGreaterThanOrEqualTo(3);
			assertThat(summary.mean()).isGreaterThan(0.0);
		});
	}

	private double timerCount(String ensemble, String shadow, String outcome) {
		var timer = this.meters.find("chorus.shadow.calls")
			.tags("ensemble", ensemble, "shadow", shadow, "outcome", outcome)
			.timer();
		return (timer != null) ? timer.count() : 0;
	}

	private double totalTimerCount(String ensemble, String shadow) {
		return Search.in(this.meters).name("chorus.shadow.calls").tags("ensemble", ensemble, "shadow", shadow)
			.timers().stream().mapToDouble((t) -> t.count()).sum();
	}

	private double count(String name, String ensemble, String tag, String value) {
		var counter = this.meters.find(name).tags("ensemble", ensemble, tag, value).counter();
		return (counter != null) ? counter.count() : 0;
	}

}
