package io.chorus.system;

import java.io.IOException;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;

import com.atlassian.oai.validator.OpenApiInteractionValidator;
import com.atlassian.oai.validator.model.Request;
import com.atlassian.oai.validator.model.SimpleRequest;
import com.atlassian.oai.validator.model.SimpleResponse;
import com.atlassian.oai.validator.report.ValidationReport;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import tools.jackson.databind.JsonNode;
import tools.jackson.databind.json.JsonMapper;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * Holds the gateway's OpenAPI document to the product: real requests through the packaged gateway and
 * ensemble-service to the mock members — answers, and every error that can be provoked from outside — and each
 * real answer (status, headers, body) validated against the document the gateway serves. A document that drifts
 * from the code fails here.
 */
class ApiDocsConformanceSystemTests {

	private static final String OPEN_KEY = "conformance-key";

	private static final String THROTTLED_KEY = "throttled-key";

	private static final String ROWS = "{\"inputs\":[{\"name\":\"features\",\"shape\":[2,4],\"datatype\":\"FP32\","
			+ "\"data\":[5.1,3.5,1.4,0.2,6.3,2.8,5.1,1.5]}]}";

	private static final String[] MEMBERS = { "iris-sepal", "iris-petal", "iris-full" };

	private static final HttpClient HTTP = HttpClient.newBuilder().connectTimeout(Duration.ofSeconds(5)).build();

	private static LocalStack stack;

	private static String document;

	private static OpenApiInteractionValidator validator;

	@BeforeAll
	static void start() throws Exception {
		stack = new LocalStack(List.of("--chorus.gateway.auth.keys[1].client=conformance",
				"--chorus.gateway.auth.keys[1].sha256=" + LocalStack.sha256(OPEN_KEY),
				"--chorus.gateway.auth.keys[2].client=throttled",
				"--chorus.gateway.auth.keys[2].sha256=" + LocalStack.sha256(THROTTLED_KEY),
				// One request a minute for "throttled": its second request is a 429.
				"--chorus.gateway.rate-limit.clients.throttled.replenish-rate=1",
				"--chorus.gateway.rate-limit.clients.throttled.burst-capacity=60",
				"--chorus.gateway.rate-limit.clients.throttled.requested-tokens=60",
				"--chorus.gateway.limits.max-body-size=8KB"));
		HttpResponse<String> docs = HTTP.send(HttpRequest.newBuilder(uri("/v3/api-docs")).build(),
				HttpResponse.BodyHandlers.ofString());
		assertThat(docs.statusCode()).isEqualTo(200);
		document = docs.body();
		validator = OpenApiInteractionValidator.createForInlineApiSpecification(document).build();
	}

	@AfterAll
	static void stop() throws Exception {
		if (stack != null) {
			stack.close();
		}
	}

	@BeforeEach
	void heal() {
		for (String model : MEMBERS) {
			stack.mock.resetBehavior(model);
		}
	}

	@Test
	void theDocumentNamesTheEnsemblesEnsembleServiceServes() {
		JsonNode names = JsonMapper.shared().readTree(document).get("components").get("schemas").get("EnsembleName");
		List<String> listed = new ArrayList<>();
		names.get("enum").forEach((name) -> listed.add(name.asString()));
		assertThat(listed).containsExactly("e2e", "other");
		assertThat(names.get("x-chorus-catalog").asString()).isEqualTo("live");
	}

	@Test
	void everyAnswerOfTheApiMatchesTheDocument() throws Exception {
		exchange("POST", "/v2/models/e2e/infer", ROWS, 200, true);
		exchange("POST", "/v2/models/e2e/infer", ROWS, 200, true, "X-Chorus-Detail", "true", "X-Request-Id", "conf-1",
				"X-Chorus-Deadline-Ms", "2500", "traceparent", "00-4bf92f3577b34da6a3ce929d0e0e4736-00f067aa0ba902b7-01");
		exchange("POST", "/v2/models/e2e/versions/1/infer", ROWS, 200, true);
		exchange("POST", "/v2/models/other/infer", ROWS, 200, true);
		exchange("POST", "/v1/models/e2e:predict", "{\"instances\":[[5.1,3.5,1.4,0.2],[6.3,2.8,5.1,1.5]]}", 200, true);
		exchange("POST", "/v1/models/e2e:predict", "{\"instances\":[[5.1,3.5,1.4,0.2]]}", 200, true, "X-Chorus-Detail",
				"true");
		exchange("GET", "/v2/models/e2e", null, 200, true);
		exchange("GET", "/v2/models/e2e/versions/1", null, 200, true);
		exchange("GET", "/v2/models/e2e/ready", null, 200, true);
		exchange("GET", "/v2/models/e2e/versions/1/ready", null, 200, true);
		exchange("GET", "/v1/models/e2e", null, 200, true);
		exchange("GET", "/v2/health/live", null, 200, true);
		exchange("GET", "/v2/health/ready", null, 200, true);
		exchange("GET", "/v2", null, 200, true);
	}

	@Test
	void aStreamedAnswerMatchesTheDocument() throws Exception {
		HttpResponse<String> response = exchange("POST", "/v2/models/e2e/infer", ROWS, 200, true, "Accept",
				"text/event-stream");
		assertThat(response.headers().firstValue("Content-Type")).hasValueSatisfying(
				(type) -> assertThat(type).startsWith("text/event-stream"));
		assertThat(response.body()).contains("event:member").contains("event:result");
	}

	@Test
	void everyRefusalTheGatewayMakesMatchesTheDocument() throws Exception {
		HttpResponse<String> anonymous = send("POST", "/v2/models/e2e/infer", ROWS, null);
		assertResponseConforms("POST", "/v2/models/e2e/infer", anonymous, 401);
		HttpResponse<String> badKey = send("POST", "/v2/models/e2e/infer", ROWS, "not-a-key");
		assertResponseConforms("POST", "/v2/models/e2e/infer", badKey, 401);
		HttpResponse<String> forbidden = send("POST", "/v2/models/other/infer", ROWS, LocalStack.KEY);
		assertResponseConforms("POST", "/v2/models/other/infer", forbidden, 403);
		HttpResponse<String> tooLarge = send("POST", "/v2/models/e2e/infer", ROWS + " ".repeat(9000), OPEN_KEY);
		assertResponseConforms("POST", "/v2/models/e2e/infer", tooLarge, 413);
		HttpResponse<String> text = send("POST", "/v2/models/e2e/infer", ROWS, OPEN_KEY, "Content-Type", "text/plain");
		assertResponseConforms("POST", "/v2/models/e2e/infer", text, 415);
		HttpResponse<String> first = send("GET", "/v2/models/e2e", null, THROTTLED_KEY);
		assertResponseConforms("GET", "/v2/models/e2e", first, 200);
		HttpResponse<String> throttled = send("GET", "/v2/models/e2e", null, THROTTLED_KEY);
		assertResponseConforms("GET", "/v2/models/e2e", throttled, 429);
		assertThat(throttled.headers().firstValue("Retry-After")).isPresent();
	}

	@Test
	void everyErrorEnsembleServiceAnswersMatchesTheDocument() throws Exception {
		exchange("POST", "/v2/models/nope/infer", ROWS, 404, false);
		exchange("GET", "/v2/models/nope", null, 404, false);
		exchange("POST", "/v2/models/e2e/versions/7/infer", ROWS, 404, false);
		exchange("POST", "/v2/models/e2e/infer", "{\"inputs\": [ {", 400, false);
		exchange("POST", "/v2/models/e2e/infer", ROWS.replace("[2,4]", "[3,4]"), 400, false);
		exchange("POST", "/v2/models/e2e/infer", ROWS, 400, false, "X-Chorus-Deadline-Ms", "soon");
		exchange("POST", "/v1/models/e2e:predict", "{\"instances\": 5}", 400, false);
	}

	@Test
	void theAnswersOfFailingMembersMatchTheDocument() throws Exception {
		for (String model : MEMBERS) {
			stack.mock.behavior(model, "{\"errorRate\": 1.0, \"errorStatus\": 400}");
		}
		HttpResponse<String> refused = exchange("POST", "/v2/models/e2e/infer", ROWS, 400, false);
		assertThat(JsonMapper.shared().readTree(refused.body()).get("members")).hasSize(3);

		stack.mock.behavior("iris-full", "{\"errorRate\": 1.0, \"errorStatus\": 500}");
		stack.mock.behavior("iris-petal", "{\"errorRate\": 1.0, \"errorStatus\": 503}");
		stack.mock.resetBehavior("iris-sepal");
		HttpResponse<String> degraded = exchange("POST", "/v2/models/e2e/infer", ROWS, 503, false);
		assertThat(JsonMapper.shared().readTree(degraded.body()).get("ensemble").asString()).isEqualTo("e2e");
		exchange("POST", "/v2/models/e2e/infer", ROWS, 503, false, "X-Chorus-Detail", "true");

		for (String model : MEMBERS) {
			stack.mock.behavior(model, "{\"latency\": {\"type\": \"fixed\", \"ms\": 1000}}");
		}
		exchange("POST", "/v2/models/e2e/infer", ROWS, 504, false, "X-Chorus-Deadline-Ms", "150");
		exchange("POST", "/v1/models/e2e:predict", "{\"instances\":[[5.1,3.5,1.4,0.2]]}", 504, false,
				"X-Chorus-Deadline-Ms", "150");

		stack.mock.behavior("iris-full", "{\"errorRate\": 1.0, \"errorStatus\": 500}");
		stack.mock.resetBehavior("iris-sepal");
		stack.mock.resetBehavior("iris-petal");
		HttpResponse<String> answered = exchange("POST", "/v2/models/e2e/infer", ROWS, 200, true, "X-Chorus-Detail",
				"true");
		assertThat(JsonMapper.shared().readTree(answered.body()).get("parameters").get("chorus.degraded").asBoolean())
			.isTrue();
	}

	@Test
	void theValidationCatchesAnAnswerTheDocumentDoesNotDescribe() throws Exception {
		// The checks above can fail: a real answer altered in one place each no longer passes.
		HttpResponse<String> ok = send("POST", "/v2/models/e2e/infer", ROWS, OPEN_KEY);
		String withoutAnswered = ok.body().replace("\"chorus.answered\":", "\"chorus.answered_\":");
		assertThat(validator.validateResponse("/v2/models/e2e/infer", Request.Method.POST,
				SimpleResponse.Builder.ok().withContentType("application/json").withHeader("X-Request-Id", "r")
					.withBody(withoutAnswered).build()).getMessages()).isNotEmpty();
		assertThat(validator.validateResponse("/v2/models/e2e/infer", Request.Method.POST,
				SimpleResponse.Builder.ok().withContentType("application/json").withBody(ok.body()).build())
			.getMessages()).as("X-Request-Id is required").isNotEmpty();
		HttpResponse<String> anonymous = send("POST", "/v2/models/e2e/infer", ROWS, null);
		assertThat(validator.validateResponse("/v2/models/e2e/infer", Request.Method.POST,
				SimpleResponse.Builder.status(418).withContentType("application/problem+json")
					.withHeader("X-Request-Id", "r").withBody(anonymous.body()).build()).getMessages())
			.as("an undocumented status").isNotEmpty();
		assertThat(validator.validateResponse("/v2/models/e2e/infer", Request.Method.POST,
				SimpleResponse.Builder.status(401).withContentType("application/problem+json")
					.withHeader("X-Request-Id", "r").withHeader("WWW-Authenticate", "Bearer")
					.withBody(anonymous.body().replace("\"request_id\"", "\"requestId\"")).build()).getMessages())
			.as("the problem details without request_id").isNotEmpty();
	}

	/**
	 * Sends a request with the unrestricted key, checks its status, and validates the answer against the document;
	 * a well-formed request is validated too (a document that refused what the API accepts is wrong as well).
	 */
	private static HttpResponse<String> exchange(String method, String path, String body, int status,
			boolean validRequest, String... headers) throws IOException, InterruptedException {
		HttpResponse<String> response = send(method, path, body, OPEN_KEY, headers);
		assertThat(response.statusCode()).as(method + " " + path + ": " + response.body()).isEqualTo(status);
		ValidationReport report = validRequest ? validator.validate(request(method, path, body, headers), answer(response))
				: validator.validateResponse(path, Request.Method.valueOf(method), answer(response));
		assertThat(report.getMessages()).as(method + " " + path + " " + status + ": " + response.body()).isEmpty();
		return response;
	}

	private static void assertResponseConforms(String method, String path, HttpResponse<String> response, int status) {
		assertThat(response.statusCode()).as(method + " " + path + ": " + response.body()).isEqualTo(status);
		ValidationReport report = validator.validateResponse(path, Request.Method.valueOf(method), answer(response));
		assertThat(report.getMessages()).as(method + " " + path + " " + status + ": " + response.body()).isEmpty();
	}

	private static HttpResponse<String> send(String method, String path, String body, String key, String... headers)
			throws IOException, InterruptedException {
		HttpRequest.Builder builder = HttpRequest.newBuilder(uri(path)).timeout(Duration.ofSeconds(30));
		if (key != null) {
			builder.header("Authorization", "Bearer " + key);
		}
		boolean typed = false;
		for (int i = 0; i + 1 < headers.length; i += 2) {
			builder.header(headers[i], headers[i + 1]);
			typed |= headers[i].equalsIgnoreCase("Content-Type");
		}
		if (body != null) {
			if (!typed) {
				builder.header("Content-Type", "application/json");
			}
			builder.method(method, HttpRequest.BodyPublishers.ofString(body));
		}
		else {
			builder.method(method, HttpRequest.BodyPublishers.noBody());
		}
		return HTTP.send(builder.build(), HttpResponse.BodyHandlers.ofString());
	}

	private static SimpleRequest request(String method, String path, String body, String... headers) {
		SimpleRequest.Builder builder = new SimpleRequest.Builder(method, path).withHeader("Authorization",
				"Bearer " + OPEN_KEY);
		for (int i = 0; i + 1 < headers.length; i += 2) {
			builder.withHeader(headers[i], headers[i + 1]);
		}
		if (body != null) {
			builder.withContentType("application/json").withBody(body);
		}
		return builder.build();
	}

	private static SimpleResponse answer(HttpResponse<String> response) {
		SimpleResponse.Builder builder = SimpleResponse.Builder.status(response.statusCode()).withBody(response.body());
		for (Map.Entry<String, List<String>> header : response.headers().map().entrySet()) {
			builder.withHeader(header.getKey(), header.getValue());
		}
		return builder.build();
	}

	private static URI uri(String path) {
		return URI.create("http://127.0.0.1:" + stack.gatewayPort + path);
	}

}
