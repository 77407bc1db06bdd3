package io.chorus.gateway.cors;

import io.chorus.gateway.support.SharedGateway;
import org.junit.jupiter.api.Test;

import org.springframework.http.HttpHeaders;
import org.springframework.test.web.reactive.server.WebTestClient;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * The shared gateway allows the origin {@code https://app.example.com}.
 */
class CorsIntegrationTests {

	@Test
	void answersPreflightFromAllowedOriginWithoutAKey() {
		SharedGateway shared = SharedGateway.get();
		WebTestClient client = shared.gateway().client();
		client.options().uri("/v2/models/fraud/infer")
			.header(HttpHeaders.ORIGIN, "https://app.example.com")
			.header(HttpHeaders.ACCESS_CONTROL_REQUEST_METHOD, "POST")
			.header(HttpHeaders.ACCESS_CONTROL_REQUEST_HEADERS, "authorization, content-type")
			.exchange()
			.expectStatus().isOk()
			.expectHeader().valueEquals(HttpHeaders.ACCESS_CONTROL_ALLOW_ORIGIN, "https://app.example.com");
		assertThat(shared.ensembleService().drain()).isEmpty();
	}

	@Test
	void refusesPreflightFromOtherOrigin() {
		SharedGateway.get().gateway().client().options().uri("/v2/models/fraud/infer")
			.header(HttpHeaders.ORIGIN, "https://evil.example.com")
			.header(HttpHeaders.ACCESS_CONTROL_REQUEST_METHOD, "POST")
			.exchange()
			.expectStatus().isForbidden()
			.expectHeader().doesNotExist(HttpHeaders.ACCESS_CONTROL_ALLOW_ORIGIN);
	}

}
