package io.chorus.gateway.accesslog;

import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.InputStream;
import java.net.InetSocketAddress;
import java.net.Socket;
import java.net.SocketTimeoutException;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;

import io.chorus.gateway.support.ConsoleCapture;
import io.chorus.gateway.support.GatewayInstance;
import io.chorus.gateway.support.StubUpstream;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import tools.jackson.databind.json.JsonMapper;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * The access event and the per-request WARN lines in JSON (ECS) mode, read from the real console output of a gateway
 * on random ports, and the client address with and without a trusted proxy in front.
 */
class AccessLogIntegrationTests {

	/** A second loopback address that plays the trusted proxy in front of the gateway. */
	private static final String PROXY = "127.0.0.2";

	private static final String STUB_BODY = "{\"model_name\":\"stub\",\"outputs\":[]}";

	private static final JsonMapper json = JsonMapper.builder().build();

	private static StubUpstream upstream;

	private static GatewayInstance gateway;

	private static ConsoleCapture output;

	@BeforeAll
	static void start() {
		output = ConsoleCapture.start();
		upstream = StubUpstream.start();
		Map<String, Object> properties = GatewayInstance.baseProperties(upstream.uri());
		properties.put("logging.structured.format.console", "ecs");
		properties.put("chorus.gateway.trusted-proxies", PROXY + "/32");
		properties.put("chorus.gateway.ensemble-service.response-timeout", "1s");
		properties.put("chorus.gateway.ensemble-service.circuit-breaker.minimum-number-of-calls", "1000");
		gateway = GatewayInstance.start(properties);
	}

	@AfterAll
	static void stop() {
		gateway.close();
		upstream.close();
		output.close();
	}

	@Test
	void writesOneJsonEventWithEveryFieldForASuccess() throws Exception {
		String body = "{\"inputs\":[{\"name\":\"x\",\"shape\":[1],\"datatype\":\"FP32\",\"data\":[1]}]}";
		String answer = exchange("127.0.0.1", post("/v2/models/fraud/infer", "log-ok-1", GatewayInstance.ACME_KEY, body));
		assertThat(answer).startsWith("HTTP/1.1 200");
		Map<String, Object> event = accessEvent("log-ok-1");
		assertThat(event).containsEntry("method", "POST")
			.containsEntry("path", "/v2/models/fraud/infer")
			.containsEntry("status", 200)
			.containsEntry("outcome", "success")
			.containsEntry("client", "acme")
			.containsEntry("ensemble", "fraud")
			.containsEntry("requestBytes", body.length())
			.containsEntry("responseBytes", STUB_BODY.length())
			.containsEntry("clientAddress", "127.0.0.1")
			.containsEntry("requestId", "log-ok-1")
			.containsKey("durationMs");
		assertThat(((Number) event.get("durationMs")).longValue()).isBetween(0L, 30_000L);
		assertThat(output.text()).doesNotContain(GatewayInstance.ACME_KEY);
	}

	@Test
	void carriesTheTraceIdOfTheRequestsTrace() throws Exception {
		String traceId = "4bf92f3577b34da6a3ce929d0e0e4736";
		exchange("127.0.0.1", get("/v2", "log-traced-1", "traceparent: 00-" + traceId + "-00f067aa0ba902b7-01\r\n"));
		Map<String, Object> event = accessEvent("log-traced-1");
		assertThat(event).containsEntry("traceId", traceId).containsKey("spanId");
		assertThat(event.get("spanId")).isNotEqualTo("00f067aa0ba902b7");
	}

	@Test
	void writesTheEventOfA401WithTheErrorBodyBytesAndNeverTheKey() throws Exception {
		String wrongKey = "not-a-key-but-secret-all-the-same";
		String answer = exchange("127.0.0.1", post("/v2/models/fraud/infer", "log-401-1", wrongKey, "{}"));
		assertThat(answer).startsWith("HTTP/1.1 401");
		String errorBody = answer.substring(answer.indexOf("\r\n\r\n") + 4);
		Map<String, Object> event = accessEvent("log-401-1");
		assertThat(event).containsEntry("status", 401)
			.containsEntry("outcome", "unauthorized")
			.containsEntry("client", "unauthenticated")
			.containsEntry("ensemble", "fraud")
			.containsEntry("responseBytes", errorBody.getBytes(StandardCharsets.UTF_8).length);
		assertThat(output.text()).doesNotContain(wrongKey).doesNotContain(GatewayInstance.ACME_KEY);
	}

	@Test
	void writesACancelledEventWhenTheClientGoesAway() throws Exception {
		upstream.delayResponses(Duration.ofMillis(900));
		try (Socket socket = connect("127.0.0.1")) {
			socket.getOutputStream().write(post("/v2/models/fraud/infer", "log-gone-1", GatewayInstance.ACME_KEY, "{}")
				.getBytes(StandardCharsets.ISO_8859_1));
			socket.getOutputStream().flush();
			upstream.takeRequest();
		}
		Map<String, Object> event = accessEvent("log-gone-1");
		upstream.delayResponses(Duration.ZERO);
		assertThat(event).containsEntry("outcome", "cancelled")
			.containsEntry("client", "acme")
			.containsEntry("responseBytes", 0)
			.doesNotContainKey("status");
	}

	@Test
	void ignoresAForgedForwardedForFromAnUntrustedPeer() throws Exception {
		upstream.drain();
		exchange("127.0.0.1", get("/v2", "log-forged-1",
				"X-Forwarded-For: 203.0.113.66\r\nForwarded: for=203.0.113.66\r\n"));
		assertThat(accessEvent("log-forged-1")).containsEntry("clientAddress", "127.0.0.1");
		// Neither reaches ensemble-service, and the gateway adds none of its own.
		StubUpstream.Received received = upstream.takeRequest();
		assertThat(received.headers()).doesNotContainKeys("X-Forwarded-For", "Forwarded");
	}

	@Test
	void takesTheClientFromTheForwardedForOfATrustedProxy() throws Exception {
		// 198.51.100.1 is what the client claimed; 203.0.113.7 is what the trusted proxy saw and appended.
		exchange(PROXY, get("/v2", "log-proxied-1", "X-Forwarded-For: 198.51.100.1, 203.0.113.7\r\n"));
		assertThat(accessEvent("log-proxied-1")).containsEntry("clientAddress", "203.0.113.7");
	}

	@Test
	void concurrentRequestsNeverCarryEachOthersRequestId() throws Exception {
		upstream.delayResponses(Duration.ofSeconds(3));
		int requests = 8;
		ExecutorService pool = Executors.newFixedThreadPool(requests);
		try {
			List<Future<String>> answers = new ArrayList<>();
			for (int i = 0; i < requests; i++) {
				String id = "log-par-" + i;
				answers.add(pool.submit(() -> exchange("127.0.0.1", post("/v2/models/fraud/infer", id,
						GatewayInstance.ACME_KEY, "{}"))));
			}
			for (Future<String> answer : answers) {
				assertThat(answer.get()).startsWith("HTTP/1.1 504");
			}
		}
		finally {
			pool.shutdownNow();
			upstream.delayResponses(Duration.ZERO);
		}
		for (int i = 0; i < requests; i++) {
			String id = "log-par-" + i;
			assertThat(accessEvent(id)).containsEntry("status", 504).containsEntry("outcome", "upstream_timeout");
			List<Map<String, Object>> warnings = events().stream()
				.filter((event) -> String.valueOf(event.get("message")).contains("[requestId=" + id + ","))
				.toList();
			assertThat(warnings).hasSize(1);
			assertThat(warnings.get(0)).containsEntry("requestId", id);
		}
	}

	private static Map<String, Object> accessEvent(String requestId) throws InterruptedException {
		long deadline = System.nanoTime() + Duration.ofSeconds(15).toNanos();
		while (System.nanoTime() < deadline) {
			List<Map<String, Object>> found = events().stream()
				.filter((event) -> "io.chorus.gateway.access".equals(logger(event)))
				.filter((event) -> requestId.equals(event.get("requestId")))
				.toList();
			if (!found.isEmpty()) {
				assertThat(found).as("one access event per request").hasSize(1);
				return found.get(0);
			}
			Thread.sleep(50);
		}
		throw new AssertionError("no access event for " + requestId + " in:\n" + output.text());
	}

	@SuppressWarnings("unchecked")
	private static String logger(Map<String, Object> event) {
		Object log = event.get("log");
		return (log instanceof Map<?, ?> map) ? (String) ((Map<String, Object>) map).get("logger") : null;
	}

	@SuppressWarnings("unchecked")
	private static List<Map<String, Object>> events() {
		List<Map<String, Object>> events = new ArrayList<>();
		for (String line : output.text().split("\n")) {
			if (line.startsWith("{")) {
				events.add(json.readValue(line, Map.class));
			}
		}
		return events;
	}

	private static String post(String path, String requestId, String key, String body) {
		return "POST " + path + " HTTP/1.1\r\nHost: localhost\r\nConnection: close\r\nX-Request-Id: " + requestId
				+ "\r\nX-API-Key: " + key + "\r\nContent-Type: application/json\r\nContent-Length: "
				+ body.getBytes(StandardCharsets.UTF_8).length + "\r\n\r\n" + body;
	}

	private static String get(String path, String requestId, String extraHeaders) {
		return "GET " + path + " HTTP/1.1\r\nHost: localhost\r\nConnection: close\r\nX-Request-Id: " + requestId
				+ "\r\nX-API-Key: " + GatewayInstance.ACME_KEY + "\r\n" + extraHeaders + "\r\n";
	}

	/** Sends a request from the given local address and reads until the gateway closes the connection. */
	private static String exchange(String from, String request) throws IOException {
		try (Socket socket = connect(from)) {
			socket.getOutputStream().write(request.getBytes(StandardCharsets.UTF_8));
			socket.getOutputStream().flush();
			InputStream in = socket.getInputStream();
			ByteArrayOutputStream answer = new ByteArrayOutputStream();
			try {
				in.transferTo(answer);
			}
			catch (SocketTimeoutException ex) {
				// whatever arrived is the answer
			}
			return answer.toString(StandardCharsets.UTF_8);
		}
	}

	private static Socket connect(String from) throws IOException {
		Socket socket = new Socket();
		socket.bind(new InetSocketAddress(from, 0));
		socket.connect(new InetSocketAddress("127.0.0.1", gateway.port()), 5_000);
		socket.setSoTimeout(20_000);
		return socket;
	}

}
