package io.chorus.gateway.headers;

import java.io.IOException;
import java.time.Duration;

import io.chorus.gateway.support.GatewayInstance;
import io.chorus.gateway.support.RawHttp;
import io.chorus.gateway.support.SharedGateway;
import io.chorus.gateway.support.StubUpstream;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

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

	@ParameterizedTest
	@ValueSource(strings = { "Content-Length", "content-type, Content-Length", "Host, Content-Length, Authorization" })
	void neverStripsFramingOrAuthenticationHeadersAConnectionHeaderNames(String connection) throws IOException {
		// Over a raw socket: HTTP clients rewrite such a Connection header. Were Content-Length or
		// Content-Type stripped, the 413 and 415 checks would be skipped while the body still streams.
		String oversized = "{\"pad\":\"" + "x".repeat(2048) + "\"}";
		assertThat(post(connection, "application/json", oversized).status()).isEqualTo(413);
		assertThat(post(connection, "text/plain", "{}").status()).isEqualTo(415);
		RawHttp.Answer ok = post(connection, "application/json", "{}");
		assertThat(ok.status()).isEqualTo(200);
	}

	@Test
	void neverStripsTransferEncodingAConnectionHeaderNames() throws IOException {
		String chunk = "x".repeat(600);
		String chunked = Integer.toHexString(chunk.length()) + "\r\n" + chunk + "\r\n" + Integer.toHexString(chunk.length())
				+ "\r\n" + chunk + "\r\n0\r\n\r\n";
		try (RawHttp http = RawHttp.open(this.shared.gateway().port(), Duration.ofSeconds(20))) {
			http.send("POST /v2/models/fraud/infer HTTP/1.1\r\nHost: 127.0.0.1\r\nX-API-Key: " + GatewayInstance.ACME_KEY
					+ "\r\nConnection: Transfer-Encoding, Content-Type\r\nContent-Type: application/json\r\n"
					+ "Transfer-Encoding: chunked\r\n\r\n");
			http.trySend(chunked);
			assertThat(http.read().status()).isEqualTo(413);
		}
	}

	private RawHttp.Answer post(String connection, String type, String body) throws IOException {
		try (RawHttp http = RawHttp.open(this.shared.gateway().port(), Duration.ofSeconds(20))) {
			http.send("POST /v2/models/fraud/infer HTTP/1.1\r\nHost: 127.0.0.1\r\nAuthorization: Bearer "
					+ GatewayInstance.ACME_KEY + "\r\nConnection: " + connection + "\r\nContent-Type: " + type
					+ "\r\nContent-Length: " + body.length() + "\r\n\r\n");
			http.trySend(body);
			RawHttp.Answer answer = http.read();
			assertThat(answer).as("an answer to Connection: %s", connection).isNotNull();
			return answer;
		}
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
