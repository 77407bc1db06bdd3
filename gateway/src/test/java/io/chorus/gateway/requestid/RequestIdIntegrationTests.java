package io.chorus.gateway.requestid;

import io.chorus.gateway.support.GatewayInstance;
import io.chorus.gateway.support.SharedGateway;
import io.chorus.gateway.support.StubUpstream;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

import org.springframework.test.web.reactive.server.WebTestClient;

import static org.assertj.core.api.Assertions.assertThat;

class RequestIdIntegrationTests {

	private static final String TRACEPARENT = "00-4bf92f3577b34da6a3ce929d0e0e4736-00f067aa0ba902b7-01";

	private SharedGateway shared;

	private WebTestClient client;

	@BeforeEach
	void setUp() {
		this.shared = SharedGateway.get();
		this.client = this.shared.gateway().client();
	}

	@Test
	void passesClientRequestIdAndTraceparentToUpstreamAndEchoesTheId() throws InterruptedException {
		this.client.get().uri("/v2/models/fraud").header("X-API-Key", GatewayInstance.ACME_KEY)
			.header(RequestIds.HEADER, "req-42.a:b")
			.header("traceparent", TRACEPARENT)
			.exchange()
			.expectStatus().isOk()
			.expectHeader().valueEquals(RequestIds.HEADER, "req-42.a:b");
		StubUpstream.Received received = this.shared.ensembleService().takeRequest();
		assertThat(received.headers().get(RequestIds.HEADER)).containsExactly("req-42.a:b");
		// The client's trace continues through the gateway: its trace id and sampled flag, with the gateway's
		// proxied call as the parent span.
		assertThat(received.headers().get("traceparent")).singleElement(org.assertj.core.api.InstanceOfAssertFactories.STRING)
			.startsWith("00-4bf92f3577b34da6a3ce929d0e0e4736-")
			.endsWith("-01")
			.isNotEqualTo(TRACEPARENT);
	}

	@Test
	void generatesRequestIdWhenTheClientSendsNone() throws InterruptedException {
		String echoed = this.client.get().uri("/v2").header("X-API-Key", GatewayInstance.ACME_KEY)
			.exchange()
			.expectStatus().isOk()
			.returnResult(String.class)
			.getResponseHeaders()
			.getFirst(RequestIds.HEADER);
		assertThat(echoed).matches("[0-9a-f-]{36}");
		assertThat(this.shared.ensembleService().takeRequest().header(RequestIds.HEADER)).isEqualTo(echoed);
	}

	@Test
	void replacesAnUnsafeRequestId() throws InterruptedException {
		this.client.get().uri("/v2").header("X-API-Key", GatewayInstance.ACME_KEY)
			.header(RequestIds.HEADER, "evil id with spaces {}")
			.exchange()
			.expectStatus().isOk()
			.expectHeader().valueMatches(RequestIds.HEADER, "[0-9a-f-]{36}");
		assertThat(this.shared.ensembleService().takeRequest().header(RequestIds.HEADER)).matches("[0-9a-f-]{36}");
	}

	@Test
	void errorResponsesCarryTheRequestIdToo() {
		this.client.get().uri("/v2").header(RequestIds.HEADER, "no-key-1")
			.exchange()
			.expectStatus().isUnauthorized()
			.expectHeader().valueEquals(RequestIds.HEADER, "no-key-1")
			.expectBody().jsonPath("$.request_id").isEqualTo("no-key-1");
	}

}
