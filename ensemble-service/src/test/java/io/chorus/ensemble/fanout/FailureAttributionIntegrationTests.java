package io.chorus.ensemble.fanout;

import java.net.http.HttpResponse;
import java.util.List;

import io.github.resilience4j.circuitbreaker.CircuitBreaker;
import io.github.resilience4j.circuitbreaker.CircuitBreakerRegistry;
import io.micrometer.core.instrument.MeterRegistry;
import io.micrometer.core.instrument.Timer;
import org.junit.jupiter.api.Test;
import tools.jackson.databind.JsonNode;

import org.springframework.beans.factory.annotation.Autowired;

import io.chorus.ensemble.support.EnsembleServiceIntegrationTest;

import static io.chorus.ensemble.support.TestMocks.FAULTY;
import static org.assertj.core.api.Assertions.assertThat;

/**
 * Who is blamed for what: a client's behaviour never counts against a member, a member's fault is never
 * blamed on the client.
 */
class FailureAttributionIntegrationTests extends EnsembleServiceIntegrationTest {

	private static final double[] SETOSA = { 5.1, 3.5, 1.4, 0.2 };

	private static final double[] VERSICOLOR = { 6.0, 2.9, 4.5, 1.5 };

	@Autowired
	private CircuitBreakerRegistry breakers;

	@Autowired
	private MeterRegistry meters;

	@Test
	void aClientsShortDeadlinesNeverOpenHealthyMembersBreakers() {
		// Budgets of 1 ms start no attempt; 7-9 ms start attempts that the deadline, not the member, cuts short.
		for (int i = 0; i < 300; i++) {
			String deadline = (i % 3 == 0) ? "1" : String.valueOf(7 + i % 3);
			HttpResponse<String> response = post("/v2/models/tight/infer", irisRequest("d" + i, SETOSA),
					"X-Chorus-Deadline-Ms", deadline);
			assertThat(response.statusCode()).isIn(200, 504);
		}
		for (String member : List.of("sepal", "petal", "full")) {
			CircuitBreaker breaker = this.breakers.circuitBreaker("tight." + member);
			assertThat(breaker.getState()).as(member).isEqualTo(CircuitBreaker.State.CLOSED);
			assertThat(breaker.getMetrics().getNumberOfFailedCalls()).as(member).isZero();
		}
		HttpResponse<String> normal = post("/v2/models/tight/infer", irisRequest("n", SETOSA));
		assertThat(normal.statusCode()).isEqualTo(200);
		assertThat(json(normal).get("parameters").get("chorus.degraded").asBoolean()).isFalse();
	}

	@Test
	void aDeadlineTooShortToStartAnAttemptCallsNoMember() {
		FAULTY.resetStats();
		HttpResponse<String> response = post("/v2/models/blame/infer", irisRequest("d", SETOSA),
				"X-Chorus-Deadline-Ms", "2");
		assertThat(response.statusCode()).isEqualTo(504);
		assertThat(json(response).get("members")).hasSize(3).allSatisfy((m) -> {
			assertThat(m.get("outcome").asString()).isEqualTo("deadline");
			assertThat(m.get("attempts").asInt()).isZero();
		});
		assertThat(FAULTY.stats("iris-full").received()).isZero();
	}

	@Test
	void theDeadlineForwardedToMembersIsAWholePositiveNumberOfMilliseconds() {
		FAULTY.behavior("iris-full", "{\"latency\": {\"type\": \"fixed\", \"ms\": 1}}");
		for (int i = 0; i < 20; i++) {
			post("/v2/models/blame/infer", irisRequest("h" + i, SETOSA), "X-Chorus-Deadline-Ms", "6");
		}
		assertThat(FAULTY.recentDeadlines("iris-full")).isNotEmpty().allSatisfy((value) -> assertThat(value)
			.matches("[1-9][0-9]*"));
	}

	@Test
	void aMemberAnswering404ForeverTripsItsBreakerAndIsNotBlamedOnTheClient() {
		FAULTY.behavior("iris-petal-width", "{\"errorRate\": 1.0, \"errorStatus\": 404}");
		HttpResponse<String> first = post("/v2/models/breaker/infer", irisRequest("r", SETOSA));
		assertThat(first.statusCode()).as("a member's 404 is its own fault: quorum lost, not bad input").isEqualTo(503);
		for (int i = 0; i < 4; i++) {
			post("/v2/models/breaker/infer", irisRequest("r" + i, SETOSA));
		}
		HttpResponse<String> tripped = post("/v2/models/breaker/infer", irisRequest("t", SETOSA));
		assertThat(json(tripped).get("members").get(0).get("outcome").asString()).isEqualTo("circuit-open");
		this.breakers.circuitBreaker("breaker.width").reset();
	}

	@Test
	void aMemberRefusingTheInputWith422IsTheClientsProblemAndNeverASuccess() {
		FAULTY.behavior("iris-petal-width", "{\"errorRate\": 1.0, \"errorStatus\": 422}");
		CircuitBreaker breaker = this.breakers.circuitBreaker("breaker.width");
		long successes = breaker.getMetrics().getNumberOfSuccessfulCalls();
		for (int i = 0; i < 6; i++) {
			HttpResponse<String> response = post("/v2/models/breaker/infer", irisRequest("r" + i, SETOSA));
			assertThat(response.statusCode()).isEqualTo(400);
			assertThat(json(response).get("members").get(0).get("outcome").asString()).isEqualTo("refused-input");
		}
		assertThat(breaker.getMetrics().getNumberOfSuccessfulCalls()).isEqualTo(successes);
		assertThat(breaker.getState()).isEqualTo(CircuitBreaker.State.CLOSED);
	}

	@Test
	void oneFastMemberWithTheWrongShapeDoesNotMakeTheRightOnesIncompatible() {
		FAULTY.behavior("iris-sepal", "{\"wrongShapeRate\": 1.0}");
		for (String model : List.of("iris-petal", "iris-full")) {
			FAULTY.behavior(model, "{\"latency\": {\"type\": \"fixed\", \"ms\": 150}}");
		}
		long incompatible = count("shape", "sepal", "incompatible");
		long ok = count("shape", "sepal", "ok");
		CircuitBreaker sepal = this.breakers.circuitBreaker("shape.sepal");
		long failed = sepal.getMetrics().getNumberOfFailedCalls();
		long succeeded = sepal.getMetrics().getNumberOfSuccessfulCalls();

		HttpResponse<String> response = post("/v2/models/shape/infer", irisRequest("s", SETOSA, VERSICOLOR),
				"X-Chorus-Detail", "true");

		assertThat(response.statusCode()).as(response.body()).isEqualTo(200);
		JsonNode parameters = json(response).get("parameters");
		assertThat(parameters.get("chorus.answered").asInt()).isEqualTo(3);
		assertThat(parameters.get("chorus.member.sepal.outcome").asString()).isEqualTo("incompatible");
		assertThat(parameters.get("chorus.member.full-again.outcome").asString()).isEqualTo("ok");
		assertThat(count("shape", "sepal", "incompatible")).isEqualTo(incompatible + 1);
		assertThat(count("shape", "sepal", "ok")).isEqualTo(ok);
		assertThat(sepal.getMetrics().getNumberOfFailedCalls()).isEqualTo(failed + 1);
		assertThat(sepal.getMetrics().getNumberOfSuccessfulCalls()).isEqualTo(succeeded);
	}

	@Test
	void aRetryThatCannotFitItsRealBackoffIsNotTriedSoA503StaysA503() {
		// Backoffs 50, 100, 200 ms within a 300 ms deadline: the third retry would start after the deadline.
		FAULTY.behavior("iris-full", "{\"errorRate\": 1.0, \"errorStatus\": 503}");
		HttpResponse<String> response = post("/v2/models/retry-deadline/infer", irisRequest("r", SETOSA));
		assertThat(response.statusCode()).as(response.body()).isEqualTo(503);
		JsonNode member = json(response).get("members").get(0);
		assertThat(member.get("outcome").asString()).isEqualTo("error");
		assertThat(member.get("attempts").asInt()).isEqualTo(3);
	}

	@Test
	void aStrategyThatCannotApplyToTheOutputAnswers503NotA500() {
		// A versicolor's predicted petal width (about 1.4) is neither a probability nor a class label.
		HttpResponse<String> response = post("/v2/models/width-vote/infer", irisRequest("w", VERSICOLOR));
		assertThat(response.statusCode()).isEqualTo(503);
		assertThat(json(response).get("error").asString()).contains("strategy 'soft-vote' cannot aggregate")
			.contains("neither a class label nor a probability");
	}

	@Test
	void clientsSeeNoMemberErrorTextOrInternalAddress() {
		FAULTY.behavior("iris-full", "{\"errorRate\": 1.0, \"errorStatus\": 500}");
		HttpResponse<String> failed = post("/v2/models/blame/infer", irisRequest("e", SETOSA));
		assertThat(failed.statusCode()).isEqualTo(503);
		assertThat(failed.body()).doesNotContain("injected fault").doesNotContain("error_detail");
		assertThat(json(failed).get("members").get(2).get("error").asString()).isEqualTo("HTTP 500");

		HttpResponse<String> down = post("/v2/models/blame-down/infer", irisRequest("e", SETOSA));
		assertThat(down.statusCode()).isEqualTo(503);
		assertThat(json(down).get("members").get(2).get("error").asString()).isEqualTo("connection refused");
		assertThat(down.body()).doesNotContain("127.0.0.1");
	}

	private long count(String ensemble, String member, String outcome) {
		Timer timer = this.meters.find("chorus.member.calls")
			.tags("ensemble", ensemble, "member", member, "outcome", outcome)
			.timer();
		return (timer != null) ? timer.count() : 0;
	}

}
