package io.chorus.gateway.auth;

import io.chorus.gateway.support.GatewayInstance;
import io.chorus.gateway.support.SharedGateway;
import io.chorus.gateway.support.StubUpstream;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

import org.springframework.http.HttpHeaders;
import org.springframework.http.MediaType;
import org.springframework.test.web.reactive.server.WebTestClient;

import static org.assertj.core.api.Assertions.assertThat;

class ApiKeyAuthIntegrationTests {

	private static final String INFER_BODY = "{\"inputs\":[]}";

	private SharedGateway shared;

	private WebTestClient client;

	@BeforeEach
	void setUp() {
		this.shared = SharedGateway.get();
		this.client = this.shared.gateway().client();
	}

	@Test
	void rejectsRequestWithoutKeyWith401Json() {
		this.client.post().uri("/v2/models/fraud/infer").contentType(MediaType.APPLICATION_JSON).bodyValue(INFER_BODY)
			.exchange()
			.expectStatus().isUnauthorized()
			.expectHeader().contentType(MediaType.APPLICATION_PROBLEM_JSON)
			.expectHeader().valueMatches(HttpHeaders.WWW_AUTHENTICATE, "Bearer realm=\"chorus\".*")
			.expectBody()
			.jsonPath("$.status").isEqualTo(401)
			.jsonPath("$.error").value((String error) -> assertThat(error).startsWith("missing API key"));
		assertThat(this.shared.ensembleService().drain()).isEmpty();
	}

	@Test
	void rejectsWrongKeyWith401Json() {
		this.client.post().uri("/v2/models/fraud/infer").contentType(MediaType.APPLICATION_JSON)
			.header(HttpHeaders.AUTHORIZATION, "Bearer not-a-configured-key")
			.bodyValue(INFER_BODY)
			.exchange()
			.expectStatus().isUnauthorized()
			.expectBody()
			.jsonPath("$.status").isEqualTo(401)
			.jsonPath("$.error").isEqualTo("invalid API key");
		assertThat(this.shared.ensembleService().drain()).isEmpty();
	}

	@Test
	void acceptsBearerKeyAndNamesTheClientWithoutForwardingTheKey() throws InterruptedException {
		this.client.post().uri("/v2/models/fraud/infer").contentType(MediaType.APPLICATION_JSON)
			.header(HttpHeaders.AUTHORIZATION, "Bearer " + GatewayInstance.ACME_KEY)
			.bodyValue(INFER_BODY)
			.exchange()
			.expectStatus().isOk()
			.expectBody().jsonPath("$.model_name").isEqualTo("stub");
		StubUpstream.Received received = this.shared.ensembleService().takeRequest();
		assertThat(received.uri()).isEqualTo("/v2/models/fraud/infer");
		assertThat(received.bodyLength()).isEqualTo(INFER_BODY.length());
		assertThat(received.header("X-Chorus-Client")).isEqualTo("acme");
		assertThat(received.headers()).doesNotContainKeys(HttpHeaders.AUTHORIZATION, "X-API-Key");
	}

	@Test
	void acceptsKeyInXApiKeyHeader() throws InterruptedException {
		this.client.get().uri("/v2/health/ready").header("X-API-Key", GatewayInstance.LIMITED_KEY)
			.exchange()
			.expectStatus().isOk();
		StubUpstream.Received received = this.shared.ensembleService().takeRequest();
		assertThat(received.header("X-Chorus-Client")).isEqualTo("limited");
		assertThat(received.headers()).doesNotContainKey("X-API-Key");
	}

	@Test
	void forbidsAnEnsembleTheKeyIsNotAllowed() {
		this.client.post().uri("/v2/models/churn/infer").contentType(MediaType.APPLICATION_JSON)
			.header("X-API-Key", GatewayInstance.LIMITED_KEY)
			.bodyValue(INFER_BODY)
			.exchange()
			.expectStatus().isForbidden()
			.expectBody()
			.jsonPath("$.status").isEqualTo(403)
			.jsonPath("$.error").isEqualTo("client 'limited' may not call ensemble 'churn'");
		this.client.post().uri("/v1/models/churn:predict").contentType(MediaType.APPLICATION_JSON)
			.header("X-API-Key", GatewayInstance.LIMITED_KEY)
			.bodyValue("{\"instances\":[]}")
			.exchange()
			.expectStatus().isForbidden();
		this.client.get().uri("/v2/models/churn/ready").header("X-API-Key", GatewayInstance.LIMITED_KEY)
			.exchange()
			.expectStatus().isForbidden();
		assertThat(this.shared.ensembleService().drain()).isEmpty();
	}

	@Test
	void allowsTheEnsembleTheKeyIsLimitedTo() throws InterruptedException {
		this.client.post().uri("/v1/models/fraud:predict").contentType(MediaType.APPLICATION_JSON)
			.header("X-API-Key", GatewayInstance.LIMITED_KEY)
			.bodyValue("{\"instances\":[]}")
			.exchange()
			.expectStatus().isOk();
		assertThat(this.shared.ensembleService().takeRequest().uri()).isEqualTo("/v1/models/fraud:predict");
	}

	@Test
	void restrictedKeyMayNotUseADirectRouteItIsNotListedFor() {
		this.client.get().uri("/direct/scorer/v2/health/ready").header("X-API-Key", GatewayInstance.LIMITED_KEY)
			.exchange()
			.expectStatus().isForbidden();
	}

}
