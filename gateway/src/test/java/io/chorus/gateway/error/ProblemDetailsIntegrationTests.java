package io.chorus.gateway.error;

import io.chorus.gateway.support.SharedGateway;
import org.junit.jupiter.api.Test;

import org.springframework.http.MediaType;

/**
 * Every refusal of the gateway is one RFC 9457 problem details object, the shape
 * ensemble-service answers with too.
 */
class ProblemDetailsIntegrationTests {

	@Test
	void answersAnErrorAsProblemDetailsWithTheProtocolErrorAndTheRequestId() {
		SharedGateway.get().gateway().client().get().uri("/v2/models/fraud").header("X-Request-Id", "shape-1")
			.exchange()
			.expectStatus().isUnauthorized()
			.expectHeader().contentType(MediaType.APPLICATION_PROBLEM_JSON)
			.expectBody()
			.jsonPath("$.type").isEqualTo("about:blank")
			.jsonPath("$.title").isEqualTo("Unauthorized")
			.jsonPath("$.status").isEqualTo(401)
			.jsonPath("$.detail").value((String detail) -> org.assertj.core.api.Assertions.assertThat(detail).startsWith("missing API key"))
			.jsonPath("$.error").value((String error) -> org.assertj.core.api.Assertions.assertThat(error).startsWith("missing API key"))
			.jsonPath("$.request_id").isEqualTo("shape-1")
			.jsonPath("$.requestId").doesNotExist();
	}

}
