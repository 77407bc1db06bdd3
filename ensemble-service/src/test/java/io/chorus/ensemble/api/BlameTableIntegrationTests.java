package io.chorus.ensemble.api;

import java.io.IOException;
import java.io.OutputStream;
import java.net.Socket;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.CompletableFuture;

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
import static org.awaitility.Awaitility.await;

/**
 * Runs every cause of the blame table in docs/ensemble-service.md over real HTTP against the mock members,
 * observes who is blamed, and checks the table says exactly that: the table is derived from behaviour, not
 * maintained by hand. Each cause hits member {@code full} of ensemble {@code blame} (quorum all, one retry
 * allowed), so the client's status is the one that member's outcome decides.
 */
class BlameTableIntegrationTests extends EnsembleServiceIntegrationTest {

	private static final Path DOC = Path.of("..", "docs", "ensemble-service.md");

	private static final String BLAME = "blame";

	/** Causes decided before ensemble-service sees the request; the gateway's tests check them. */
	private static final Map<String, String> GATEWAY_ROWS = Map.of("slow upload",
			"gateway: ClientBlameIntegrationTests");

	private static final double[] SETOSA = { 5.1, 3.5, 1.4, 0.2 };

	@Autowired
	private CircuitBreakerRegistry breakers;

	@Autowired
	private MeterRegistry meters;

	@Test
	void theDocumentedBlameTableIsWhatHappens() throws Exception {
		Map<String, Row> observed = new LinkedHashMap<>();
		observed.put("client deadline too short", observe(BLAME, null, "X-Chorus-Deadline-Ms", "1"));
		observed.put("client disconnect", disconnect());
		observed.put("malformed input", malformedInput());
		observed.put("member 400/422", observe(BLAME, fault("{\"errorRate\": 1.0, \"errorStatus\": 422}")));
		observed.put("member 404/401/403/other 4xx", observe(BLAME, fault("{\"errorRate\": 1.0, \"errorStatus\": 404}")));
		observed.put("member 5xx", observe(BLAME, fault("{\"errorRate\": 1.0, \"errorStatus\": 500}")));
		observed.put("member 429/503", observe(BLAME, fault("{\"errorRate\": 1.0, \"errorStatus\": 503}")));
		observed.put("connection refused", observe("blame-down", null));
		observed.put("connection reset", observe(BLAME, fault("{\"closeRate\": 1.0}")));
		observed.put("member timeout", observe(BLAME, fault("{\"latency\": {\"type\": \"fixed\", \"ms\": 1500}}")));
		observed.put("wrong shape", observe(BLAME, fault("{\"wrongShapeRate\": 1.0}")));
		observed.put("malformed body", observe(BLAME, fault("{\"malformedRate\": 1.0}")));
		observed.put("breaker open", breakerOpen());
		observed.put("bulkhead full", bulkheadFull());

		Map<String, Row> documented = documentedTable();
		Map<String, Row> checked = new LinkedHashMap<>(documented);
		GATEWAY_ROWS.keySet().forEach(checked::remove);
		assertThat(documented.keySet()).as("rows checked elsewhere").containsAll(GATEWAY_ROWS.keySet());
		assertThat(checked).as("the blame table in " + DOC + " must match what the service does")
			.containsExactlyEntriesOf(observed);
	}

	/** One row of the table: the cells after the cause. */
	record Row(String outcome, String counted, String retried, String status) {
	}

	private Runnable fault(String behavior) {
		return () -> FAULTY.behavior("iris-full", behavior);
	}

	private Row observe(String ensemble, Runnable setUp, String... headers) {
		if (setUp != null) {
			setUp.run();
		}
		CircuitBreaker breaker = breaker(ensemble);
		long failed = breaker.getMetrics().getNumberOfFailedCalls();
		long succeeded = breaker.getMetrics().getNumberOfSuccessfulCalls();
		List<String> all = new ArrayList<>(List.of(headers));
		all.addAll(List.of("X-Chorus-Detail", "true"));
		HttpResponse<String> response = post("/v2/models/" + ensemble + "/infer", irisRequest("b", SETOSA),
				all.toArray(String[]::new));
		FAULTY.resetBehavior("iris-full");
		JsonNode member = member(response, "full");
		assertThat(breaker.getMetrics().getNumberOfSuccessfulCalls()).as("a fault is never counted as a success")
			.isEqualTo(succeeded);
		return new Row(member.get("outcome").asString(), yesNo(breaker.getMetrics().getNumberOfFailedCalls() > failed),
				yesNo(member.get("attempts").asInt() > 1), String.valueOf(response.statusCode()));
	}

	private Row disconnect() throws IOException, InterruptedException {
		FAULTY.behavior("iris-full", "{\"latency\": {\"type\": \"fixed\", \"ms\": 1500}}");
		CircuitBreaker breaker = breaker(BLAME);
		long failed = breaker.getMetrics().getNumberOfFailedCalls();
		long succeeded = breaker.getMetrics().getNumberOfSuccessfulCalls();
		long cancelled = count("cancelled");
		byte[] body = irisRequest("gone", SETOSA).getBytes(StandardCharsets.UTF_8);
		try (Socket socket = new Socket("127.0.0.1", this.port)) {
			OutputStream out = socket.getOutputStream();
			out.write(("POST /v2/models/blame/infer HTTP/1.1\r\nHost: x\r\nContent-Type: application/json\r\n"
					+ "Content-Length: " + body.length + "\r\n\r\n").getBytes(StandardCharsets.US_ASCII));
			out.write(body);
			out.flush();
			Thread.sleep(200);
		}
		await().atMost(Duration.ofSeconds(5)).until(() -> count("cancelled") > cancelled);
		FAULTY.resetBehavior("iris-full");
		assertThat(breaker.getMetrics().getNumberOfSuccessfulCalls()).isEqualTo(succeeded);
		return new Row("cancelled", yesNo(breaker.getMetrics().getNumberOfFailedCalls() > failed), "no", "none");
	}

	private Row malformedInput() {
		CircuitBreaker breaker = breaker(BLAME);
		long calls = breaker.getMetrics().getNumberOfBufferedCalls();
		HttpResponse<String> response = post("/v2/models/blame/infer", "{\"inputs\": [");
		assertThat(breaker.getMetrics().getNumberOfBufferedCalls()).isEqualTo(calls);
		return new Row("not called", "no", "no", String.valueOf(response.statusCode()));
	}

	private Row breakerOpen() {
		CircuitBreaker breaker = breaker(BLAME);
		breaker.transitionToOpenState();
		try {
			Row row = observe(BLAME, null);
			return new Row(row.outcome(), "no", row.retried(), row.status());
		}
		finally {
			breaker.reset();
		}
	}

	private Row bulkheadFull() {
		// full allows one call in flight: hold it with a slow answer, then send a second request.
		FAULTY.behavior("iris-full", "{\"latency\": {\"type\": \"fixed\", \"ms\": 400}}");
		CompletableFuture<HttpResponse<String>> first = CompletableFuture
			.supplyAsync(() -> post("/v2/models/blame/infer", irisRequest("hold", SETOSA)));
		await().atMost(Duration.ofSeconds(5)).until(() -> FAULTY.stats("iris-full").inFlight() > 0);
		Row row = observe(BLAME, () -> FAULTY.behavior("iris-full", "{\"latency\": {\"type\": \"fixed\", \"ms\": 400}}"));
		first.join();
		return row;
	}

	private CircuitBreaker breaker(String ensemble) {
		return this.breakers.circuitBreaker(ensemble + ".full");
	}

	private long count(String outcome) {
		Timer timer = this.meters.find("chorus.member.calls").tags("ensemble", BLAME, "member", "full", "outcome", outcome)
			.timer();
		return (timer != null) ? timer.count() : 0;
	}

	private static JsonNode member(HttpResponse<String> response, String name) {
		JsonNode json = json(response);
		if (json.has("members")) {
			for (JsonNode member : json.get("members")) {
				if (member.get("name").asString().equals(name)) {
					return member;
				}
			}
		}
		JsonNode parameters = json.get("parameters");
		String prefix = "chorus.member." + name + ".";
		return JSON.createObjectNode()
			.put("outcome", parameters.get(prefix + "outcome").asString())
			.put("attempts", parameters.get(prefix + "attempts").asInt());
	}

	private static String yesNo(boolean value) {
		return value ? "yes" : "no";
	}

	/** Reads the table between the blame-table markers: cause | outcome | counted | retried | status. */
	private static Map<String, Row> documentedTable() throws IOException {
		String doc = Files.readString(DOC);
		int start = doc.indexOf("<!-- blame-table -->");
		int end = doc.indexOf("<!-- /blame-table -->");
		assertThat(start).as("blame-table markers in " + DOC).isGreaterThanOrEqualTo(0).isLessThan(end);
		Map<String, Row> rows = new LinkedHashMap<>();
		for (String line : doc.substring(start, end).split("\n")) {
			if (!line.startsWith("|") || line.startsWith("|---") || line.startsWith("| cause")) {
				continue;
			}
			String[] cells = line.split("\\|");
			List<String> values = new ArrayList<>();
			for (int i = 1; i < cells.length; i++) {
				values.add(cells[i].trim().replace("`", ""));
			}
			rows.put(values.get(0), new Row(values.get(1), values.get(2), values.get(3), values.get(4)));
		}
		return rows;
	}

}
