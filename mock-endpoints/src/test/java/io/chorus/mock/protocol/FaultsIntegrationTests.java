package io.chorus.mock.protocol;

import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.net.Socket;
import java.net.http.HttpResponse;
import java.net.http.HttpTimeoutException;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;

import io.chorus.mock.BlockHoundExtension;
import io.chorus.mock.MockHttp;
import io.chorus.mock.MockServer;
import io.chorus.mock.ModelStats;
import io.chorus.protocol.InferenceCodec;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.ExtendWith;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;
import tools.jackson.core.JacksonException;
import tools.jackson.databind.JsonNode;
import tools.jackson.databind.json.JsonMapper;

import static io.chorus.mock.MockHttp.json;
import static io.chorus.mock.MockHttp.post;
import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

@ExtendWith(BlockHoundExtension.class)
class FaultsIntegrationTests {

	private static final String MODEL = "iris-full";

	private static MockServer mock;

	private static String infer;

	@BeforeAll
	static void start() {
		mock = MockServer.startDemo();
		infer = mock.baseUrl() + "/v2/models/" + MODEL + "/infer";
	}

	@AfterAll
	static void stop() {
		mock.close();
	}

	@BeforeEach
	void reset() throws InterruptedException {
		mock.resetBehavior(MODEL);
		// The previous test's last exchange may end just after its client saw the response: let it end first.
		await((s) -> s.inFlight() == 0);
		mock.resetStats();
	}

	@ParameterizedTest
	@ValueSource(ints = { 500, 503, 429, 404, 418 })
	void errorFaultAnswersTheConfiguredStatusWithAJsonError(int status) throws Exception {
		mock.behavior(MODEL, "{\"errorRate\": 1, \"errorStatus\": " + status + "}");
		HttpResponse<String> response = post(infer, MockHttp.ONE_ROW);
		assertThat(response.statusCode()).isEqualTo(status);
		assertThat(json(response).get("error").stringValue()).isEqualTo("injected fault: HTTP " + status);
		// The server counts completion when its write finishes, which may be just after the client has the response.
		assertThat(await((s) -> s.completed() == 1).completed()).isEqualTo(1);
	}

	@Test
	void hangNeverAnswersAndCountsTheClientTimeoutAsCancelled() throws Exception {
		mock.behavior(MODEL, "{\"hangRate\": 1}");
		assertThatThrownBy(() -> MockHttp.send("POST", infer, MockHttp.ONE_ROW, Duration.ofMillis(500)))
			.isInstanceOf(HttpTimeoutException.class);
		ModelStats stats = awaitCancelled(1);
		assertThat(stats.received()).isEqualTo(1);
		assertThat(stats.completed()).isZero();
		assertThat(stats.inFlight()).isZero();
	}

	@Test
	void abortingADelayedRequestCountsItCancelledSoonAfterTheDisconnect() throws Exception {
		mock.behavior(MODEL, "{\"latency\": {\"type\": \"fixed\", \"ms\": 30000}}");
		List<Socket> sockets = new ArrayList<>();
		for (int i = 0; i < 5; i++) {
			sockets.add(rawPost(MockHttp.ONE_ROW));
		}
		awaitInFlight(5);
		long closedAt = System.nanoTime();
		for (Socket socket : sockets) {
			socket.close();
		}
		ModelStats stats = awaitCancelled(5);
		assertThat(Duration.ofNanos(System.nanoTime() - closedAt)).isLessThan(Duration.ofSeconds(5));
		assertThat(stats.completed()).isZero();
		assertThat(stats.inFlight()).isZero();
	}

	@Test
	void closeFaultEndsTheConnectionWithoutAResponse() throws Exception {
		mock.behavior(MODEL, "{\"closeRate\": 1}");
		assertThatThrownBy(() -> post(infer, MockHttp.ONE_ROW)).isInstanceOf(IOException.class);
		try (Socket socket = rawPost(MockHttp.ONE_ROW)) {
			assertThat(socket.getInputStream().read()).as("end of stream before any response byte").isEqualTo(-1);
		}
		assertThat(await((s) -> s.completed() == 2).completed()).isEqualTo(2);
		assertThat(mock.stats(MODEL).cancelled()).isZero();
	}

	@Test
	void malformedFaultAnswers200WithInvalidJson() throws Exception {
		mock.behavior(MODEL, "{\"malformedRate\": 1}");
		HttpResponse<String> response = post(infer, MockHttp.ONE_ROW);
		assertThat(response.statusCode()).isEqualTo(200);
		assertThat(response.body()).startsWith("{\"model_name\"");
		assertThatThrownBy(() -> JsonMapper.shared().readTree(response.body())).isInstanceOf(JacksonException.class);
	}

	@Test
	void wrongShapeFaultAnswersValidJsonWithATwoColumnProbabilityTensor() throws Exception {
		mock.behavior(MODEL, "{\"wrongShapeRate\": 1}");
		HttpResponse<String> response = post(infer, MockHttp.row("w", 5.1, 3.5, 1.4, 0.2, 5.9, 3.0, 5.1, 1.8));
		assertThat(response.statusCode()).isEqualTo(200);
		JsonNode probabilities = json(response).get("outputs").get(0);
		assertThat(probabilities.get("shape").toString()).isEqualTo("[2,2]");
		assertThat(probabilities.get("data").size()).isEqualTo(4);
		// Still a valid protocol response, so a client has to check shapes against the metadata itself.
		assertThat(InferenceCodec.readResponse(response.body().getBytes(StandardCharsets.UTF_8)).outputs()).hasSize(2);
	}

	@Test
	void trickleSendsTheCorrectBodyInSeveralChunksOverTrickleMs() throws Exception {
		String expected = post(infer, MockHttp.ONE_ROW).body();
		mock.behavior(MODEL, "{\"trickleRate\": 1, \"trickleMs\": 600}");
		long start = System.nanoTime();
		int reads = 0;
		StringBuilder raw = new StringBuilder();
		try (Socket socket = rawPost(MockHttp.ONE_ROW)) {
			InputStream in = socket.getInputStream();
			byte[] buffer = new byte[8192];
			int n;
			while (!raw.toString().endsWith(expected) && (n = in.read(buffer)) > 0) {
				raw.append(new String(buffer, 0, n, StandardCharsets.UTF_8));
				reads++;
			}
		}
		Duration took = Duration.ofNanos(System.nanoTime() - start);
		assertThat(raw.toString()).startsWith("HTTP/1.1 200").endsWith("\r\n\r\n" + expected);
		assertThat(took).isGreaterThanOrEqualTo(Duration.ofMillis(500)).isLessThan(Duration.ofMillis(600 + 2500));
		assertThat(reads).as("socket reads").isGreaterThanOrEqualTo(5);
	}

	@Test
	void fixedLatencyDelaysTheAnswerByRoughlyTheConfiguredTime() throws Exception {
		mock.behavior(MODEL, "{\"latency\": {\"type\": \"fixed\", \"ms\": 400}}");
		long start = System.nanoTime();
		assertThat(post(infer, MockHttp.ONE_ROW).statusCode()).isEqualTo(200);
		Duration took = Duration.ofNanos(System.nanoTime() - start);
		assertThat(took).isGreaterThanOrEqualTo(Duration.ofMillis(360)).isLessThan(Duration.ofMillis(400 + 1500));
	}

	@Test
	void behaviorChangeTakesEffectOnTheNextRequest() throws Exception {
		assertThat(post(infer, MockHttp.ONE_ROW).statusCode()).isEqualTo(200);
		mock.behavior(MODEL, "{\"errorRate\": 1, \"errorStatus\": 503}");
		assertThat(post(infer, MockHttp.ONE_ROW).statusCode()).isEqualTo(503);
		mock.resetBehavior(MODEL);
		assertThat(post(infer, MockHttp.ONE_ROW).statusCode()).isEqualTo(200);
	}

	private Socket rawPost(String body) throws IOException {
		Socket socket = new Socket("127.0.0.1", mock.port());
		socket.setSoTimeout(10_000);
		byte[] bytes = body.getBytes(StandardCharsets.UTF_8);
		OutputStream out = socket.getOutputStream();
		out.write(("POST /v2/models/" + MODEL + "/infer HTTP/1.1\r\nHost: 127.0.0.1\r\nContent-Type: application/json\r\n"
				+ "Content-Length: " + bytes.length + "\r\n\r\n").getBytes(StandardCharsets.US_ASCII));
		out.write(bytes);
		out.flush();
		return socket;
	}

	private static ModelStats awaitCancelled(long expected) throws InterruptedException {
		ModelStats stats = await((s) -> s.cancelled() >= expected);
		assertThat(stats.cancelled()).isEqualTo(expected);
		return stats;
	}

	private static ModelStats await(java.util.function.Predicate<ModelStats> condition) throws InterruptedException {
		long deadline = System.nanoTime() + Duration.ofSeconds(5).toNanos();
		ModelStats stats = mock.stats(MODEL);
		while (!condition.test(stats) && System.nanoTime() < deadline) {
			Thread.sleep(20);
			stats = mock.stats(MODEL);
		}
		return stats;
	}

	private static void awaitInFlight(long expected) throws InterruptedException {
		long deadline = System.nanoTime() + Duration.ofSeconds(5).toNanos();
		while (mock.stats(MODEL).inFlight() < expected && System.nanoTime() < deadline) {
			Thread.sleep(20);
		}
		assertThat(mock.stats(MODEL).inFlight()).isEqualTo(expected);
	}

}
