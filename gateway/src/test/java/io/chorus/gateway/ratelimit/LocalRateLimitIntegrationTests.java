package io.chorus.gateway.ratelimit;

import java.util.Map;

import io.chorus.gateway.support.GatewayInstance;
import io.chorus.gateway.support.StubUpstream;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

import org.springframework.http.HttpHeaders;
import org.springframework.http.MediaType;
import org.springframework.test.web.reactive.server.EntityExchangeResult;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * Client {@code acme} gets one request per two seconds (1 token/s, 2 tokens a request, a
 * bucket of 2); client {@code limited} keeps the roomy default.
 */
class LocalRateLimitIntegrationTests {

	private static StubUpstream upstream;

	private static GatewayInstance gateway;

	@BeforeAll
	static void start() {
		upstream = StubUpstream.start();
		Map<String, Object> properties = GatewayInstance.baseProperties(upstream.uri());
		properties.put("chorus.gateway.rate-limit.backend", "local");
		properties.put("chorus.gateway.rate-limit.clients.acme.replenish-rate", "1");
		properties.put("chorus.gateway.rate-limit.clients.acme.burst-capacity", "2");
		properties.put("chorus.gateway.rate-limit.clients.acme.requested-tokens", "2");
		gateway = GatewayInstance.start(properties);
	}

	@AfterAll
	static void stop() {
		gateway.close();
		upstream.close();
	}

	@Test
	void answers429WithRetryAfterThenLetsTheClientInOnceRefilled() throws InterruptedException {
		get(GatewayInstance.ACME_KEY).expectStatus().isOk().expectHeader().valueEquals("X-RateLimit-Remaining", "0");
		EntityExchangeResult<byte[]> limited = get(GatewayInstance.ACME_KEY).expectStatus().isEqualTo(429)
			.expectHeader().contentType(MediaType.APPLICATION_PROBLEM_JSON)
			.expectHeader().valueEquals("X-RateLimit-Remaining", "0")
			.expectBody()
			.jsonPath("$.status").isEqualTo(429)
			.returnResult();
		long retryAfter = Long.parseLong(limited.getResponseHeaders().getFirst(HttpHeaders.RETRY_AFTER));
		assertThat(retryAfter).isBetween(1L, 2L);
		// Another client has a bucket of its own.
		get(GatewayInstance.LIMITED_KEY).expectStatus().isOk();
		Thread.sleep(retryAfter * 1000 + 500);
		get(GatewayInstance.ACME_KEY).expectStatus().isOk();
	}

	private static org.springframework.test.web.reactive.server.WebTestClient.ResponseSpec get(String key) {
		return gateway.client().get().uri("/v2/health/ready").header("X-API-Key", key).exchange();
	}

}
