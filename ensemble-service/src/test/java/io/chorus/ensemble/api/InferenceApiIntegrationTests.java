package io.chorus.ensemble.api;

import java.net.URI;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;

import org.junit.jupiter.api.Test;
import tools.jackson.databind.JsonNode;

import io.chorus.ensemble.support.EnsembleServiceIntegrationTest;

import static io.chorus.ensemble.support.TestMocks.HEALTHY;
import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.within;

class InferenceApiIntegrationTests extends EnsembleServiceIntegrationTest {

	private static final String ONE_ROW = "{\"inputs\":[{\"name\":\"features\",\"shape\":[1,4],\"datatype\":\"FP32\",\"data\":[6.0,2.9,4.5,1.5]}]}";

	@Test
	void servesTheEnsembleUnderAVersionedPathToo() {
		assertThat(post("/v2/models/trio/versions/1/infer", ONE_ROW).statusCode()).isEqualTo(200);
		HttpResponse<String> wrongVersion = post("/v2/models/trio/versions/7/infer", ONE_ROW);
		assertThat(wrongVersion.statusCode()).isEqualTo(404);
		assertThat(json(wrongVersion).get("error").asString()).contains("no version '7'");
	}

	@Test
	void echoesTheRequestIdHeaderAndPassesItToEveryMember() {
		HttpResponse<String> response = post("/v2/models/vote/infer", ONE_ROW, "X-Request-Id", "req-abc-123");
		assertThat(response.statusCode()).isEqualTo(200);
		assertThat(response.headers().firstValue("X-Request-Id")).hasValue("req-abc-123");
		for (String model : new String[] { "iris-sepal", "iris-petal", "iris-full" }) {
			assertThat(HEALTHY.stats(model).recentRequestIds()).contains("req-abc-123");
		}
	}

	@Test
	void generatesARequestIdWhenTheClientSendsNone() {
		HttpResponse<String> response = post("/v2/models/vote/infer", ONE_ROW);
		assertThat(response.headers().firstValue("X-Request-Id")).hasValueSatisfying((id) -> assertThat(id).hasSize(36));
	}

	@Test
	void majorityVoteReportsLabelsAndAgreement() {
		HttpResponse<String> response = post("/v2/models/vote/infer", ONE_ROW);
		JsonNode json = json(response);
		assertThat(json.get("outputs")).hasSize(1);
		assertThat(json.get("outputs").get(0).get("name").asString()).isEqualTo("label");
		assertThat(json.get("outputs").get(0).get("datatype").asString()).isEqualTo("INT64");
		double agreement = json.get("parameters").get("chorus.agreement").asDouble();
		assertThat(agreement).isIn(1.0 / 3, 2.0 / 3, 1.0);
	}

	@Test
	void meanOfTwoRegressionsMatchesTheirDirectAnswers() {
		double three = prediction(postTo(HEALTHY.baseUrl() + "/v2/models/iris-petal-width/infer", ONE_ROW));
		double one = prediction(postTo(HEALTHY.baseUrl() + "/v2/models/iris-petal-width-petal/infer", ONE_ROW));
		double mean = prediction(post("/v2/models/width/infer", ONE_ROW));
		assertThat(mean).isCloseTo((three + one) / 2, within(1e-5));
	}

	@Test
	void returnsOnlyTheOutputsTheClientAsksFor() {
		String body = ONE_ROW.replace("]}]}", "]}],\"outputs\":[{\"name\":\"label\"}]}");
		JsonNode json = json(post("/v2/models/trio/infer", body));
		assertThat(json.get("outputs")).hasSize(1);
		assertThat(json.get("outputs").get(0).get("name").asString()).isEqualTo("label");

		HttpResponse<String> unknown = post("/v2/models/trio/infer", ONE_ROW.replace("]}]}", "]}],\"outputs\":[{\"name\":\"nope\"}]}"));
		assertThat(unknown.statusCode()).isEqualTo(400);
		assertThat(json(unknown).get("error").asString()).contains("unknown output 'nope'");
	}

	@Test
	void perMemberDetailCanBeAskedForWithARequestParameter() {
		String body = ONE_ROW.replace("{\"inputs\"", "{\"parameters\":{\"chorus.detail\":true},\"inputs\"");
		JsonNode parameters = json(post("/v2/models/trio/infer", body)).get("parameters");
		assertThat(parameters.get("chorus.member.petal.outcome").asString()).isEqualTo("ok");
		assertThat(parameters.get("chorus.member.petal.latency_ms").isNumber()).isTrue();
		assertThat(parameters.get("chorus.member.petal.attempts").asInt()).isEqualTo(1);
		// Protocol rule: every parameter value is a string, number or boolean.
		parameters.properties().forEach((e) -> assertThat(e.getValue().isValueNode()).isTrue());
		assertThat(json(post("/v2/models/trio/infer", ONE_ROW)).get("parameters").has("chorus.member.petal.outcome"))
			.isFalse();
	}

	@Test
	void servesV1Predict() {
		HttpResponse<String> response = post("/v1/models/trio:predict", "{\"instances\":[[5.1,3.5,1.4,0.2],[6.3,2.8,5.1,1.5]]}");
		assertThat(response.statusCode()).isEqualTo(200);
		JsonNode predictions = json(response).get("predictions");
		assertThat(predictions).hasSize(2);
		assertThat(predictions.get(0)).hasSize(3);
		assertThat(predictions.get(0).get(0).asDouble()).isGreaterThan(0.5);
		assertThat(json(get("/v1/models/trio")).get("ready").asBoolean()).isTrue();
		assertThat(json(response).has("parameters")).as("a plain v1 answer stays plain v1").isFalse();
	}

	@Test
	void v1PredictAddsTheBreakdownBesideThePredictionsWhenAskedFor() {
		HttpResponse<String> response = post("/v1/models/trio:predict", "{\"instances\":[[5.1,3.5,1.4,0.2]]}",
				"X-Chorus-Detail", "true");
		assertThat(response.statusCode()).isEqualTo(200);
		JsonNode json = json(response);
		assertThat(json.get("predictions")).hasSize(1);
		assertThat(json.get("parameters").get("chorus.member.sepal.outcome").asString()).isEqualTo("ok");
		assertThat(json.get("parameters").get("chorus.answered").asInt()).isEqualTo(3);
	}

	@Test
	void derivesMetadataFromTheMembersAndTheStrategy() {
		HttpResponse<String> response = get("/v2/models/trio");
		assertThat(response.statusCode()).isEqualTo(200);
		JsonNode json = json(response);
		assertThat(json.get("name").asString()).isEqualTo("trio");
		assertThat(json.get("inputs").get(0).get("name").asString()).isEqualTo("features");
		assertThat(json.get("outputs")).hasSize(2);
		assertThat(json.get("outputs").get(0).get("name").asString()).isEqualTo("probabilities");
		assertThat(json.get("outputs").get(1).get("name").asString()).isEqualTo("label");
		assertThat(json.get("outputs").get(1).get("datatype").asString()).isEqualTo("INT64");
		assertThat(json.get("outputs").get(0).get("shape").get(0).asLong()).isEqualTo(-1);
	}

	@Test
	void reportsHealthAndReadiness() {
		assertThat(get("/v2/health/live").statusCode()).isEqualTo(200);
		assertThat(json(get("/v2/models/trio/ready")).get("ready").asBoolean()).isTrue();
		assertThat(json(get("/v2")).get("name").asString()).isEqualTo("chorus");
		assertThat(getManagement("/actuator/health/liveness").statusCode()).isEqualTo(200);
		assertThat(getManagement("/actuator/health/readiness").statusCode()).isEqualTo(200);
	}

	@Test
	void listsEveryEnsembleInTheRepositoryIndexSortedByName() {
		HttpResponse<String> response = post("/v2/repository/index", "{}");
		assertThat(response.statusCode()).isEqualTo(200);
		JsonNode index = json(response);
		java.util.List<String> names = new java.util.ArrayList<>();
		index.forEach((model) -> names.add(model.get("name").asString()));
		assertThat(names).contains("trio", "vote", "width").isSorted();
		JsonNode trio = index.get(names.indexOf("trio"));
		assertThat(trio.get("version").asString()).isEqualTo("1");
		assertThat(trio.get("state").asString()).isEqualTo("READY");
		assertError(get("/v2/repository/index"), 405, "method GET is not allowed");
	}

	@Test
	void rejectsMalformedJsonWith400() {
		assertError(post("/v2/models/trio/infer", "{\"inputs\": [ {"), 400, "malformed JSON");
	}

	@Test
	void rejectsMissingOrEmptyInputsWith400() {
		assertError(post("/v2/models/trio/infer", "{\"id\":\"x\"}"), 400, "missing 'inputs'");
		assertError(post("/v2/models/trio/infer", "{\"inputs\":[]}"), 400, "no 'inputs'");
		assertError(post("/v2/models/trio/infer", ""), 400, "body is empty");
	}

	@Test
	void rejectsShapeDataMismatchWith400() {
		assertError(post("/v2/models/trio/infer",
				"{\"inputs\":[{\"name\":\"features\",\"shape\":[2,4],\"datatype\":\"FP32\",\"data\":[1,2,3,4]}]}"), 400,
				"has shape [2, 4] (8 elements) but 4 data elements");
	}

	@Test
	void rejectsUnknownDatatypeWith400() {
		assertError(post("/v2/models/trio/infer",
				"{\"inputs\":[{\"name\":\"features\",\"shape\":[1,4],\"datatype\":\"FP128\",\"data\":[1,2,3,4]}]}"), 400,
				"unknown datatype 'FP128'");
	}

	@Test
	void passesMembersRefusalOfTheInputBackAs400() {
		HttpResponse<String> response = post("/v2/models/trio/infer",
				"{\"inputs\":[{\"name\":\"features\",\"shape\":[1,3],\"datatype\":\"FP32\",\"data\":[1,2,3]}]}");
		assertThat(response.statusCode()).isEqualTo(400);
		assertThat(json(response).get("error").asString()).contains("refused the input");
		assertThat(json(response).get("members")).hasSize(3);
		assertThat(response.headers().firstValue("Content-Type")).hasValue("application/problem+json");
		assertThat(json(response).get("title").asString()).isEqualTo("Bad Request");
		assertThat(json(response).get("request_id").asString()).isNotBlank();
	}

	@Test
	void rejectsUnknownEnsembleWith404() {
		assertError(post("/v2/models/nope/infer", ONE_ROW), 404, "unknown model 'nope'");
		assertError(get("/v2/models/nope"), 404, "unknown model 'nope'");
		assertError(get("/v2/nothing/here"), 404, "no such endpoint");
	}

	@Test
	void rejectsAKnownPathWithTheWrongMethodWith405() {
		assertError(get("/v2/models/trio/infer"), 405, "method GET is not allowed on /v2/models/trio/infer");
		assertError(post("/v2/health/live", "{}"), 405, "method POST is not allowed");
	}

	@Test
	void rejectsUnsupportedMediaTypeWith415() {
		HttpResponse<String> response = send(HttpRequest.newBuilder(URI.create("http://127.0.0.1:" + this.port + "/v2/models/trio/infer"))
			.header("Content-Type", "application/x-www-form-urlencoded")
			.POST(HttpRequest.BodyPublishers.ofString(ONE_ROW)));
		assertError(response, 415, "Content-Type: application/json");
	}

	@Test
	void rejectsOversizedBodyWith413() {
		String huge = "{\"inputs\":[{\"name\":\"features\",\"shape\":[1,4],\"datatype\":\"FP32\",\"data\":[1,2,3,4]}],\"pad\":\""
				+ "x".repeat(100 * 1024) + "\"}";
		assertError(post("/v2/models/trio/infer", huge), 413, "request body is larger than the limit of 65536 bytes");
	}

	@Test
	void rejectsAnOversizedChunkedBodyWithTheSameMessage() {
		byte[] huge = ("{\"pad\":\"" + "x".repeat(100 * 1024) + "\"}").getBytes(java.nio.charset.StandardCharsets.UTF_8);
		HttpResponse<String> response = send(HttpRequest.newBuilder(URI.create("http://127.0.0.1:" + this.port + "/v2/models/trio/infer"))
			.header("Content-Type", "application/json")
			.POST(HttpRequest.BodyPublishers.ofInputStream(() -> new java.io.ByteArrayInputStream(huge))));
		assertError(response, 413, "request body is larger than the limit of 65536 bytes");
	}

	@Test
	void answersErrorsAsProblemDetailsWithTheRequestId() {
		HttpResponse<String> response = post("/v2/models/nope/infer", ONE_ROW, "X-Request-Id", "shape-1");
		assertError(response, 404, "unknown model 'nope'");
		JsonNode json = json(response);
		assertThat(json.get("type").asString()).isEqualTo("about:blank");
		assertThat(json.get("title").asString()).isEqualTo("Not Found");
		assertThat(json.get("detail").asString()).isEqualTo(json.get("error").asString());
		assertThat(json.get("request_id").asString()).isEqualTo("shape-1");
	}

	@Test
	void rejectsABadDeadlineHeaderWith400() {
		assertError(post("/v2/models/trio/infer", ONE_ROW, "X-Chorus-Deadline-Ms", "soon"), 400, "X-Chorus-Deadline-Ms");
	}

	@Test
	void publishesRequestMemberAndBreakerMetricsToPrometheus() {
		post("/v2/models/trio/infer", ONE_ROW);
		String scrape = getManagement("/actuator/prometheus").body();
		assertThat(scrape).contains("chorus_ensemble_requests_seconds_bucket{")
			.contains("ensemble=\"trio\"")
			.contains("chorus_member_calls_seconds_count{")
			.contains("member=\"petal\"")
			.contains("chorus_ensemble_in_flight")
			.contains("resilience4j_circuitbreaker_state");
	}

	private static void assertError(HttpResponse<String> response, int status, String message) {
		assertThat(response.statusCode()).isEqualTo(status);
		assertThat(response.headers().firstValue("Content-Type")).hasValueSatisfying((t) -> assertThat(t).contains("application/problem+json"));
		JsonNode json = json(response);
		assertThat(json.get("error").asString()).contains(message);
		assertThat(json.get("detail").asString()).isEqualTo(json.get("error").asString());
		assertThat(json.get("status").asInt()).isEqualTo(status);
		assertThat(response.body()).doesNotContain("Exception").doesNotContain("\tat ");
	}

	private static double prediction(HttpResponse<String> response) {
		assertThat(response.statusCode()).isEqualTo(200);
		return json(response).get("outputs").get(0).get("data").get(0).asDouble();
	}

}
