package io.chorus.system;

import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.file.Path;
import java.time.Duration;
import java.util.List;

import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import tools.jackson.databind.JsonNode;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * A request through the real gateway and ensemble-service processes, traced at 100 % into a real Zipkin server,
 * read back through Zipkin's HTTP API: one trace from the gateway's request to every member call.
 */
class TracingSystemTests {

	private static final String ROWS = "{\"inputs\":[{\"name\":\"features\",\"shape\":[1,4],\"datatype\":\"FP32\","
			+ "\"data\":[5.1,3.5,1.4,0.2]}]}";

	private static ZipkinServer zipkin;

	private static LocalStack stack;

	@BeforeAll
	static void start() throws Exception {
		Path root = Path.of(System.getProperty("chorus.root", ".."));
		zipkin = new ZipkinServer(root.resolve("system-tests/target/zipkin-run"));
		stack = new LocalStack(false, List.of("--management.tracing.sampling.probability=1.0",
				"--management.tracing.export.zipkin.enabled=true",
				"--management.tracing.export.zipkin.endpoint=" + zipkin.spansEndpoint()), List.of());
	}

	@AfterAll
	static void stop() throws Exception {
		if (stack != null) {
			stack.close();
		}
		if (zipkin != null) {
			zipkin.close();
		}
	}

	@Test
	void oneTraceRunsFromTheGatewayThroughEnsembleServiceToEveryMember() throws Exception {
		String traceId = "0af7651916cd43dd8448eb211c80319c";
		String clientSpan = "b7ad6b7169203331";
		HttpResponse<String> response = HttpClient.newHttpClient().send(
				HttpRequest.newBuilder(URI.create("http://127.0.0.1:" + stack.gatewayPort + "/v2/models/e2e/infer"))
					.header("Content-Type", "application/json")
					.header("X-API-Key", LocalStack.KEY)
					.header("traceparent", "00-" + traceId + "-" + clientSpan + "-01")
					.POST(HttpRequest.BodyPublishers.ofString(ROWS))
					.timeout(Duration.ofSeconds(30))
					.build(),
				HttpResponse.BodyHandlers.ofString());
		assertThat(response.statusCode()).as(response.body()).isEqualTo(200);

		List<JsonNode> spans = List.of();
		long deadline = System.nanoTime() + Duration.ofSeconds(60).toNanos();
		// Each service sends its spans in its own batches (about once a second): wait for both services' server
		// spans and every attempt, not for the first batch to land.
		while ((count(spans, "attempt ") < 3 || !hasServer(spans, "chorus-gateway")
				|| !hasServer(spans, "chorus-ensemble-service")) && System.nanoTime() < deadline) {
			Thread.sleep(500);
			spans = zipkin.trace(traceId);
		}
		JsonNode gateway = server(spans, "chorus-gateway");
		JsonNode ensemble = server(spans, "chorus-ensemble-service");
		assertThat(gateway.path("parentId").asString()).as("the gateway continues the client's trace").isEqualTo(clientSpan);
		assertThat(ancestors(ensemble, spans)).as("the ensemble-service request descends from the gateway's")
			.contains(gateway.path("id").asString());
		assertThat(ensemble.path("tags").path("chorus.ensemble").asString()).isEqualTo("e2e");
		assertThat(ensemble.path("tags").path("chorus.decision").asString()).isEqualTo("ok");

		List<JsonNode> members = named(spans, "member ");
		assertThat(members).extracting((span) -> span.path("tags").path("chorus.member").asString())
			.containsExactlyInAnyOrder("sepal", "petal", "full");
		assertThat(members).allSatisfy((span) -> {
			assertThat(span.path("parentId").asString()).isEqualTo(ensemble.path("id").asString());
			assertThat(span.path("tags").path("outcome").asString()).isEqualTo("ok");
		});
		List<String> memberIds = members.stream().map((span) -> span.path("id").asString()).toList();
		assertThat(named(spans, "attempt ")).hasSize(3).allSatisfy((span) -> {
			assertThat(memberIds).contains(span.path("parentId").asString());
			assertThat(span.path("tags").path("chorus.attempt").asString()).isEqualTo("1");
		});
	}

	private static boolean hasServer(List<JsonNode> spans, String service) {
		return spans.stream()
			.anyMatch((span) -> "SERVER".equals(span.path("kind").asString())
					&& service.equals(span.path("localEndpoint").path("serviceName").asString()));
	}

	private static JsonNode server(List<JsonNode> spans, String service) {
		return spans.stream()
			.filter((span) -> "SERVER".equals(span.path("kind").asString()))
			.filter((span) -> service.equals(span.path("localEndpoint").path("serviceName").asString()))
			.findFirst()
			.orElseThrow(() -> new AssertionError("no server span of " + service + " in " + spans));
	}

	/** The span ids above a span, following parent ids (a shared client/server id counts once). */
	private static List<String> ancestors(JsonNode span, List<JsonNode> spans) {
		List<String> found = new java.util.ArrayList<>();
		String parent = span.path("parentId").asString();
		while (!parent.isEmpty() && !found.contains(parent)) {
			found.add(parent);
			String id = parent;
			parent = spans.stream()
				.filter((each) -> id.equals(each.path("id").asString()))
				.map((each) -> each.path("parentId").asString())
				.findFirst()
				.orElse("");
		}
		return found;
	}

	private static List<JsonNode> named(List<JsonNode> spans, String prefix) {
		return spans.stream().filter((span) -> span.path("name").asString().startsWith(prefix)).toList();
	}

	private static long count(List<JsonNode> spans, String prefix) {
		return named(spans, prefix).size();
	}

}
