package io.chorus.ensemble.admission;

import java.net.http.HttpResponse;
import java.time.Duration;
import java.util.concurrent.CompletableFuture;

import io.micrometer.core.instrument.MeterRegistry;
import org.junit.jupiter.api.Test;

import org.springframework.beans.factory.annotation.Autowired;
import org.springframework.test.context.DynamicPropertyRegistry;
import org.springframework.test.context.DynamicPropertySource;
import org.springframework.test.context.TestPropertySource;

import io.chorus.ensemble.support.EnsembleServiceIntegrationTest;
import io.chorus.mock.MockServer;

import static io.chorus.ensemble.support.TestMocks.HEALTHY;
import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

/**
 * The ingress concurrency limit over real HTTP, with the limit pinned at one request per ensemble: a second
 * concurrent request gets a fast 503 with {@code Retry-After} and the JSON error body, its body never decoded,
 * while other ensembles are unaffected. Also checks that the per-member detail says when a hedge answered.
 */
@TestPropertySource(properties = { "chorus.admission.enabled=true", "chorus.admission.initial-limit=1",
		"chorus.admission.min-limit=1", "chorus.admission.max-limit=1", "chorus.admission.retry-after=2s" })
class AdmissionIntegrationTests extends EnsembleServiceIntegrationTest {

	/** A replica that answers after two seconds. */
	private static final MockServer SLOW = slow();

	@Autowired
	private MeterRegistry meters;

	@DynamicPropertySource
	static void ensembles(DynamicPropertyRegistry registry) {
		String hedged = oneMember(registry, "hedged");
		registry.add(hedged + "replicas[1]", HEALTHY::baseUrl);
		registry.add(hedged + "load-balancer", () -> "round-robin");
		registry.add(hedged + "hedge.delay", () -> "100ms");
		registry.add(hedged + "hedge.max-extra-load", () -> "100%");
		oneMember(registry, "held");
	}

	/** An ensemble whose one member, sepal, has the slow replica first; returns the member's key prefix. */
	private static String oneMember(DynamicPropertyRegistry registry, String name) {
		String key = "chorus.ensembles." + name + ".";
		registry.add(key + "strategy", () -> "soft-vote");
		registry.add(key + "quorum", () -> "1");
		registry.add(key + "deadline", () -> "3s");
		registry.add(key + "outputs[0]", () -> "probabilities");
		registry.add(key + "members[0].name", () -> "sepal");
		registry.add(key + "members[0].model", () -> "iris-sepal");
		registry.add(key + "members[0].replicas[0]", SLOW::baseUrl);
		registry.add(key + "members[0].timeout", () -> "2500ms");
		return key + "members[0].";
	}

	private static MockServer slow() {
		MockServer server = MockServer.startDemo();
		server.behavior("iris-sepal", "{\"latency\": {\"type\": \"fixed\", \"ms\": 2000}}");
		return server;
	}

	@Test
	void overTheLimitARequestGetsAFast503WithRetryAfterWithoutItsBodyBeingDecoded() throws Exception {
		String body = irisRequest("held", new double[] { 5.1, 3.5, 1.4, 0.2 });
		// 'held' answers after 2s: it holds the ensemble's only slot meanwhile.
		CompletableFuture<HttpResponse<String>> held = CompletableFuture
			.supplyAsync(() -> post("/v2/models/held/infer", body));
		await().atMost(Duration.ofSeconds(5)).until(() -> this.meters.get("chorus.admission.in_flight")
			.tag("ensemble", "held").gauge().value() == 1);
		long start = System.nanoTime();
		HttpResponse<String> refused = post("/v2/models/held/infer", "{ not json at all");
		Duration took = Duration.ofNanos(System.nanoTime() - start);
		assertThat(refused.statusCode()).isEqualTo(503);
		assertThat(refused.headers().firstValue("Retry-After")).hasValue("2");
		// The product's one error shape: RFC 9457 problem details with the protocol's error string.
		assertThat(refused.headers().firstValue("Content-Type")).hasValueSatisfying((type) -> assertThat(type)
			.startsWith("application/problem+json"));
		assertThat(json(refused).get("error").asString()).contains("concurrency limit");
		assertThat(json(refused).get("status").asInt()).isEqualTo(503);
		// It did not wait for the slot (2s): a wide margin for a loaded test machine; the benchmark measures
		// the real figure.
		assertThat(took).as("refused in %dms", took.toMillis()).isLessThan(Duration.ofMillis(1000));
		// Another ensemble has its own limit.
		assertThat(post("/v2/models/vote/infer", body).statusCode()).isEqualTo(200);
		assertThat(held.get().statusCode()).isEqualTo(200);
		assertThat(this.meters.get("chorus.admission.rejected").tag("ensemble", "held").counter().count())
			.isGreaterThanOrEqualTo(1);
		assertThat(this.meters.get("chorus.admission.limit").tag("ensemble", "held").gauge().value()).isEqualTo(1);
		// Once the slot is free again (the limiter settles after the response is written) the next one is admitted.
		await().atMost(Duration.ofSeconds(5)).until(() -> this.meters.get("chorus.admission.in_flight")
			.tag("ensemble", "held").gauge().value() == 0);
		assertThat(post("/v2/models/held/infer", body).statusCode()).isEqualTo(200);
	}

	@Test
	void theMemberDetailSaysWhenTheAnswerCameFromAHedge() {
		// Round-robin sends the first attempt to the slow replica; the hedge after 100ms goes to the healthy one.
		HttpResponse<String> response = post("/v2/models/hedged/infer",
				irisRequest("h", new double[] { 5.1, 3.5, 1.4, 0.2 }), "X-Chorus-Detail", "true");
		assertThat(response.statusCode()).isEqualTo(200);
		assertThat(json(response).get("parameters").get("chorus.member.sepal.hedged").asBoolean()).isTrue();
		assertThat(json(response).get("parameters").get("chorus.member.sepal.latency_ms").asDouble()).isLessThan(1500);
		assertThat(this.meters.get("chorus.member.hedges.won").tag("ensemble", "hedged").counter().count())
			.isEqualTo(1);
	}

}
