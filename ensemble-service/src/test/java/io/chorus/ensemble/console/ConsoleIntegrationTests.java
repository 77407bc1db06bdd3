package io.chorus.ensemble.console;

import java.io.BufferedReader;
import java.io.InputStreamReader;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;

import org.junit.jupiter.api.Test;
import tools.jackson.databind.JsonNode;

import io.chorus.ensemble.support.EnsembleServiceIntegrationTest;

import static io.chorus.ensemble.support.TestMocks.FAULTY;
import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

/**
 * The console over real HTTP: served on the management port only, its snapshot follows real traffic and a real
 * breaker, and its stream pushes a snapshot per tick (BlockHound watches the event loops).
 */
class ConsoleIntegrationTests extends EnsembleServiceIntegrationTest {

	private static final String ROW = "{\"inputs\":[{\"name\":\"features\",\"shape\":[1,4],\"datatype\":\"FP32\","
			+ "\"data\":[5.1,3.5,1.4,0.2]}]}";

	@Test
	void servesThePageOnTheManagementPortOnly() {
		HttpResponse<String> page = getManagement("/console");
		assertThat(page.statusCode()).isEqualTo(200);
		assertThat(page.headers().firstValue("Content-Type")).hasValueSatisfying(
				(type) -> assertThat(type).startsWith("text/html"));
		assertThat(page.body()).contains("Chorus ensembles", "/console/console.js");
		assertThat(getManagement("/console/console.js").body()).contains("EventSource('/console/stream')");
		assertThat(getManagement("/console/console.css").statusCode()).isEqualTo(200);
		for (String path : List.of("/console", "/console/", "/console/snapshot", "/console/stream",
				"/console/console.js")) {
			assertThat(get(path).statusCode()).as(path).isEqualTo(404);
		}
	}

	@Test
	void snapshotShowsRecentTrafficLatencyAndAgreement() {
		await().atMost(Duration.ofSeconds(20)).untilAsserted(() -> {
			assertThat(post("/v2/models/vote/infer", irisRequest("c", new double[] { 5.1, 3.5, 1.4, 0.2 }))
				.statusCode()).isEqualTo(200);
			JsonNode vote = ensemble(snapshot(), "vote");
			assertThat(vote.get("strategy").asString()).isEqualTo("majority-vote");
			assertThat(vote.get("requestsPerSecond").asDouble()).isPositive();
			assertThat(vote.get("agreement").asDouble()).isBetween(0.0, 1.0);
			JsonNode sepal = vote.get("members").get(0);
			assertThat(sepal.get("name").asString()).isEqualTo("sepal");
			assertThat(sepal.get("status").asString()).isEqualTo("healthy");
			assertThat(sepal.get("breaker").asString()).isEqualTo("CLOSED");
			assertThat(sepal.get("callsPerSecond").asDouble()).isPositive();
			assertThat(sepal.get("outcomes").get("ok").asLong()).isPositive();
			assertThat(sepal.get("errorRate").asDouble()).isZero();
			assertThat(sepal.get("p50Millis").asDouble()).isPositive();
			assertThat(sepal.get("p99Millis").asDouble()).isGreaterThanOrEqualTo(sepal.get("p50Millis").asDouble());
			assertThat(sepal.get("hedges").isNull()).isTrue();
			assertThat(sepal.get("replicas")).hasSize(1);
			assertThat(sepal.get("replicas").get(0).get("ejected").asBoolean()).isFalse();
		});
	}

	@Test
	void memberTurnsUnhealthyWhenItsBreakerOpensAndHealthyAfterItHeals() {
		FAULTY.behavior("iris-petal-width", "{\"errorRate\": 1.0, \"errorStatus\": 500}");
		await().atMost(Duration.ofSeconds(20)).untilAsserted(() -> {
			post("/v2/models/breaker/infer", ROW);
			JsonNode width = ensemble(snapshot(), "breaker").get("members").get(0);
			assertThat(width.get("status").asString()).isEqualTo("unhealthy");
			assertThat(width.get("breaker").asString()).isEqualTo("OPEN");
			assertThat(width.get("errorRate").asDouble()).isPositive();
		});
		FAULTY.resetBehavior("iris-petal-width");
		// The breaker closes after its 1 s open state and a good probe; the errors leave the 10 s window after.
		await().atMost(Duration.ofSeconds(40)).pollInterval(Duration.ofMillis(500)).untilAsserted(() -> {
			post("/v2/models/breaker/infer", ROW);
			JsonNode width = ensemble(snapshot(), "breaker").get("members").get(0);
			assertThat(width.get("breaker").asString()).isEqualTo("CLOSED");
			assertThat(width.get("status").asString()).isEqualTo("healthy");
		});
	}

	@Test
	void streamPushesASnapshotEveryTick() throws Exception {
		HttpRequest request = HttpRequest.newBuilder(
				URI.create("http://127.0.0.1:" + this.managementPort + "/console/stream"))
			.timeout(Duration.ofSeconds(30))
			.build();
		HttpResponse<java.io.InputStream> response = HttpClient.newHttpClient()
			.send(request, HttpResponse.BodyHandlers.ofInputStream());
		assertThat(response.statusCode()).isEqualTo(200);
		assertThat(response.headers().firstValue("Content-Type")).hasValueSatisfying(
				(type) -> assertThat(type).startsWith("text/event-stream"));
		List<JsonNode> events = new ArrayList<>();
		try (BufferedReader lines = new BufferedReader(
				new InputStreamReader(response.body(), StandardCharsets.UTF_8))) {
			String line;
			while (events.size() < 3 && (line = lines.readLine()) != null) {
				if (line.startsWith("data:")) {
					events.add(JSON.readTree(line.substring(5)));
				}
			}
		}
		assertThat(events).hasSize(3);
		assertThat(events.get(2).get("at").asLong()).isGreaterThan(events.get(0).get("at").asLong());
		assertThat(events.get(2).get("ensembles").findValuesAsString("name")).contains("trio", "vote", "breaker");
	}

	private JsonNode snapshot() {
		HttpResponse<String> response = getManagement("/console/snapshot");
		assertThat(response.statusCode()).isEqualTo(200);
		return json(response);
	}

	private static JsonNode ensemble(JsonNode snapshot, String name) {
		for (JsonNode ensemble : snapshot.get("ensembles")) {
			if (ensemble.get("name").asString().equals(name)) {
				return ensemble;
			}
		}
		throw new AssertionError("no ensemble '" + name + "' in " + snapshot);
	}

}
