package io.chorus.gateway.route;

import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;

import io.chorus.gateway.support.GatewayInstance;
import io.chorus.gateway.support.RawHttp;
import io.chorus.gateway.support.StubUpstream;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

import org.springframework.http.MediaType;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * A client's slow or stalled upload is the client's fault: it never times the route out, never
 * counts against the route's circuit breaker, and is cut off with 408. The route's response
 * timeout (500 ms here) starts once the request has been sent; the breaker opens after 10
 * failures and would stay open for 10 minutes.
 */
class ClientBlameIntegrationTests {

	private static StubUpstream upstream;

	private static GatewayInstance gateway;

	@BeforeAll
	static void start() {
		upstream = StubUpstream.start();
		Map<String, Object> properties = GatewayInstance.baseProperties(upstream.uri());
		properties.put("chorus.gateway.ensemble-service.response-timeout", "500ms");
		properties.put("chorus.gateway.ensemble-service.circuit-breaker.sliding-window-size", "20");
		properties.put("chorus.gateway.ensemble-service.circuit-breaker.minimum-number-of-calls", "10");
		properties.put("chorus.gateway.ensemble-service.circuit-breaker.wait-duration-in-open-state", "10m");
		properties.put("chorus.gateway.limits.read-timeout", "1500ms");
		properties.put("chorus.gateway.rate-limit.defaults.replenish-rate", "10000");
		properties.put("chorus.gateway.rate-limit.defaults.burst-capacity", "10000");
		gateway = GatewayInstance.start(properties);
	}

	@AfterAll
	static void stop() {
		gateway.close();
		upstream.close();
	}

	@Test
	void trickledUploadsAreCutOffWith408AndLeaveTheBreakerClosed() throws Exception {
		ExecutorService clients = Executors.newFixedThreadPool(30);
		try {
			List<Future<Integer>> uploads = new ArrayList<>();
			for (int i = 0; i < 30; i++) {
				uploads.add(clients.submit(ClientBlameIntegrationTests::trickleThenStall));
			}
			List<Integer> statuses = new ArrayList<>();
			for (Future<Integer> upload : uploads) {
				statuses.add(upload.get());
			}
			assertThat(statuses).containsOnly(408);
		}
		finally {
			clients.shutdownNow();
		}
		gateway.client().post().uri("/v2/models/fraud/infer").contentType(MediaType.APPLICATION_JSON)
			.header("X-API-Key", GatewayInstance.ACME_KEY)
			.bodyValue("{\"inputs\":[]}")
			.exchange()
			.expectStatus().isOk();
		assertThat(gateway.management().get().uri("/actuator/prometheus").exchange()
			.expectBody(String.class).returnResult().getResponseBody())
			.contains("resilience4j_circuitbreaker_state{application=\"chorus-gateway\",name=\"ensemble-service\",state=\"closed\"} 1.0");
	}

	@Test
	void clientsThatAbortTheirUploadLeaveTheBreakerClosed() throws Exception {
		for (int i = 0; i < 15; i++) {
			try (RawHttp http = RawHttp.open(gateway.port(), Duration.ofSeconds(10))) {
				http.send(head(64));
				http.send("{\"inputs\":");
				Thread.sleep(50);
			}
		}
		Thread.sleep(500);
		gateway.client().post().uri("/v2/models/fraud/infer").contentType(MediaType.APPLICATION_JSON)
			.header("X-API-Key", GatewayInstance.ACME_KEY)
			.bodyValue("{\"inputs\":[]}")
			.exchange()
			.expectStatus().isOk();
	}

	@Test
	void aSteadyUploadSlowerThanTheResponseTimeoutIsAnswered() throws Exception {
		String body = "{\"inputs\":[],\"pad\":\"" + "x".repeat(20) + "\"}";
		try (RawHttp http = RawHttp.open(gateway.port(), Duration.ofSeconds(30))) {
			http.send(head(body.length()));
			// About 1.2 s of upload, well past the 500 ms response timeout, but never silent for 1.5 s.
			for (int i = 0; i < body.length(); i += 4) {
				http.send(body.substring(i, Math.min(body.length(), i + 4)));
				Thread.sleep(100);
			}
			assertThat(http.read().status()).isEqualTo(200);
		}
	}

	/** Sends headers and part of the body, 1 byte every 200 ms for 1.6 s, then nothing. */
	private static int trickleThenStall() throws Exception {
		try (RawHttp http = RawHttp.open(gateway.port(), Duration.ofSeconds(60))) {
			http.send(head(64));
			http.send("{\"inputs\":");
			for (int i = 0; i < 8; i++) {
				Thread.sleep(200);
				if (!http.trySend(" ")) {
					break;
				}
			}
			RawHttp.Answer answer = http.read();
			return (answer != null) ? answer.status() : -1;
		}
	}

	private static String head(int contentLength) {
		return "POST /v2/models/fraud/infer HTTP/1.1\r\nHost: 127.0.0.1\r\nX-API-Key: " + GatewayInstance.ACME_KEY
				+ "\r\nContent-Type: application/json\r\nContent-Length: " + contentLength + "\r\n\r\n";
	}

}
