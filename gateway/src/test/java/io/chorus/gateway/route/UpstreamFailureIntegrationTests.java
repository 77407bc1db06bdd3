package io.chorus.gateway.route;

import java.time.Duration;
import java.util.Map;

import io.chorus.gateway.support.FreePorts;
import io.chorus.gateway.support.GatewayInstance;
import io.chorus.gateway.support.StubUpstream;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

import org.springframework.http.HttpHeaders;
import org.springframework.http.MediaType;
import org.springframework.test.web.reactive.server.WebTestClient;

/**
 * Truthful 503 and 504 answers, never a 200 fallback.
 */
class UpstreamFailureIntegrationTests {

	private static StubUpstream slowUpstream;

	private static GatewayInstance slowGateway;

	private static GatewayInstance downGateway;

	@BeforeAll
	static void start() {
		slowUpstream = StubUpstream.start();
		Map<String, Object> slow = GatewayInstance.baseProperties(slowUpstream.uri());
		slow.put("chorus.gateway.ensemble-service.response-timeout", "500ms");
		slow.put("chorus.gateway.ensemble-service.circuit-breaker.minimum-number-of-calls", "100");
		slowGateway = GatewayInstance.start(slow);
		Map<String, Object> down = GatewayInstance.baseProperties("http://127.0.0.1:" + FreePorts.next());
		down.put("chorus.gateway.ensemble-service.connect-timeout", "1s");
		down.put("chorus.gateway.ensemble-service.circuit-breaker.sliding-window-size", "3");
		down.put("chorus.gateway.ensemble-service.circuit-breaker.minimum-number-of-calls", "3");
		down.put("chorus.gateway.ensemble-service.circuit-breaker.wait-duration-in-open-state", "10m");
		downGateway = GatewayInstance.start(down);
	}

	@AfterAll
	static void stop() {
		slowGateway.close();
		downGateway.close();
		slowUpstream.close();
	}

	@Test
	void answers504JsonWhenEnsembleServiceIsTooSlow() {
		slowUpstream.delayResponses(Duration.ofSeconds(3));
		try {
			infer(slowGateway.client()).expectStatus().isEqualTo(504)
				.expectHeader().contentType(MediaType.APPLICATION_PROBLEM_JSON)
				.expectBody()
				.jsonPath("$.status").isEqualTo(504)
				.jsonPath("$.error").isEqualTo("upstream 'ensemble-service' did not answer in time");
		}
		finally {
			slowUpstream.delayResponses(Duration.ZERO);
		}
		// The route still answers once ensemble-service is quick again.
		infer(slowGateway.client()).expectStatus().isOk();
	}

	@Test
	void answers503JsonWhenEnsembleServiceIsDownThenOpensTheBreaker() {
		WebTestClient client = downGateway.client();
		for (int i = 0; i < 3; i++) {
			infer(client).expectStatus().isEqualTo(503)
				.expectHeader().contentType(MediaType.APPLICATION_PROBLEM_JSON)
				.expectBody()
				.jsonPath("$.status").isEqualTo(503)
				.jsonPath("$.error").isEqualTo("upstream 'ensemble-service' is unavailable");
		}
		infer(client).expectStatus().isEqualTo(503)
			// The breaker waits 10 minutes in the open state: that is when to come back.
			.expectHeader().valueEquals(HttpHeaders.RETRY_AFTER, "600")
			.expectBody()
			.jsonPath("$.status").isEqualTo(503)
			.jsonPath("$.error").isEqualTo("upstream 'ensemble-service' is unavailable: its circuit breaker is open");
	}

	private static WebTestClient.ResponseSpec infer(WebTestClient client) {
		return client.post().uri("/v2/models/fraud/infer").contentType(MediaType.APPLICATION_JSON)
			.header("X-API-Key", GatewayInstance.ACME_KEY)
			.bodyValue("{\"inputs\":[]}")
			.exchange();
	}

}
