package io.chorus.ensemble.cascade;

import java.net.http.HttpResponse;

import io.github.resilience4j.circuitbreaker.CircuitBreakerRegistry;
import org.junit.jupiter.api.Test;
import tools.jackson.databind.JsonNode;

import org.springframework.beans.factory.annotation.Autowired;

import io.chorus.ensemble.support.EnsembleServiceIntegrationTest;

import static io.chorus.ensemble.support.TestMocks.FAULTY;
import static io.chorus.ensemble.support.TestMocks.HEALTHY;
import static org.assertj.core.api.Assertions.assertThat;

class CascadeIntegrationTests extends EnsembleServiceIntegrationTest {

	private static final double[] SETOSA = { 5.1, 3.5, 1.4, 0.2 };

	private static final double[] BORDERLINE = { 6.3, 2.8, 5.1, 1.5 };

	@Autowired
	private CircuitBreakerRegistry breakers;

	@Test
	void answersFromTheFirstStageWhenItIsConfident() {
		HttpResponse<String> response = post("/v2/models/cascade/infer", irisRequest("c", SETOSA), "X-Chorus-Detail", "true");

		assertThat(response.statusCode()).isEqualTo(200);
		JsonNode parameters = json(response).get("parameters");
		assertThat(parameters.get("chorus.cascade.stage").asInt()).isEqualTo(1);
		assertThat(parameters.get("chorus.answered").asInt()).isEqualTo(1);
		assertThat(json(response).get("outputs").get(1).get("data").get(0).asInt()).isZero();
		assertThat(FAULTY.stats("iris-sepal").received()).isZero();
		assertThat(FAULTY.stats("iris-full").received()).isZero();
	}

	@Test
	void fallsBackToTheNextStageWhenTheFirstIsNotConfidentAndSettlesBothStagesVerdicts() {
		var petal = this.breakers.circuitBreaker("cascade.petal").getMetrics();
		int successesBefore = petal.getNumberOfSuccessfulCalls();
		HttpResponse<String> response = post("/v2/models/cascade/infer", irisRequest("c", BORDERLINE), "X-Chorus-Detail", "true");

		assertThat(response.statusCode()).isEqualTo(200);
		JsonNode parameters = json(response).get("parameters");
		assertThat(parameters.get("chorus.cascade.stage").asInt()).isEqualTo(2);
		assertThat(parameters.get("chorus.answered").asInt()).isEqualTo(3);
		assertThat(FAULTY.stats("iris-sepal").received()).isEqualTo(1);
		assertThat(FAULTY.stats("iris-full").received()).isEqualTo(1);
		// petal answered in both stages; each stage's gathering accepted its answer once.
		assertThat(HEALTHY.stats("iris-petal").received()).isEqualTo(2);
		assertThat(petal.getNumberOfSuccessfulCalls() - successesBefore).isEqualTo(2);
	}

	@Test
	void theLastStageKeepsItsQuorumAndTheRequestsDeadline() {
		FAULTY.behavior("iris-sepal", "{\"latency\": {\"type\": \"fixed\", \"ms\": 3000}}");
		FAULTY.behavior("iris-full", "{\"latency\": {\"type\": \"fixed\", \"ms\": 3000}}");
		long start = System.nanoTime();
		HttpResponse<String> response = post("/v2/models/cascade/infer", irisRequest("c", BORDERLINE));
		long took = (System.nanoTime() - start) / 1_000_000;

		assertThat(response.statusCode()).isEqualTo(504);
		assertThat(took).isLessThan(2500);
	}

}
