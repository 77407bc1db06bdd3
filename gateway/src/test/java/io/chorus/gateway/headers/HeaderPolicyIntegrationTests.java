package io.chorus.gateway.headers;

import io.chorus.gateway.support.GatewayInstance;
import io.chorus.gateway.support.SharedGateway;
import io.chorus.gateway.support.StubUpstream;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

import org.springframework.test.web.reactive.server.WebTestClient;

import static org.assertj.core.api.Assertions.assertThat;

class HeaderPolicyIntegrationTests {

	private SharedGateway shared;

	private WebTestClient client;

	@BeforeEach
	void setUp() {
		this.shared = SharedGateway.get();
		this.client = this.shared.gateway().client();
	}

	@Test
	void stripsInjectedInternalHeadersButKeepsTheAllowedDeadlineAndDetail() throws InterruptedException {
		this.client.get().uri("/v2/models/fraud").header("X-API-Key", GatewayInstance.ACME_KEY)
			.header("X-Chorus-Client", "someone-else")
			.header("x-chorus-member-override", "http://evil.example")
			.header("X-Chorus-Deadline-Ms", "250")
			.header("X-Chorus-Detail", "true")
			.header("Proxy-Authorization", "Basic c2VjcmV0")
			.exchange()
			.expectStatus().isOk();
		StubUpstream.Received received = this.shared.ensembleService().takeRequest();
		assertThat(received.headers().get("X-Chorus-Client")).containsExactly("acme");
		assertThat(received.headers()).doesNotContainKeys("X-Chorus-Member-Override", "Proxy-Authorization");
		assertThat(received.header("X-Chorus-Deadline-Ms")).isEqualTo("250");
		assertThat(received.header("X-Chorus-Detail")).isEqualTo("true");
	}

	@Test
	void stripsHeadersTheConnectionHeaderNamesAsHopByHop() throws InterruptedException {
		this.client.get().uri("/v2/models/fraud").header("X-API-Key", GatewayInstance.ACME_KEY)
			.header("Connection", "keep-alive, X-Hop-Secret")
			.header("X-Hop-Secret", "do-not-forward")
			.exchange()
			.expectStatus().isOk();
		assertThat(this.shared.ensembleService().takeRequest().headers()).doesNotContainKey("X-Hop-Secret");
	}

	@Test
	void setsSecureResponseHeadersOverUpstreamValues() {
		this.client.get().uri("/v2/models/fraud").header("X-API-Key", GatewayInstance.ACME_KEY)
			.exchange()
			.expectStatus().isOk()
			.expectHeader().valueEquals("X-Content-Type-Options", "nosniff")
			.expectHeader().valueEquals("X-Frame-Options", "DENY")
			.expectHeader().valueEquals("Cache-Control", "no-store")
			.expectHeader().exists("Content-Security-Policy")
			.expectHeader().exists("Strict-Transport-Security");
	}

	@Test
	void setsSecureResponseHeadersOnErrorsToo() {
		this.client.get().uri("/v2/models/fraud")
			.exchange()
			.expectStatus().isUnauthorized()
			.expectHeader().valueEquals("X-Content-Type-Options", "nosniff");
	}

}
