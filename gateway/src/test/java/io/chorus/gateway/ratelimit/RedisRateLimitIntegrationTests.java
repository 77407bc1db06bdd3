package io.chorus.gateway.ratelimit;

import java.util.ArrayList;
import java.util.List;
import java.util.Map;

import io.chorus.gateway.support.GatewayInstance;
import io.chorus.gateway.support.RedisServerProcess;
import io.chorus.gateway.support.StubUpstream;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

import org.springframework.http.HttpHeaders;
import org.springframework.test.web.reactive.server.EntityExchangeResult;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * Two gateways share one Redis, so client {@code acme} has one limit across both: a burst of
 * 3 requests (30 tokens, 10 a request), then one request per 10 s.
 */
class RedisRateLimitIntegrationTests {

	private static RedisServerProcess redis;

	private static StubUpstream upstream;

	private static GatewayInstance first;

	private static GatewayInstance second;

	@BeforeAll
	static void start() throws Exception {
		redis = RedisServerProcess.start();
		upstream = StubUpstream.start();
		first = GatewayInstance.start(properties());
		second = GatewayInstance.start(properties());
	}

	private static Map<String, Object> properties() {
		Map<String, Object> properties = GatewayInstance.baseProperties(upstream.uri());
		properties.put("spring.data.redis.host", "127.0.0.1");
		properties.put("spring.data.redis.port", Integer.toString(redis.port()));
		properties.put("chorus.gateway.rate-limit.backend", "redis");
		// This test is about one shared limit, not about failing open: a slow machine must not make a
		// request pass unlimited because Redis answered after the default 100 ms.
		properties.put("chorus.gateway.rate-limit.redis-timeout", "5s");
		properties.put("spring.data.redis.timeout", "5s");
		properties.put("chorus.gateway.rate-limit.clients.acme.replenish-rate", "1");
		properties.put("chorus.gateway.rate-limit.clients.acme.burst-capacity", "30");
		properties.put("chorus.gateway.rate-limit.clients.acme.requested-tokens", "10");
		return properties;
	}

	@AfterAll
	static void stop() {
		if (first != null) {
			first.close();
		}
		if (second != null) {
			second.close();
		}
		if (upstream != null) {
			upstream.close();
		}
		if (redis != null) {
			redis.close();
		}
	}

	@Test
	void twoGatewaysShareOneLimitPerClient() {
		long start = System.nanoTime();
		List<Integer> firstStatuses = new ArrayList<>();
		List<Integer> secondStatuses = new ArrayList<>();
		EntityExchangeResult<byte[]> lastLimited = null;
		for (int i = 0; i < 4; i++) {
			for (GatewayInstance gateway : List.of(first, second)) {
				EntityExchangeResult<byte[]> result = gateway.client().get().uri("/v2/health/ready")
					.header("X-API-Key", GatewayInstance.ACME_KEY)
					.exchange()
					.expectBody()
					.returnResult();
				int status = result.getStatus().value();
				((gateway == first) ? firstStatuses : secondStatuses).add(status);
				if (status == 429) {
					lastLimited = result;
				}
			}
		}
		long elapsedSeconds = (System.nanoTime() - start) / 1_000_000_000L;
		List<Integer> all = new ArrayList<>(firstStatuses);
		all.addAll(secondStatuses);
		assertThat(all).containsOnly(200, 429);
		long allowed = all.stream().filter((s) -> s == 200).count();
		// Separate buckets would have let all 8 through (3 + 3 at least); one shared bucket lets 3
		// through, plus one for every 10 s the loop took on a slow machine.
		assertThat(allowed).isBetween(3L, 3L + elapsedSeconds / 10);
		assertThat(firstStatuses).contains(429);
		assertThat(secondStatuses).contains(429);
		assertThat(lastLimited).isNotNull();
		assertThat(lastLimited.getResponseHeaders().getFirst(HttpHeaders.RETRY_AFTER)).isNotNull();
		assertThat(Long.parseLong(lastLimited.getResponseHeaders().getFirst(HttpHeaders.RETRY_AFTER))).isBetween(1L, 10L);
		assertThat(lastLimited.getResponseHeaders().getFirst("X-RateLimit-Remaining")).isEqualTo("0");
		assertThat(new String(lastLimited.getResponseBody())).contains("\"status\":429");
	}

	@Test
	void otherClientsKeepTheirOwnSharedBucket() {
		first.client().get().uri("/v2/health/ready").header("X-API-Key", GatewayInstance.LIMITED_KEY)
			.exchange()
			.expectStatus().isOk()
			.expectHeader().exists("X-RateLimit-Remaining");
	}

}
