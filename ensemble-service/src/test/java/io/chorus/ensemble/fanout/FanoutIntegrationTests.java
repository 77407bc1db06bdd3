package io.chorus.ensemble.fanout;

import java.net.http.HttpResponse;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;

import org.junit.jupiter.api.Test;
import tools.jackson.databind.JsonNode;

import io.chorus.ensemble.support.EnsembleServiceIntegrationTest;

import static io.chorus.ensemble.support.TestMocks.FAULTY;
import static io.chorus.ensemble.support.TestMocks.HEALTHY;
import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.within;
import static org.awaitility.Awaitility.await;

class FanoutIntegrationTests extends EnsembleServiceIntegrationTest {

	private static final double[] SETOSA = { 5.1, 3.5, 1.4, 0.2 };

	private static final double[] VERSICOLOR = { 6.0, 2.9, 4.5, 1.5 };

	private static final double[] BORDERLINE = { 6.3, 2.8, 5.1, 1.5 };

	@Test
	void aggregatesAllMembersWithWeightedSoftVote() {
		String body = irisRequest("r-1", SETOSA, VERSICOLOR, BORDERLINE);
		HttpResponse<String> response = post("/v2/models/trio/infer", body);

		assertThat(response.statusCode()).isEqualTo(200);
		JsonNode json = json(response);
		assertThat(json.get("model_name").asString()).isEqualTo("trio");
		assertThat(json.get("id").asString()).isEqualTo("r-1");
		assertThat(json.get("parameters").get("chorus.degraded").asBoolean()).isFalse();
		assertThat(json.get("parameters").get("chorus.answered").asInt()).isEqualTo(3);

		// Independent arithmetic: call each model directly and weight by 0.5, 1, 1.5.
		double[] sepal = probabilities(postTo(HEALTHY.baseUrl() + "/v2/models/iris-sepal/infer", body));
		double[] petal = probabilities(postTo(HEALTHY.baseUrl() + "/v2/models/iris-petal/infer", body));
		double[] full = probabilities(postTo(HEALTHY.baseUrl() + "/v2/models/iris-full/infer", body));
		JsonNode probabilities = output(json, "probabilities");
		assertThat(shape(probabilities)).containsExactly(3L, 3L);
		for (int i = 0; i < 9; i++) {
			double expected = (0.5 * sepal[i] + 1.0 * petal[i] + 1.5 * full[i]) / 3.0;
			assertThat(probabilities.get("data").get(i).asDouble()).isCloseTo(expected, within(1e-5));
		}
		JsonNode labels = output(json, "label").get("data");
		for (int row = 0; row < 3; row++) {
			int argmax = 0;
			for (int c = 1; c < 3; c++) {
				if (probabilities.get("data").get(row * 3 + c).asDouble() > probabilities.get("data").get(row * 3 + argmax).asDouble()) {
					argmax = c;
				}
			}
			assertThat(labels.get(row).asInt()).isEqualTo(argmax);
		}
		assertThat(labels.get(0).asInt()).isZero();
	}

	@Test
	void returnsDegradedResultWhenOneMemberTimesOut() {
		FAULTY.behavior("iris-full", "{\"latency\": {\"type\": \"fixed\", \"ms\": 4000}}");
		HttpResponse<String> response = post("/v2/models/trio/infer", irisRequest("r", SETOSA), "X-Chorus-Detail", "true");

		assertThat(response.statusCode()).isEqualTo(200);
		JsonNode parameters = json(response).get("parameters");
		assertThat(parameters.get("chorus.degraded").asBoolean()).isTrue();
		assertThat(parameters.get("chorus.answered").asInt()).isEqualTo(2);
		assertThat(parameters.get("chorus.failed").asInt()).isEqualTo(1);
		assertThat(parameters.get("chorus.member.full.outcome").asString()).isEqualTo("timeout");
		assertThat(parameters.get("chorus.member.full.weight").asDouble()).isZero();
		assertThat(parameters.get("chorus.member.sepal.outcome").asString()).isEqualTo("ok");
	}

	@Test
	void returnsDegradedResultWhenOneMemberIsDown() {
		HttpResponse<String> response = post("/v2/models/down/infer", irisRequest("r", SETOSA), "X-Chorus-Detail", "true");

		assertThat(response.statusCode()).isEqualTo(200);
		JsonNode parameters = json(response).get("parameters");
		assertThat(parameters.get("chorus.degraded").asBoolean()).isTrue();
		assertThat(parameters.get("chorus.member.full.outcome").asString()).isEqualTo("error");
		assertThat(parameters.get("chorus.member.full.error").asString()).contains("connection refused");
	}

	@Test
	void returnsDegradedResultWhenOneMemberAnswers500() {
		FAULTY.behavior("iris-full", "{\"errorRate\": 1.0, \"errorStatus\": 500}");
		HttpResponse<String> response = post("/v2/models/trio/infer", irisRequest("r", SETOSA), "X-Chorus-Detail", "true");
		assertThat(response.statusCode()).as(response.body()).isEqualTo(200);
		JsonNode parameters = json(response).get("parameters");

		assertThat(parameters.get("chorus.degraded").asBoolean()).isTrue();
		assertThat(parameters.get("chorus.member.full.outcome").asString()).isEqualTo("error");
		assertThat(parameters.get("chorus.member.full.error").asString()).startsWith("HTTP 500");
	}

	@Test
	void countsAMalformedAnswerAsIncompatible() {
		FAULTY.behavior("iris-full", "{\"malformedRate\": 1.0}");
		JsonNode parameters = json(post("/v2/models/trio/infer", irisRequest("r", SETOSA), "X-Chorus-Detail", "true"))
			.get("parameters");

		assertThat(parameters.get("chorus.degraded").asBoolean()).isTrue();
		assertThat(parameters.get("chorus.member.full.outcome").asString()).isEqualTo("incompatible");
		assertThat(parameters.get("chorus.member.full.error").asString()).contains("malformed JSON");
	}

	@Test
	void countsAWrongShapeAsIncompatible() {
		FAULTY.behavior("iris-full", "{\"wrongShapeRate\": 1.0}");
		JsonNode parameters = json(post("/v2/models/trio/infer", irisRequest("r", SETOSA, VERSICOLOR),
				"X-Chorus-Detail", "true")).get("parameters");

		assertThat(parameters.get("chorus.member.full.outcome").asString()).isEqualTo("incompatible");
		assertThat(parameters.get("chorus.member.full.error").asString()).contains("shape");
	}

	@Test
	void answers503WithEveryMemberOutcomeWhenTheQuorumIsLost() {
		FAULTY.behavior("iris-full", "{\"errorRate\": 1.0, \"errorStatus\": 503}");
		HttpResponse<String> response = post("/v2/models/strict/infer", irisRequest("r", SETOSA));

		assertThat(response.statusCode()).isEqualTo(503);
		assertThat(response.headers().firstValue("Content-Type")).hasValueSatisfying((t) -> assertThat(t).contains("json"));
		JsonNode json = json(response);
		assertThat(json.get("error").asString()).contains("quorum not reached").contains("of 3 members answered alike, 3 needed");
		assertThat(json.get("members")).hasSize(3);
		assertThat(json.get("members").get(2).get("name").asString()).isEqualTo("full");
		assertThat(json.get("members").get(2).get("outcome").asString()).isEqualTo("error");
		assertThat(json.get("members").get(2).get("error").asString()).contains("HTTP 503");
		// Once the quorum is impossible the answer comes at once; members still running are cancelled.
		assertThat(json.get("members").get(0).get("outcome").asString()).isIn("ok", "cancelled");
	}

	@Test
	void answers504WhenTheDeadlinePassesBeforeTheQuorum() {
		for (String model : List.of("iris-sepal", "iris-petal", "iris-full")) {
			FAULTY.behavior(model, "{\"latency\": {\"type\": \"fixed\", \"ms\": 2000}}");
		}
		long start = System.nanoTime();
		HttpResponse<String> response = post("/v2/models/slow/infer", irisRequest("r", SETOSA));
		Duration elapsed = Duration.ofNanos(System.nanoTime() - start);

		assertThat(response.statusCode()).isEqualTo(504);
		JsonNode json = json(response);
		assertThat(json.get("error").asString()).contains("deadline");
		// The members' 300 ms timeouts equal the 300 ms deadline: the request's budget is what runs out, so
		// the outcome is "deadline" (not counted against the members), not "timeout".
		assertThat(json.get("members")).hasSize(3)
			.allSatisfy((m) -> assertThat(m.get("outcome").asString()).isIn("deadline", "cancelled"));
		assertThat(json.get("members").findValuesAsString("outcome")).filteredOn("deadline"::equals).hasSizeGreaterThanOrEqualTo(2);
		assertThat(elapsed).isLessThan(Duration.ofMillis(1800));
	}

	@Test
	void clientDeadlineHeaderShortensTheDeadline() {
		for (String model : List.of("iris-sepal", "iris-petal", "iris-full")) {
			FAULTY.behavior(model, "{\"latency\": {\"type\": \"fixed\", \"ms\": 1500}}");
		}
		long start = System.nanoTime();
		HttpResponse<String> response = post("/v2/models/patient/infer", irisRequest("r", SETOSA),
				"X-Chorus-Deadline-Ms", "200");
		Duration elapsed = Duration.ofNanos(System.nanoTime() - start);

		assertThat(response.statusCode()).isEqualTo(504);
		assertThat(elapsed).isLessThan(Duration.ofMillis(1300));
		// Without the header the same ensemble waits and answers.
		assertThat(post("/v2/models/patient/infer", irisRequest("r", SETOSA)).statusCode()).isEqualTo(200);
	}

	@Test
	void clientDeadlineHeaderCannotLengthenTheDeadline() {
		for (String model : List.of("iris-sepal", "iris-petal", "iris-full")) {
			FAULTY.behavior(model, "{\"latency\": {\"type\": \"fixed\", \"ms\": 2000}}");
		}
		long start = System.nanoTime();
		HttpResponse<String> response = post("/v2/models/slow/infer", irisRequest("r", SETOSA),
				"X-Chorus-Deadline-Ms", "60000");

		assertThat(response.statusCode()).isEqualTo(504);
		assertThat(Duration.ofNanos(System.nanoTime() - start)).isLessThan(Duration.ofMillis(1800));
	}

	@Test
	void latencyFollowsTheSlowestMemberNotTheSum() {
		// Members take 100, 200 and 300 ms; sequential calls would take 600 ms. Best of three absorbs noise.
		List<Duration> timings = new ArrayList<>();
		for (int i = 0; i < 3; i++) {
			long start = System.nanoTime();
			HttpResponse<String> response = post("/v2/models/timed/infer", irisRequest("t", SETOSA));
			timings.add(Duration.ofNanos(System.nanoTime() - start));
			assertThat(response.statusCode()).isEqualTo(200);
			assertThat(json(response).get("parameters").get("chorus.answered").asInt()).isEqualTo(3);
		}
		Duration best = timings.stream().min(Duration::compareTo).orElseThrow();
		assertThat(best).isGreaterThanOrEqualTo(Duration.ofMillis(290)).isLessThan(Duration.ofMillis(550));
	}

	@Test
	void cancelsTheStragglerAfterTheGracePeriodAndTheMockSeesTheAbort() {
		FAULTY.behavior("iris-full", "{\"latency\": {\"type\": \"fixed\", \"ms\": 5000}}");
		long start = System.nanoTime();
		HttpResponse<String> response = post("/v2/models/grace/infer", irisRequest("g", SETOSA), "X-Chorus-Detail", "true");
		Duration elapsed = Duration.ofNanos(System.nanoTime() - start);

		assertThat(response.statusCode()).isEqualTo(200);
		JsonNode parameters = json(response).get("parameters");
		assertThat(parameters.get("chorus.member.full.outcome").asString()).isEqualTo("cancelled");
		assertThat(parameters.get("chorus.degraded").asBoolean()).isFalse();
		assertThat(elapsed).isLessThan(Duration.ofMillis(2500));
		await().atMost(Duration.ofSeconds(3))
			.untilAsserted(() -> assertThat(FAULTY.stats("iris-full").cancelled()).isEqualTo(1));
		assertThat(FAULTY.stats("iris-full").completed()).isZero();
	}

	@Test
	void firstSuccessCancelsTheOtherMembers() {
		// The winner takes 400 ms, so the loser's request has reached its member before it is cancelled (with an
		// instant winner the loser could be cancelled before its connection was even open, and the member would
		// have nothing to see).
		FAULTY.behavior("iris-sepal", "{\"latency\": {\"type\": \"fixed\", \"ms\": 5000}}");
		FAULTY.behavior("iris-petal", "{\"latency\": {\"type\": \"fixed\", \"ms\": 400}}");
		HttpResponse<String> response = post("/v2/models/first-sent/infer", irisRequest("f", SETOSA), "X-Chorus-Detail",
				"true");

		assertThat(response.statusCode()).isEqualTo(200);
		JsonNode parameters = json(response).get("parameters");
		assertThat(parameters.get("chorus.member.petal.outcome").asString()).isEqualTo("ok");
		assertThat(parameters.get("chorus.member.sepal.outcome").asString()).isEqualTo("cancelled");
		await().atMost(Duration.ofSeconds(3))
			.untilAsserted(() -> assertThat(FAULTY.stats("iris-sepal").cancelled()).isEqualTo(1));
		assertThat(FAULTY.stats("iris-sepal").completed()).isZero();
	}

	@Test
	void retriesAConnectionFailureOnTheNextReplicaWithinTheBudget() {
		List<Integer> attempts = new ArrayList<>();
		for (int i = 0; i < 2; i++) {
			HttpResponse<String> response = post("/v2/models/retry/infer", irisRequest("r", SETOSA), "X-Chorus-Detail", "true");
			assertThat(response.statusCode()).isEqualTo(200);
			JsonNode parameters = json(response).get("parameters");
			assertThat(parameters.get("chorus.member.full.outcome").asString()).isEqualTo("ok");
			attempts.add(parameters.get("chorus.member.full.attempts").asInt());
		}
		// Round-robin puts the refused replica first on one of two consecutive calls; that call retries.
		assertThat(attempts).contains(2);
		assertThat(HEALTHY.stats("iris-full").completed()).isEqualTo(2);
	}

	@Test
	void circuitOpensAfterItsThresholdStopsCallingAndRecoversWhenTheMemberHeals() throws Exception {
		String body = "{\"inputs\":[{\"name\":\"features\",\"shape\":[1,4],\"datatype\":\"FP32\",\"data\":[5.1,3.5,1.4,0.2]}]}";
		FAULTY.behavior("iris-petal-width", "{\"errorRate\": 1.0, \"errorStatus\": 500}");
		for (int i = 0; i < 4; i++) {
			assertThat(post("/v2/models/breaker/infer", body).statusCode()).isEqualTo(503);
		}
		assertThat(FAULTY.stats("iris-petal-width").received()).isEqualTo(4);

		HttpResponse<String> open = post("/v2/models/breaker/infer", body);
		assertThat(open.statusCode()).isEqualTo(503);
		assertThat(json(open).get("members").get(0).get("outcome").asString()).isEqualTo("circuit-open");
		assertThat(FAULTY.stats("iris-petal-width").received()).isEqualTo(4);
		assertThat(get("/v2/models/breaker/ready").statusCode()).isEqualTo(503);

		FAULTY.resetBehavior("iris-petal-width");
		await().pollDelay(Duration.ofMillis(1100)).atMost(Duration.ofSeconds(5)).untilAsserted(() -> {
			HttpResponse<String> healed = post("/v2/models/breaker/infer", body);
			assertThat(healed.statusCode()).isEqualTo(200);
		});
		assertThat(FAULTY.stats("iris-petal-width").received()).isGreaterThanOrEqualTo(5);
		assertThat(get("/v2/models/breaker/ready").statusCode()).isEqualTo(200);
	}

	@Test
	void aHangingMemberTimesOutAndTheAnswerIsDegraded() {
		FAULTY.behavior("iris-full", "{\"hangRate\": 1.0}");
		JsonNode parameters = json(post("/v2/models/trio/infer", irisRequest("h", SETOSA), "X-Chorus-Detail", "true"))
			.get("parameters");
		assertThat(parameters.get("chorus.member.full.outcome").asString()).isEqualTo("timeout");
		assertThat(parameters.get("chorus.degraded").asBoolean()).isTrue();
	}

	@Test
	void anAbruptlyClosedConnectionIsAnError() {
		FAULTY.behavior("iris-full", "{\"closeRate\": 1.0}");
		JsonNode parameters = json(post("/v2/models/trio/infer", irisRequest("c", SETOSA), "X-Chorus-Detail", "true"))
			.get("parameters");
		assertThat(parameters.get("chorus.member.full.outcome").asString()).isEqualTo("error");
		assertThat(parameters.get("chorus.member.full.error").asString()).contains("closed");
	}

	@Test
	void theBulkheadRejectsCallsPastTheMemberLimit() throws Exception {
		FAULTY.behavior("iris-sepal", "{\"latency\": {\"type\": \"fixed\", \"ms\": 800}}");
		java.util.concurrent.CompletableFuture<HttpResponse<String>> first = java.util.concurrent.CompletableFuture
			.supplyAsync(() -> post("/v2/models/bulkhead/infer", irisRequest("b1", SETOSA)));
		await().atMost(Duration.ofSeconds(5)).until(() -> FAULTY.stats("iris-sepal").inFlight() == 1);
		HttpResponse<String> second = post("/v2/models/bulkhead/infer", irisRequest("b2", SETOSA));
		assertThat(second.statusCode()).isEqualTo(503);
		assertThat(json(second).get("members").get(0).get("outcome").asString()).isEqualTo("rejected");
		assertThat(first.get().statusCode()).isEqualTo(200);
		assertThat(FAULTY.stats("iris-sepal").received()).isEqualTo(1);
	}

	private static JsonNode output(JsonNode response, String name) {
		for (JsonNode output : response.get("outputs")) {
			if (output.get("name").asString().equals(name)) {
				return output;
			}
		}
		throw new AssertionError("no output " + name + " in " + response);
	}

	private static long[] shape(JsonNode tensor) {
		long[] shape = new long[tensor.get("shape").size()];
		for (int i = 0; i < shape.length; i++) {
			shape[i] = tensor.get("shape").get(i).asLong();
		}
		return shape;
	}

	private static double[] probabilities(HttpResponse<String> response) {
		assertThat(response.statusCode()).isEqualTo(200);
		JsonNode data = output(json(response), "probabilities").get("data");
		double[] values = new double[data.size()];
		for (int i = 0; i < values.length; i++) {
			values[i] = data.get(i).asDouble();
		}
		return values;
	}

}
