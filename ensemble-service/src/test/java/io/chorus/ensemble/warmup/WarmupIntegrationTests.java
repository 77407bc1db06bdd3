package io.chorus.ensemble.warmup;

import java.io.IOException;
import java.net.ServerSocket;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.time.Duration;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.atomic.AtomicInteger;

import io.micrometer.core.instrument.MeterRegistry;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.Test;
import reactor.blockhound.BlockHound;
import reactor.core.publisher.Mono;
import reactor.netty.DisposableServer;
import reactor.netty.http.server.HttpServer;

import org.springframework.beans.factory.annotation.Autowired;
import org.springframework.boot.test.context.SpringBootTest;
import org.springframework.boot.test.web.server.LocalManagementPort;
import org.springframework.test.context.DynamicPropertyRegistry;
import org.springframework.test.context.DynamicPropertySource;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

/**
 * A replica reports ready only once warm; a member that cannot be reached delays that by at most the cap;
 * the warm-up sends members readiness and metadata calls only, never more than configured.
 */
@SpringBootTest(webEnvironment = SpringBootTest.WebEnvironment.RANDOM_PORT,
		properties = { "management.server.port=0", "chorus.warmup.max-time=120s", "chorus.warmup.calls-per-replica=2",
				"management.endpoint.health.group.readiness.show-details=always" })
class WarmupIntegrationTests {

	static {
		BlockHound.install();
	}

	private static final String METADATA = "{\"name\":\"m\",\"versions\":[\"1\"],\"platform\":\"test\","
			+ "\"inputs\":[{\"name\":\"x\",\"datatype\":\"FP32\",\"shape\":[-1,2]}],"
			+ "\"outputs\":[{\"name\":\"y\",\"datatype\":\"FP32\",\"shape\":[-1,1]}]}";

	/** Requests the healthy member server received, by path. */
	private static final Map<String, AtomicInteger> RECEIVED = new ConcurrentHashMap<>();

	private static final DisposableServer MEMBER = HttpServer.create().host("127.0.0.1").port(0)
		.handle((request, response) -> {
			RECEIVED.computeIfAbsent(request.uri(), (k) -> new AtomicInteger()).incrementAndGet();
			String body = request.uri().endsWith("/ready") ? "{\"name\":\"m\",\"ready\":true}" : METADATA;
			return response.header("Content-Type", "application/json").sendString(Mono.just(body));
		})
		.bindNow();

	/** Accepts connections and never answers, until released. */
	private static final Blackhole BLACKHOLE = new Blackhole();

	@LocalManagementPort
	private int managementPort;

	@Autowired
	private MeterRegistry meters;

	@DynamicPropertySource
	static void ensemble(DynamicPropertyRegistry registry) {
		String key = "chorus.ensembles.w.";
		registry.add(key + "strategy", () -> "mean");
		registry.add(key + "outputs[0]", () -> "y");
		registry.add(key + "deadline", () -> "100s");
		registry.add(key + "members[0].name", () -> "a");
		registry.add(key + "members[0].model", () -> "m");
		registry.add(key + "members[0].replicas[0]", () -> "http://127.0.0.1:" + MEMBER.port());
		registry.add(key + "members[0].replicas[1]", () -> "http://127.0.0.1:" + BLACKHOLE.port());
		registry.add(key + "members[0].timeout", () -> "90s");
		registry.add(key + "members[1].name", () -> "b");
		registry.add(key + "members[1].model", () -> "m");
		registry.add(key + "members[1].replicas[0]", () -> "http://127.0.0.1:" + MEMBER.port());
		registry.add(key + "members[1].timeout", () -> "90s");
	}

	@AfterAll
	static void stop() {
		MEMBER.disposeNow();
		BLACKHOLE.release();
	}

	@Test
	void readinessWaitsForTheWarmupWhichAnUnreachableReplicaCannotHoldBackForever() {
		// The blackhole replica's readiness calls hang (for the member's 90 s timeout): not ready meanwhile.
		await().during(Duration.ofSeconds(2)).atMost(Duration.ofSeconds(10))
			.until(() -> readiness() == 503 && get("/actuator/health/liveness") == 200);

		// The replica goes away: its calls fail at once and the warm-up finishes.
		BLACKHOLE.release();
		await().atMost(Duration.ofSeconds(30)).until(() -> readiness() == 200);

		assertThat(this.meters.get("chorus.warmup.replicas.unreachable").gauge().value()).isEqualTo(1);
		assertThat(this.meters.get("chorus.warmup.rounds").gauge().value())
			.as("synthetic requests went through the fan-out against the stand-ins").isGreaterThan(0);
		assertThat(RECEIVED.get("/v2/models/m/ready").get()).as("two replicas of the same server, two calls each")
			.isLessThanOrEqualTo(2 * 2);
		assertThat(body("/actuator/health/readiness")).as("why it ended").containsPattern("\"endedBy\":\"(settled|volume)\"");
		assertThat(RECEIVED.keySet()).as("no prediction ever reaches a member")
			.allSatisfy((path) -> assertThat(path).doesNotContain("infer"));
	}

	private int readiness() {
		return get("/actuator/health/readiness");
	}

	private int get(String path) {
		try {
			return HttpClient.newHttpClient()
				.send(HttpRequest.newBuilder(URI.create("http://127.0.0.1:" + this.managementPort + path))
					.timeout(Duration.ofSeconds(5))
					.build(), HttpResponse.BodyHandlers.discarding())
				.statusCode();
		}
		catch (IOException ex) {
			throw new java.io.UncheckedIOException(ex);
		}
		catch (InterruptedException ex) {
			Thread.currentThread().interrupt();
			throw new IllegalStateException(ex);
		}
	}

	private String body(String path) {
		try {
			return HttpClient.newHttpClient()
				.send(HttpRequest.newBuilder(URI.create("http://127.0.0.1:" + this.managementPort + path)).build(),
						HttpResponse.BodyHandlers.ofString())
				.body();
		}
		catch (IOException | InterruptedException ex) {
			throw new IllegalStateException(ex);
		}
	}

	/** A replica that accepts connections and never answers, until released: then every connection closes. */
	static final class Blackhole {

		private final ServerSocket server;

		private final java.util.List<java.net.Socket> accepted = new java.util.concurrent.CopyOnWriteArrayList<>();

		Blackhole() {
			try {
				this.server = new ServerSocket(0, 50, java.net.InetAddress.getLoopbackAddress());
			}
			catch (IOException ex) {
				throw new java.io.UncheckedIOException(ex);
			}
			Thread acceptor = new Thread(() -> {
				while (!this.server.isClosed()) {
					try {
						this.accepted.add(this.server.accept());
					}
					catch (IOException ex) {
						return;
					}
				}
			}, "blackhole");
			acceptor.setDaemon(true);
			acceptor.start();
		}

		int port() {
			return this.server.getLocalPort();
		}

		void release() {
			try {
				this.server.close();
				for (java.net.Socket socket : this.accepted) {
					socket.close();
				}
			}
			catch (IOException ex) {
				throw new java.io.UncheckedIOException(ex);
			}
		}

	}

}
