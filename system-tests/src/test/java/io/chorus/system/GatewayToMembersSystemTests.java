package io.chorus.system;

import java.io.IOException;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.time.Duration;

import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import tools.jackson.databind.JsonNode;
import tools.jackson.databind.json.JsonMapper;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

/**
 * A client request through the real gateway and ensemble-service processes to the mock members.
 */
class GatewayToMembersSystemTests {

	private static final String ROWS = "{\"inputs\":[{\"name\":\"features\",\"shape\":[2,4],\"datatype\":\"FP32\","
			+ "\"data\":[5.1,3.5,1.4,0.2,6.3,2.8,5.1,1.5]}]}";

	private static final HttpClient HTTP = HttpClient.newBuilder().connectTimeout(Duration.ofSeconds(5)).build();

	private static LocalStack stack;

	@BeforeAll
	static void start() throws Exception {
		stack = new LocalStack();
	}

	@AfterAll
	static void stop() throws Exception {
		if (stack != null) {
			stack.close();
		}
	}

	@BeforeEach
	void heal() {
		for (String model : new String[] { "iris-sepal", "iris-petal", "iris-full" }) {
			stack.mock.resetBehavior(model);
		}
	}

	@Test
	void theRequestIdReachesEveryMemberAndComesBack() throws Exception {
		HttpResponse<String> response = post("/v2/models/e2e/infer", ROWS, "X-Request-Id", "e2e-request-42");
		assertThat(response.statusCode()).as(response.body()).isEqualTo(200);
		assertThat(response.headers().firstValue("X-Request-Id")).hasValue("e2e-request-42");
		for (String model : new String[] { "iris-sepal", "iris-petal", "iris-full" }) {
			assertThat(stack.mock.stats(model).recentRequestIds()).contains("e2e-request-42");
		}
	}

	@Test
	void answersAnAggregatedPredictionWithThePerMemberBreakdown() throws Exception {
		HttpResponse<String> response = post("/v2/models/e2e/infer", ROWS, "X-Chorus-Detail", "true");
		JsonNode json = JsonMapper.shared().readTree(response.body());
		assertThat(json.get("model_name").asString()).isEqualTo("e2e");
		assertThat(json.get("parameters").get("chorus.answered").asInt()).isEqualTo(3);
		assertThat(json.get("parameters").get("chorus.member.full.outcome").asString()).isEqualTo("ok");
		JsonNode labels = json.get("outputs").get(1);
		assertThat(labels.get("name").asString()).isEqualTo("label");
		assertThat(labels.get("data").get(0).asInt()).isZero();
	}

	@Test
	void aMemberFailureArrivesDegradedNotFailed() throws Exception {
		stack.mock.behavior("iris-full", "{\"errorRate\": 1.0, \"errorStatus\": 500}");
		HttpResponse<String> response = post("/v2/models/e2e/infer", ROWS);
		assertThat(response.statusCode()).isEqualTo(200);
		assertThat(JsonMapper.shared().readTree(response.body()).get("parameters").get("chorus.degraded").asBoolean())
			.isTrue();
	}

	@Test
	void aLostQuorumIsA503ThatListsTheMembersThroughTheGateway() throws Exception {
		stack.mock.behavior("iris-full", "{\"errorRate\": 1.0, \"errorStatus\": 500}");
		stack.mock.behavior("iris-petal", "{\"errorRate\": 1.0, \"errorStatus\": 503}");
		HttpResponse<String> response = post("/v2/models/e2e/infer", ROWS);
		assertThat(response.statusCode()).isEqualTo(503);
		JsonNode json = JsonMapper.shared().readTree(response.body());
		assertThat(json.get("error").asString()).contains("quorum not reached");
		assertThat(json.get("members")).hasSize(3);
	}

	@Test
	void theGatewayRefusesAMissingKeyAndAnEnsembleTheKeyMayNotUse() throws Exception {
		HttpResponse<String> anonymous = HTTP.send(request("/v2/models/e2e/infer", ROWS).build(),
				HttpResponse.BodyHandlers.ofString());
		assertThat(anonymous.statusCode()).isEqualTo(401);
		assertThat(anonymous.body()).contains("\"error\"");
		assertThat(post("/v2/models/other/infer", ROWS).statusCode()).isEqualTo(403);
	}

	@Test
	void aClientThatGivesUpCancelsEveryMemberCallThroughBothHops() throws Exception {
		for (String model : new String[] { "iris-sepal", "iris-petal", "iris-full" }) {
			stack.mock.behavior(model, "{\"latency\": {\"type\": \"fixed\", \"ms\": 2500}}");
		}
		stack.mock.resetStats();
		HttpRequest impatient = request("/v2/models/e2e/infer", ROWS).header("Authorization", "Bearer " + LocalStack.KEY)
			.timeout(Duration.ofMillis(600))
			.build();
		assertThatThrownBy(() -> HTTP.send(impatient, HttpResponse.BodyHandlers.ofString()))
			.isInstanceOf(java.net.http.HttpTimeoutException.class);
		// The client's abort crosses the gateway and ensemble-service and reaches every member's connection.
		long deadline = System.nanoTime() + Duration.ofMillis(1800).toNanos();
		long cancelled = 0;
		while (System.nanoTime() < deadline) {
			cancelled = 0;
			for (String model : new String[] { "iris-sepal", "iris-petal", "iris-full" }) {
				cancelled += stack.mock.stats(model).cancelled();
			}
			if (cancelled == 3) {
				break;
			}
			Thread.sleep(50);
		}
		assertThat(cancelled).isEqualTo(3);
		for (String model : new String[] { "iris-sepal", "iris-petal", "iris-full" }) {
			assertThat(stack.mock.stats(model).completed()).isZero();
		}
	}

	private static HttpResponse<String> post(String path, String body, String... headers)
			throws IOException, InterruptedException {
		HttpRequest.Builder builder = request(path, body).header("Authorization", "Bearer " + LocalStack.KEY);
		for (int i = 0; i + 1 < headers.length; i += 2) {
			builder.header(headers[i], headers[i + 1]);
		}
		return HTTP.send(builder.build(), HttpResponse.BodyHandlers.ofString());
	}

	private static HttpRequest.Builder request(String path, String body) {
		return HttpRequest.newBuilder(URI.create("http://127.0.0.1:" + stack.gatewayPort + path))
			.timeout(Duration.ofSeconds(30))
			.header("Content-Type", "application/json")
			.POST(HttpRequest.BodyPublishers.ofString(body));
	}

}
