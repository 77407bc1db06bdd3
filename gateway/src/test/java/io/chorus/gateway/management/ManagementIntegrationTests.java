package io.chorus.gateway.management;

import io.chorus.gateway.support.GatewayInstance;
import io.chorus.gateway.support.SharedGateway;
import org.junit.jupiter.api.Test;

import org.springframework.test.web.reactive.server.WebTestClient;

import static org.assertj.core.api.Assertions.assertThat;

class ManagementIntegrationTests {

	@Test
	void servesHealthGroupsOnTheManagementPortWithoutAKey() {
		WebTestClient management = SharedGateway.get().gateway().management();
		management.get().uri("/actuator/health/liveness").exchange()
			.expectStatus().isOk()
			.expectBody().jsonPath("$.status").isEqualTo("UP");
		management.get().uri("/actuator/health/readiness").exchange()
			.expectStatus().isOk()
			.expectBody().jsonPath("$.status").isEqualTo("UP");
	}

	@Test
	void exposesRoutesReadOnly() {
		WebTestClient management = SharedGateway.get().gateway().management();
		management.get().uri("/actuator/gateway/routes").exchange()
			.expectStatus().isOk()
			.expectBody(String.class)
			.value((body) -> assertThat(body).contains("ensemble-service", "direct-scorer"));
		management.post().uri("/actuator/gateway/refresh").exchange().expectStatus().is4xxClientError();
	}

	@Test
	void countsRequestsByClientAndOutcomeWithoutTheKey() throws InterruptedException {
		SharedGateway shared = SharedGateway.get();
		shared.gateway().client().get().uri("/v2").header("X-API-Key", GatewayInstance.ACME_KEY)
			.exchange().expectStatus().isOk();
		shared.gateway().client().get().uri("/v2").header("X-API-Key", "wrong-key-in-metrics")
			.exchange().expectStatus().isUnauthorized();
		// A request is recorded when its response is done, which may be a moment after the client read it.
		String scrape = scrape(shared);
		for (int i = 0; i < 50 && !scrape.contains("outcome=\"unauthorized\""); i++) {
			Thread.sleep(100);
			scrape = scrape(shared);
		}
		assertThat(scrape).containsPattern("chorus_gateway_requests_seconds_count\\{[^}]*client=\"acme\"[^}]*"
				+ "outcome=\"success\"[^}]*route=\"ensemble-service\"");
		assertThat(scrape).containsPattern("chorus_gateway_requests_seconds_count\\{[^}]*client=\"unauthenticated\""
				+ "[^}]*outcome=\"unauthorized\"[^}]*route=\"none\"");
		// One per-request meter: neither Spring Cloud Gateway's route timer nor Boot's server timer.
		assertThat(scrape).doesNotContain("spring_cloud_gateway_requests", "http_server_requests");
		assertThat(scrape).contains("resilience4j_circuitbreaker_state");
		assertThat(scrape).doesNotContain(GatewayInstance.ACME_KEY, "wrong-key-in-metrics");
	}

	private static String scrape(SharedGateway shared) {
		return shared.gateway().management().get().uri("/actuator/prometheus").exchange()
			.expectStatus().isOk()
			.expectBody(String.class)
			.returnResult()
			.getResponseBody();
	}

}
