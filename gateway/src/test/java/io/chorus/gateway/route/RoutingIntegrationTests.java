package io.chorus.gateway.route;

import io.chorus.gateway.support.GatewayInstance;
import io.chorus.gateway.support.SharedGateway;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

import org.springframework.test.web.reactive.server.WebTestClient;

import static org.assertj.core.api.Assertions.assertThat;

class RoutingIntegrationTests {

	private SharedGateway shared;

	private WebTestClient client;

	@BeforeEach
	void setUp() {
		this.shared = SharedGateway.get();
		this.client = this.shared.gateway().client();
	}

	@Test
	void routesEveryInferenceApiPathToEnsembleService() throws InterruptedException {
		for (String path : new String[] { "/v2", "/v2/health/live", "/v2/health/ready", "/v2/models/fraud",
				"/v2/models/fraud/ready", "/v2/models/fraud/versions/3" }) {
			this.client.get().uri(path).header("X-API-Key", GatewayInstance.ACME_KEY)
				.exchange()
				.expectStatus().isOk();
			assertThat(this.shared.ensembleService().takeRequest().uri()).isEqualTo(path);
		}
	}

	@Test
	void routesDirectRouteToItsModelServerWithoutThePrefix() throws InterruptedException {
		this.client.get().uri("/direct/scorer/v2/models/scorer/ready").header("X-API-Key", GatewayInstance.ACME_KEY)
			.exchange()
			.expectStatus().isOk();
		assertThat(this.shared.modelServer().takeRequest().uri()).isEqualTo("/v2/models/scorer/ready");
		assertThat(this.shared.ensembleService().drain()).isEmpty();
	}

	@Test
	void answersUnknownPathWith404Json() {
		this.client.get().uri("/admin").header("X-API-Key", GatewayInstance.ACME_KEY)
			.exchange()
			.expectStatus().isNotFound()
			.expectBody()
			.jsonPath("$.status").isEqualTo(404)
			.jsonPath("$.error").isEqualTo("no route for this path");
	}

	@Test
	void neverServesTheActuatorOnThePublicPort() {
		for (String path : new String[] { "/actuator", "/actuator/health", "/actuator/prometheus",
				"/actuator/gateway/routes" }) {
			this.client.get().uri(path).header("X-API-Key", GatewayInstance.ACME_KEY)
				.exchange()
				.expectStatus().isNotFound();
		}
	}

}
