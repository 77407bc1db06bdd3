package io.chorus.gateway.ratelimit;

import java.time.Duration;
import java.util.ArrayList;
import java.util.Collections;
import java.util.List;
import java.util.Map;

import ch.qos.logback.classic.Level;
import ch.qos.logback.classic.Logger;
import ch.qos.logback.classic.spi.ILoggingEvent;
import ch.qos.logback.core.read.ListAppender;
import io.chorus.gateway.support.FreePorts;
import io.chorus.gateway.support.GatewayInstance;
import io.chorus.gateway.support.RedisServerProcess;
import io.chorus.gateway.support.StubUpstream;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.slf4j.LoggerFactory;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * The shared limiter's Redis comes and goes: the gateway starts without it, lets requests pass at
 * once while it is away (fail open), says so once per outage, and limits again when it is back.
 * Client {@code acme} may send a burst of 3, then one request a second.
 */
class RedisOutageIntegrationTests {

	private static final Logger root = (Logger) LoggerFactory.getLogger(org.slf4j.Logger.ROOT_LOGGER_NAME);

	private static int redisPort;

	private static StubUpstream upstream;

	private static GatewayInstance gateway;

	private static RedisServerProcess redis;

	private final ListAppender<ILoggingEvent> logs = new ListAppender<>();

	@BeforeAll
	static void start() {
		redisPort = FreePorts.next();
		upstream = StubUpstream.start();
		Map<String, Object> properties = GatewayInstance.baseProperties(upstream.uri());
		properties.put("spring.data.redis.host", "127.0.0.1");
		properties.put("spring.data.redis.port", Integer.toString(redisPort));
		properties.put("chorus.gateway.rate-limit.backend", "redis");
		properties.put("chorus.gateway.rate-limit.clients.acme.replenish-rate", "1");
		properties.put("chorus.gateway.rate-limit.clients.acme.burst-capacity", "3");
		// Redis is not running: the gateway must start all the same.
		gateway = GatewayInstance.start(properties);
	}

	@AfterAll
	static void stop() {
		if (gateway != null) {
			gateway.close();
		}
		if (upstream != null) {
			upstream.close();
		}
		if (redis != null) {
			redis.close();
		}
	}

	@Test
	void failsOpenAtOnceWhileRedisIsAwayAndLimitsAgainWhenItIsBack() throws Exception {
		this.logs.start();
		root.addAppender(this.logs);
		try {
			// Down since start-up: requests pass, the health component and the gauge say so. (The
			// first request of a fresh JVM loads classes for seconds on a busy machine: not timed.)
			assertThat(send()).isEqualTo(200);
			assertThat(slowestOf(10)).isLessThan(Duration.ofSeconds(1));
			assertThat(health()).contains("\"rateLimiter\"").contains("\"reachable\":false").contains("\"mode\":\"fail-open\"");
			assertThat(gateway.management().get().uri("/actuator/health/readiness").exchange()
				.expectStatus().isOk());
			assertThat(prometheus()).contains("chorus_gateway_rate_limit_backend_up{application=\"chorus-gateway\"} 0.0")
				.containsPattern("chorus_gateway_rate_limit_fail_open_total\\{application=\"chorus-gateway\"\\} [1-9]");

			redis = RedisServerProcess.start(redisPort);
			awaitLimited();
			assertThat(health()).contains("\"reachable\":true");
			assertThat(messages(Level.INFO)).filteredOn((m) -> m.contains("answers again")).isNotEmpty();

			this.logs.list.clear();
			redis.close();
			redis = null;
			Duration slowest = slowestOf(20);
			assertThat(slowest).as("slowest request while Redis is away").isLessThan(Duration.ofSeconds(1));
			assertThat(messages(Level.WARN)).filteredOn((m) -> m.contains("Redis rate-limit backend is unavailable"))
				.hasSize(1);
			assertThat(this.logs.list).noneMatch((event) -> event.getLevel() == Level.ERROR);
			assertThat(prometheus()).contains("chorus_gateway_rate_limit_backend_up{application=\"chorus-gateway\"} 0.0");

			redis = RedisServerProcess.start(redisPort);
			awaitLimited();
			assertThat(messages(Level.INFO)).filteredOn((m) -> m.contains("answers again")).isNotEmpty();
		}
		finally {
			root.detachAppender(this.logs);
		}
	}

	/** Sends requests until one is refused with 429, for at most 60 s (Lettuce reconnects within 2 s). */
	private static void awaitLimited() throws InterruptedException {
		long deadline = System.nanoTime() + Duration.ofSeconds(60).toNanos();
		while (System.nanoTime() < deadline) {
			for (int i = 0; i < 6; i++) {
				if (send() == 429) {
					return;
				}
			}
			Thread.sleep(200);
		}
		throw new AssertionError("no request was rate limited within 60 s of Redis starting");
	}

	private static Duration slowestOf(int requests) {
		List<Long> nanos = new ArrayList<>();
		for (int i = 0; i < requests; i++) {
			long start = System.nanoTime();
			assertThat(send()).isEqualTo(200);
			nanos.add(System.nanoTime() - start);
		}
		Collections.sort(nanos);
		System.out.printf("Requests while Redis is away: median %.1f ms, slowest %.1f ms%n",
				nanos.get(nanos.size() / 2) / 1e6, nanos.get(nanos.size() - 1) / 1e6);
		return Duration.ofNanos(nanos.get(nanos.size() - 1));
	}

	private static int send() {
		return gateway.client().get().uri("/v2/health/ready").header("X-API-Key", GatewayInstance.ACME_KEY)
			.exchange()
			.expectBody()
			.returnResult()
			.getStatus()
			.value();
	}

	private List<String> messages(Level level) {
		return this.logs.list.stream()
			.filter((event) -> event.getLevel() == level)
			.map(ILoggingEvent::getFormattedMessage)
			.toList();
	}

	private static String health() {
		return gateway.management().get().uri("/actuator/health").exchange()
			.expectBody(String.class).returnResult().getResponseBody();
	}

	private static String prometheus() {
		return gateway.management().get().uri("/actuator/prometheus").exchange()
			.expectBody(String.class).returnResult().getResponseBody();
	}

}
