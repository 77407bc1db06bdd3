package io.chorus.mock.admin;

import java.net.http.HttpResponse;
import java.time.Duration;

import io.chorus.mock.BlockHoundExtension;
import io.chorus.mock.MockHttp;
import io.chorus.mock.MockServer;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.ExtendWith;
import tools.jackson.databind.JsonNode;

import static io.chorus.mock.MockHttp.get;
import static io.chorus.mock.MockHttp.json;
import static io.chorus.mock.MockHttp.post;
import static org.assertj.core.api.Assertions.assertThat;

@ExtendWith(BlockHoundExtension.class)
class AdminApiIntegrationTests {

	private static MockServer mock;

	private static String admin;

	@BeforeAll
	static void start() {
		mock = MockServer.startDemo();
		admin = "http://127.0.0.1:" + mock.adminPort() + "/admin";
	}

	@AfterAll
	static void stop() {
		mock.close();
	}

	@BeforeEach
	void reset() {
		mock.resetBehavior("iris-petal");
		mock.resetStats();
	}

	@Test
	void listsTheServedModels() throws Exception {
		JsonNode models = json(get(admin + "/models")).get("models");
		assertThat(models.size()).isEqualTo(MockServer.DEMO_MODELS.size());
		assertThat(models.get(0).get("name").stringValue()).isEqualTo("iris-sepal");
		assertThat(models.get(3).get("outputs").toString()).isEqualTo("[\"prediction\"]");
	}

	@Test
	void getShowsTheStartupBehavior() throws Exception {
		JsonNode behavior = json(get(admin + "/models/iris-petal/behavior"));
		assertThat(behavior.get("latency").get("type").stringValue()).isEqualTo("fixed");
		assertThat(behavior.get("latency").get("ms").doubleValue()).isZero();
		assertThat(behavior.get("errorRate").doubleValue()).isZero();
	}

	@Test
	void putReplacesTheWholeBehaviorAndTheNextRequestSeesIt() throws Exception {
		put("/models/iris-petal/behavior", "{\"errorRate\": 1, \"errorStatus\": 429}");
		HttpResponse<String> replaced = put("/models/iris-petal/behavior", "{\"errorRate\": 1, \"errorStatus\": 503}");
		assertThat(replaced.statusCode()).isEqualTo(200);
		assertThat(json(replaced).get("errorStatus").intValue()).isEqualTo(503);
		HttpResponse<String> infer = post(mock.baseUrl() + "/v2/models/iris-petal/infer", MockHttp.ONE_ROW);
		assertThat(infer.statusCode()).isEqualTo(503);
		assertThat(infer.headers().firstValue("retry-after")).hasValue("1");
		put("/models/iris-petal/behavior", "{\"latency\": {\"type\": \"fixed\", \"ms\": 5}}");
		JsonNode now = json(get(admin + "/models/iris-petal/behavior"));
		assertThat(now.get("errorRate").doubleValue()).as("replace, not merge").isZero();
		assertThat(now.get("latency").get("ms").doubleValue()).isEqualTo(5);
	}

	@Test
	void deleteRestoresTheStartupBehavior() throws Exception {
		put("/models/iris-petal/behavior", "{\"hangRate\": 1}");
		HttpResponse<String> deleted = MockHttp.send("DELETE", admin + "/models/iris-petal/behavior", null,
				Duration.ofSeconds(5));
		assertThat(deleted.statusCode()).isEqualTo(200);
		assertThat(json(deleted).get("hangRate").doubleValue()).isZero();
		assertThat(post(mock.baseUrl() + "/v2/models/iris-petal/infer", MockHttp.ONE_ROW).statusCode()).isEqualTo(200);
	}

	@Test
	void putWithUnknownOrInvalidFieldsIs400NamingThemAndChangesNothing() throws Exception {
		HttpResponse<String> unknown = put("/models/iris-petal/behavior", "{\"errrorRate\": 0.1}");
		assertThat(unknown.statusCode()).isEqualTo(400);
		assertThat(json(unknown).get("error").stringValue()).isEqualTo("unknown field 'errrorRate'");
		HttpResponse<String> invalid = put("/models/iris-petal/behavior", "{\"errorRate\": 2}");
		assertThat(invalid.statusCode()).isEqualTo(400);
		assertThat(json(invalid).get("error").stringValue()).contains("errorRate must be between 0 and 1");
		HttpResponse<String> malformed = put("/models/iris-petal/behavior", "{\"errorRate\": ");
		assertThat(malformed.statusCode()).isEqualTo(400);
		assertThat(json(malformed).get("error").stringValue()).contains("malformed JSON");
		assertThat(json(get(admin + "/models/iris-petal/behavior")).get("errorRate").doubleValue()).isZero();
	}

	@Test
	void statsCountRequestsAndResetZeroesThem() throws Exception {
		post(mock.baseUrl() + "/v2/models/iris-petal/infer", MockHttp.ONE_ROW, "X-Request-Id", "id-1");
		post(mock.baseUrl() + "/v2/models/iris-petal/infer", "{}");
		JsonNode stats = awaitCompleted(2);
		assertThat(stats.get("received").longValue()).isEqualTo(2);
		assertThat(stats.get("cancelled").longValue()).isZero();
		assertThat(stats.get("inFlight").longValue()).isZero();
		assertThat(stats.get("recentRequestIds").toString()).isEqualTo("[\"id-1\"]");
		HttpResponse<String> reset = post(admin + "/stats/reset", "");
		assertThat(reset.statusCode()).isEqualTo(200);
		assertThat(json(get(admin + "/models/iris-petal/stats")).get("received").longValue()).isZero();
	}

	@Test
	void unknownModelIs404AndWrongMethodIs405() throws Exception {
		HttpResponse<String> missing = get(admin + "/models/nope/behavior");
		assertThat(missing.statusCode()).isEqualTo(404);
		assertThat(json(missing).get("error").stringValue()).isEqualTo("model 'nope' not found");
		assertThat(put("/models/nope/behavior", "{}").statusCode()).isEqualTo(404);
		assertThat(get(admin + "/models/nope/stats").statusCode()).isEqualTo(404);
		assertThat(get(admin + "/stats/reset").statusCode()).isEqualTo(405);
		assertThat(post(admin + "/models/iris-petal/behavior", "{}").statusCode()).isEqualTo(405);
		assertThat(get(admin + "/nothing").statusCode()).isEqualTo(404);
	}

	private static JsonNode awaitCompleted(long expected) throws Exception {
		long deadline = System.nanoTime() + Duration.ofSeconds(5).toNanos();
		JsonNode stats = json(get(admin + "/models/iris-petal/stats"));
		while (stats.get("completed").longValue() < expected && System.nanoTime() < deadline) {
			Thread.sleep(20);
			stats = json(get(admin + "/models/iris-petal/stats"));
		}
		assertThat(stats.get("completed").longValue()).isEqualTo(expected);
		return stats;
	}

	private static HttpResponse<String> put(String path, String body) throws Exception {
		return MockHttp.send("PUT", admin + path, body, Duration.ofSeconds(5));
	}

}
