package io.chorus.gateway.warmup;

import java.time.Duration;
import java.util.List;
import java.util.Map;

import io.chorus.gateway.support.FreePorts;
import io.chorus.gateway.support.GatewayInstance;
import io.chorus.gateway.support.StubUpstream;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.ExtendWith;

import org.springframework.boot.test.system.CapturedOutput;
import org.springframework.boot.test.system.OutputCaptureExtension;

import static org.assertj.core.api.Assertions.assertThat;

@ExtendWith(OutputCaptureExtension.class)
class GatewayWarmupIntegrationTests {

	@Test
	void holdsReadinessBackWhileWarmingThenReportsUpWithoutTouchingClientsOrTheBreaker() throws Exception {
		try (StubUpstream ensembleService = StubUpstream.start()) {
			// Liveness calls answered only after a while: the warm-up is visibly still running meanwhile.
			ensembleService.delayResponses(Duration.ofMillis(2500));
			Map<String, Object> properties = warmup(ensembleService.uri());
			properties.put("chorus.gateway.warmup.upstream-calls", "3");
			properties.put("chorus.gateway.warmup.max-time", "20s");
			properties.put("chorus.gateway.warmup.loopback-requests", "2000");
			try (GatewayInstance gateway = GatewayInstance.start(properties)) {
				assertThat(status(gateway, "/actuator/health/readiness")).isEqualTo(503);
				assertThat(body(gateway, "/actuator/health/readiness")).contains("OUT_OF_SERVICE").contains("running");
				assertThat(status(gateway, "/actuator/health/liveness")).isEqualTo(200);
				String ready = awaitReady(gateway, Duration.ofSeconds(30));
				assertThat(ready).contains("\"upstreamReached\":3").contains("\"cappedByMaxTime\":false");
				assertThat(ready).containsPattern("\"endedBy\":\"(settled|volume)\"");
				// The JIT's quiet counts only after the minimum volume (500 by default).
				assertThat(count(ready, "loopbackRequests")).isGreaterThanOrEqualTo(500).isLessThanOrEqualTo(2000);
				assertThat(count(ready, "loopbackAnswered")).isEqualTo(count(ready, "loopbackRequests"));

				List<StubUpstream.Received> received = ensembleService.drain();
				assertThat(received).hasSize(3)
					.allSatisfy((r) -> assertThat(r.method() + " " + r.uri()).isEqualTo("GET /v2/health/live"));
				String prometheus = body(gateway, "/actuator/prometheus");
				assertThat(prometheus).doesNotContain("chorus_gateway_requests_seconds")
					.contains("chorus_gateway_warmup_loopback_requests")
					.contains("chorus_gateway_warmup_seconds");
				assertThat(prometheus).containsPattern(
						"resilience4j_circuitbreaker_buffered_calls\\{[^}]*name=\"ensemble-service\"[^}]*\\} 0.0");
				// The warm-up route is gone, and its path is an ordinary unknown path for clients.
				assertThat(body(gateway, "/actuator/gateway/routes")).doesNotContain(WarmupConfiguration.ROUTE_ID);
				gateway.client().post().uri("/chorus-warmup/v2/models/warmup/infer")
					.header("Authorization", "Bearer " + GatewayInstance.ACME_KEY)
					.header(GatewayWarmup.HEADER, "guess")
					.exchange().expectStatus().isNotFound();
			}
		}
	}

	@Test
	void anUnansweringEnsembleServiceDelaysReadinessOnlyUntilTheCap(CapturedOutput output) throws Exception {
		try (StubUpstream ensembleService = StubUpstream.start()) {
			ensembleService.delayResponses(Duration.ofSeconds(60));
			Map<String, Object> properties = warmup(ensembleService.uri());
			properties.put("chorus.gateway.warmup.max-time", "1500ms");
			try (GatewayInstance gateway = GatewayInstance.start(properties)) {
				String ready = awaitReady(gateway, Duration.ofSeconds(10));
				assertThat(ready).contains("\"cappedByMaxTime\":true").contains("\"upstreamUnreachable\":4")
					.contains("\"endedBy\":\"cap\"");
				assertThat(output).contains("cut off at chorus.gateway.warmup.max-time 1500ms");
				assertThat(body(gateway, "/actuator/prometheus"))
					.contains("chorus_gateway_warmup_upstream_unreachable{application=\"chorus-gateway\"} 4.0");
				assertThat(ensembleService.drain()).hasSizeLessThanOrEqualTo(4);
			}
		}
	}

	@Test
	void aRefusedConnectionIsReportedAndDoesNotHoldReadiness() throws Exception {
		Map<String, Object> properties = warmup("http://127.0.0.1:" + FreePorts.next());
		properties.put("chorus.gateway.warmup.upstream-calls", "2");
		properties.put("chorus.gateway.warmup.max-time", "20s");
		properties.put("chorus.gateway.warmup.loopback-requests", "300");
		try (GatewayInstance gateway = GatewayInstance.start(properties)) {
			String ready = awaitReady(gateway, Duration.ofSeconds(10));
			assertThat(ready).contains("\"upstreamUnreachable\":2").contains("\"cappedByMaxTime\":false");
		}
	}

	@Test
	void aBusyJitLeavesTheEndToTheVolume() throws Exception {
		try (StubUpstream ensembleService = StubUpstream.start()) {
			Map<String, Object> properties = warmup(ensembleService.uri());
			// A quiet share of 0 is never reached: the compilers can only be busy, so the 300 requests end it.
			properties.put("chorus.gateway.warmup.jit-quiet-share", "0");
			properties.put("chorus.gateway.warmup.min-loopback-requests", "1");
			properties.put("chorus.gateway.warmup.loopback-requests", "300");
			properties.put("chorus.gateway.warmup.max-time", "60s");
			try (GatewayInstance gateway = GatewayInstance.start(properties)) {
				String ready = awaitReady(gateway, Duration.ofSeconds(60));
				assertThat(ready).contains("\"endedBy\":\"volume\"");
				assertThat(count(ready, "loopbackRequests")).isEqualTo(300);
				assertThat(count(ready, "loopbackAnswered")).isEqualTo(300);
			}
		}
	}

	@Test
	void aQuietJitEndsItOnceTheMinimumVolumeWasSent(CapturedOutput output) throws Exception {
		try (StubUpstream ensembleService = StubUpstream.start()) {
			Map<String, Object> properties = warmup(ensembleService.uri());
			// Every sample counts as quiet: the minimum must still be sent, and the rule ends the warm-up long
			// before the volume (ten million) or the cap.
			properties.put("chorus.gateway.warmup.jit-quiet-share", String.valueOf(Double.MAX_VALUE));
			properties.put("chorus.gateway.warmup.jit-window", "50ms");
			properties.put("chorus.gateway.warmup.min-loopback-requests", "100");
			properties.put("chorus.gateway.warmup.loopback-requests", "10000000");
			properties.put("chorus.gateway.warmup.max-time", "60s");
			try (GatewayInstance gateway = GatewayInstance.start(properties)) {
				String ready = awaitReady(gateway, Duration.ofSeconds(60));
				assertThat(ready).contains("\"endedBy\":\"settled\"").contains("\"cappedByMaxTime\":false");
				assertThat(count(ready, "loopbackRequests")).isGreaterThanOrEqualTo(100).isLessThan(10_000_000);
				assertThat(output).contains("(ended by settled)");
			}
		}
	}

	@Test
	void turnedOffReportsReadyAtOnceAndSendsNothing() throws Exception {
		try (StubUpstream ensembleService = StubUpstream.start()) {
			Map<String, Object> properties = warmup(ensembleService.uri());
			properties.put("chorus.gateway.warmup.enabled", "false");
			try (GatewayInstance gateway = GatewayInstance.start(properties)) {
				assertThat(status(gateway, "/actuator/health/readiness")).isEqualTo(200);
				Thread.sleep(300);
				assertThat(ensembleService.drain()).isEmpty();
			}
		}
	}

	private static Map<String, Object> warmup(String upstream) {
		Map<String, Object> properties = GatewayInstance.baseProperties(upstream);
		properties.put("chorus.gateway.warmup.enabled", "true");
		properties.put("management.endpoint.health.show-details", "always");
		return properties;
	}

	private static String awaitReady(GatewayInstance gateway, Duration within) throws InterruptedException {
		long deadline = System.nanoTime() + within.toNanos();
		while (System.nanoTime() < deadline) {
			if (status(gateway, "/actuator/health/readiness") == 200) {
				return body(gateway, "/actuator/health/readiness");
			}
			Thread.sleep(50);
		}
		throw new AssertionError("not ready within " + within + ": " + body(gateway, "/actuator/health/readiness"));
	}

	private static int count(String health, String detail) {
		java.util.regex.Matcher m = java.util.regex.Pattern.compile("\"" + detail + "\":(\\d+)").matcher(health);
		assertThat(m.find()).as(health).isTrue();
		return Integer.parseInt(m.group(1));
	}

	private static int status(GatewayInstance gateway, String path) {
		return gateway.management().get().uri(path).exchange().returnResult(String.class).getStatus().value();
	}

	private static String body(GatewayInstance gateway, String path) {
		return gateway.management().get().uri(path).exchange().returnResult(String.class)
			.getResponseBody().collectList().map((parts) -> String.join("", parts)).block();
	}

}
