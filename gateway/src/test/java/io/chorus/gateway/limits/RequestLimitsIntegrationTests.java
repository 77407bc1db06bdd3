package io.chorus.gateway.limits;

import java.nio.charset.StandardCharsets;
import java.util.Arrays;

import io.chorus.gateway.support.GatewayInstance;
import io.chorus.gateway.support.SharedGateway;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import reactor.core.publisher.Flux;

import org.springframework.core.io.buffer.DataBuffer;
import org.springframework.core.io.buffer.DefaultDataBufferFactory;
import org.springframework.http.HttpHeaders;
import org.springframework.http.MediaType;
import org.springframework.test.web.reactive.server.WebTestClient;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * The shared gateway allows bodies of at most 1 KB.
 */
class RequestLimitsIntegrationTests {

	private SharedGateway shared;

	private WebTestClient client;

	@BeforeEach
	void setUp() {
		this.shared = SharedGateway.get();
		this.client = this.shared.gateway().client();
	}

	@Test
	void rejectsBodyDeclaredLargerThanTheLimitWith413() {
		this.client.post().uri("/v2/models/fraud/infer").contentType(MediaType.APPLICATION_JSON)
			.header("X-API-Key", GatewayInstance.ACME_KEY)
			.bodyValue(json(4096))
			.exchange()
			.expectStatus().isEqualTo(413)
			.expectHeader().contentType(MediaType.APPLICATION_PROBLEM_JSON)
			.expectBody()
			.jsonPath("$.status").isEqualTo(413)
			.jsonPath("$.error").isEqualTo("request body is larger than the limit of 1024 bytes");
		assertThat(this.shared.ensembleService().drain()).isEmpty();
	}

	@Test
	void rejectsChunkedBodyOnceItStreamsPastTheLimit() {
		DefaultDataBufferFactory buffers = DefaultDataBufferFactory.sharedInstance;
		Flux<DataBuffer> chunks = Flux.range(0, 16)
			.map((i) -> buffers.wrap(json(256).getBytes(StandardCharsets.UTF_8)));
		this.client.post().uri("/v2/models/fraud/infer").contentType(MediaType.APPLICATION_JSON)
			.header("X-API-Key", GatewayInstance.ACME_KEY)
			.body(chunks, DataBuffer.class)
			.exchange()
			.expectStatus().isEqualTo(413)
			.expectBody()
			.jsonPath("$.status").isEqualTo(413);
	}

	@Test
	void passesABodyWithinTheLimit() {
		this.client.post().uri("/v2/models/fraud/infer").contentType(MediaType.APPLICATION_JSON)
			.header("X-API-Key", GatewayInstance.ACME_KEY)
			.bodyValue(json(1000))
			.exchange()
			.expectStatus().isOk();
	}

	@Test
	void rejectsMethodNotAllowedWith405AndAllowHeader() {
		this.client.delete().uri("/v2/models/fraud").header("X-API-Key", GatewayInstance.ACME_KEY)
			.exchange()
			.expectStatus().isEqualTo(405)
			.expectHeader().valueEquals(HttpHeaders.ALLOW, "GET, POST")
			.expectBody().jsonPath("$.status").isEqualTo(405);
	}

	@Test
	void rejectsContentTypeNotAllowedWith415() {
		this.client.post().uri("/v2/models/fraud/infer").contentType(MediaType.TEXT_PLAIN)
			.header("X-API-Key", GatewayInstance.ACME_KEY)
			.bodyValue("hello")
			.exchange()
			.expectStatus().isEqualTo(415)
			.expectBody().jsonPath("$.status").isEqualTo(415);
		assertThat(this.shared.ensembleService().drain()).isEmpty();
	}

	@Test
	void refusesOctetStreamWith415AsEnsembleServiceDoes() {
		this.client.post().uri("/v2/models/fraud/infer").contentType(MediaType.APPLICATION_OCTET_STREAM)
			.header("X-API-Key", GatewayInstance.ACME_KEY)
			.bodyValue("{}".getBytes(StandardCharsets.UTF_8))
			.exchange()
			.expectStatus().isEqualTo(415);
		assertThat(this.shared.ensembleService().drain()).isEmpty();
	}

	@Test
	void acceptsWhatEnsembleServiceAcceptsAJsonSuffixOrNoType() {
		this.client.post().uri("/v2/models/fraud/infer").header(HttpHeaders.CONTENT_TYPE, "application/vnd.chorus+json")
			.header("X-API-Key", GatewayInstance.ACME_KEY)
			.bodyValue("{}")
			.exchange()
			.expectStatus().isOk();
		this.client.post().uri("/v2/models/fraud/infer")
			.header("X-API-Key", GatewayInstance.ACME_KEY)
			.body(org.springframework.web.reactive.function.BodyInserters.fromValue("{}".getBytes(StandardCharsets.UTF_8)))
			.exchange()
			.expectStatus().isOk();
	}

	@Test
	void acceptsJsonWithCharsetParameter() {
		this.client.post().uri("/v2/models/fraud/infer")
			.header(HttpHeaders.CONTENT_TYPE, "application/json; charset=utf-8")
			.header("X-API-Key", GatewayInstance.ACME_KEY)
			.bodyValue("{}")
			.exchange()
			.expectStatus().isOk();
	}

	@Test
	void rejectsDotSegmentsThatCouldDodgeTheEnsembleCheck() {
		this.client.get().uri("/v2/models/fraud/../churn/ready").header("X-API-Key", GatewayInstance.LIMITED_KEY)
			.exchange()
			.expectStatus().isBadRequest();
		assertThat(this.shared.ensembleService().drain()).isEmpty();
	}

	private static String json(int length) {
		char[] filler = new char[length - 8];
		Arrays.fill(filler, 'x');
		return "{\"a\":\"" + new String(filler) + "\"}";
	}

}
