package io.chorus.ensemble.reload;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import java.time.Duration;
import java.util.ArrayList;
import java.util.Collections;
import java.util.List;
import java.util.Set;
import java.util.TreeSet;
import java.util.concurrent.atomic.AtomicBoolean;
import java.util.concurrent.atomic.AtomicInteger;

import io.github.resilience4j.circuitbreaker.CircuitBreaker;
import io.github.resilience4j.circuitbreaker.CircuitBreakerRegistry;
import io.micrometer.core.instrument.MeterRegistry;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;
import reactor.blockhound.BlockHound;
import tools.jackson.databind.JsonNode;
import tools.jackson.databind.json.JsonMapper;

import org.springframework.beans.factory.annotation.Autowired;
import org.springframework.boot.test.context.SpringBootTest;
import org.springframework.boot.test.web.server.LocalManagementPort;
import org.springframework.boot.test.web.server.LocalServerPort;
import org.springframework.test.context.DynamicPropertyRegistry;
import org.springframework.test.context.DynamicPropertySource;

import io.chorus.ensemble.member.MemberClient;

import static io.chorus.ensemble.support.TestMocks.HEALTHY;
import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

/**
 * Hot reload from a directory laid out as Kubernetes mounts a ConfigMap ({@code ensembles.yml} → {@code
 * ..data/ensembles.yml}, {@code ..data} → a versioned directory, swapped by renaming a new symlink over it).
 */
@SpringBootTest(webEnvironment = SpringBootTest.WebEnvironment.RANDOM_PORT, properties = "management.server.port=0")
class ReloadIntegrationTests {

	static {
		BlockHound.install();
	}

	private static final JsonMapper JSON = JsonMapper.shared();

	private static final HttpClient HTTP = HttpClient.newBuilder().connectTimeout(Duration.ofSeconds(5)).build();

	private static final Path DIR = configMap();

	private static final AtomicInteger VERSION = new AtomicInteger();

	private static final Set<String> V1 = Set.of("one", "two");

	private static final Set<String> V2 = Set.of("one", "three");

	@LocalServerPort
	private int port;

	@LocalManagementPort
	private int managementPort;

	@Autowired
	private LiveEnsembles live;

	@Autowired
	private CircuitBreakerRegistry breakers;

	@Autowired
	private MeterRegistry meters;

	@DynamicPropertySource
	static void watch(DynamicPropertyRegistry registry) {
		registry.add("chorus.reload.watch", DIR::toString);
		registry.add("chorus.reload.poll-interval", () -> "200ms");
	}

	@AfterEach
	void backToTheFirstDefinition() {
		publish(ensemble("two", "iris-petal", "soft-vote", "all"));
		assertThat(reload().statusCode()).isEqualTo(200);
	}

	@Test
	void reloadUnderConstantLoadLosesNoRequestAndMixesNoDefinitions() throws Exception {
		MemberClient one = this.live.clients().of("live").get(0);
		CircuitBreaker oneBreaker = this.breakers.circuitBreaker("live.one");
		AtomicBoolean running = new AtomicBoolean(true);
		List<String> failures = Collections.synchronizedList(new ArrayList<>());
		List<Set<String>> seen = Collections.synchronizedList(new ArrayList<>());
		List<Thread> clients = new ArrayList<>();
		for (int c = 0; c < 4; c++) {
			Thread client = new Thread(() -> {
				while (running.get()) {
					HttpResponse<String> response = infer();
					if (response.statusCode() != 200) {
						failures.add(response.statusCode() + " " + response.body());
					}
					else {
						seen.add(members(response));
					}
				}
			});
			client.start();
			clients.add(client);
		}
		Thread.sleep(500);
		publish(ensemble("three", "iris-sepal", "soft-vote", "all"));
		HttpResponse<String> reloaded = reload();
		assertThat(reloaded.statusCode()).isEqualTo(200);
		assertThat(JSON.readTree(reloaded.body()).get("result").asString()).isEqualTo("reloaded");
		Thread.sleep(500);
		publish(ensemble("two", "iris-petal", "soft-vote", "all"));
		assertThat(reload().statusCode()).isEqualTo(200);
		Thread.sleep(500);
		running.set(false);
		for (Thread client : clients) {
			client.join(30_000);
		}

		assertThat(failures).isEmpty();
		assertThat(seen).hasSizeGreaterThan(10).allSatisfy((members) -> assertThat(members).isIn(V1, V2));
		assertThat(seen).contains(V1, V2);
		// The unchanged member kept its client (pool, bulkhead, retry budget) and its breaker.
		assertThat(this.live.clients().of("live").get(0)).isSameAs(one);
		assertThat(this.breakers.circuitBreaker("live.one")).isSameAs(oneBreaker);
	}

	@Test
	void anInvalidReloadChangesNothing() {
		double failedBefore = this.meters.find("chorus.reload").tag("result", "failure").counter().count();
		publish(ensemble("two", "iris-petal", "nope", "5"));
		HttpResponse<String> refused = reload();

		assertThat(refused.statusCode()).isEqualTo(422);
		JsonNode answer = JSON.readTree(refused.body());
		assertThat(answer.get("result").asString()).isEqualTo("failed");
		assertThat(answer.get("problems").toString())
			.contains("chorus.ensembles.live.strategy: unknown strategy 'nope'")
			.contains("chorus.ensembles.live.quorum: 5 is larger than the member count (2)");
		assertThat(this.meters.find("chorus.reload").tag("result", "failure").counter().count()).isGreaterThan(failedBefore);
		assertThat(this.meters.find("chorus.reload.last.failed").gauge().value()).isEqualTo(1.0);
		HttpResponse<String> stillServed = infer();
		assertThat(stillServed.statusCode()).isEqualTo(200);
		assertThat(members(stillServed)).isEqualTo(V1);
		assertThat(JSON.readTree(send(HttpRequest.newBuilder(management("/actuator/reload")).GET()).body())
			.get("result").asString()).isEqualTo("failed");
	}

	@Test
	void aConfigMapUpdateIsReloadedWithoutTheEndpoint() {
		publish(ensemble("three", "iris-sepal", "soft-vote", "all"));
		await().atMost(Duration.ofSeconds(10)).pollInterval(Duration.ofMillis(100))
			.untilAsserted(() -> assertThat(members(infer())).isEqualTo(V2));
	}

	@Test
	void theConsoleShowsTheReloadedMembersAtItsNextTick() {
		await().atMost(Duration.ofSeconds(10)).untilAsserted(() -> assertThat(consoleMembers()).isEqualTo(V1));
		publish(ensemble("three", "iris-sepal", "soft-vote", "all"));
		assertThat(reload().statusCode()).isEqualTo(200);
		await().atMost(Duration.ofSeconds(10)).pollInterval(Duration.ofMillis(200))
			.untilAsserted(() -> assertThat(consoleMembers()).isEqualTo(V2));
	}

	/** The members of the ensemble "live" in the console's last snapshot. */
	private Set<String> consoleMembers() {
		JsonNode snapshot = JSON.readTree(send(HttpRequest.newBuilder(management("/console/snapshot"))).body());
		// Before the watcher's first read the catalog may still be empty: an assertion error, so await() retries.
		assertThat(snapshot.get("ensembles")).hasSize(1);
		JsonNode live = snapshot.get("ensembles").get(0);
		assertThat(live.get("name").asString()).isEqualTo("live");
		return new TreeSet<>(live.get("members").findValuesAsString("name"));
	}

	private HttpResponse<String> infer() {
		return send(HttpRequest.newBuilder(URI.create("http://127.0.0.1:" + this.port + "/v2/models/live/infer"))
			.header("Content-Type", "application/json")
			.header("X-Chorus-Detail", "true")
			.POST(HttpRequest.BodyPublishers.ofString("{\"inputs\":[{\"name\":\"features\",\"shape\":[1,4],"
					+ "\"datatype\":\"FP32\",\"data\":[5.1,3.5,1.4,0.2]}]}")));
	}

	private HttpResponse<String> reload() {
		return send(HttpRequest.newBuilder(management("/actuator/reload")).POST(HttpRequest.BodyPublishers.noBody()));
	}

	private URI management(String path) {
		return URI.create("http://127.0.0.1:" + this.managementPort + path);
	}

	/** The members named in the per-member detail of a response. */
	private static Set<String> members(HttpResponse<String> response) {
		Set<String> names = new TreeSet<>();
		JSON.readTree(response.body()).get("parameters").propertyNames().forEach((name) -> {
			if (name.startsWith("chorus.member.") && name.endsWith(".outcome")) {
				names.add(name.substring("chorus.member.".length(), name.length() - ".outcome".length()));
			}
		});
		return names;
	}

	private static String ensemble(String second, String secondModel, String strategy, String quorum) {
		return """
				chorus:
				  ensembles:
				    live:
				      deadline: 2s
				      quorum: %s
				      wait-policy: all
				      strategy: %s
				      outputs: [probabilities]
				      members:
				        - { name: one, model: iris-full, replicas: [%s], timeout: 1s }
				        - { name: %s, model: %s, replicas: [%s], timeout: 1s }
				""".formatted(quorum, strategy, HEALTHY.baseUrl(), second, secondModel, HEALTHY.baseUrl());
	}

	/** Publishes a new version as the kubelet does: a new directory, then one atomic rename of the ..data link. */
	private static synchronized void publish(String yaml) {
		try {
			Path version = Files.createDirectory(DIR.resolve("..v" + VERSION.incrementAndGet()));
			Files.writeString(version.resolve("ensembles.yml"), yaml);
			Path link = DIR.resolve("..data_tmp");
			Files.deleteIfExists(link);
			Files.createSymbolicLink(link, version.getFileName());
			Files.move(link, DIR.resolve("..data"), StandardCopyOption.ATOMIC_MOVE, StandardCopyOption.REPLACE_EXISTING);
		}
		catch (IOException ex) {
			throw new UncheckedIOException(ex);
		}
	}

	private static Path configMap() {
		try {
			Path dir = Files.createTempDirectory("chorus-configmap");
			Path first = Files.createDirectory(dir.resolve("..v0"));
			Files.writeString(first.resolve("ensembles.yml"), ensemble("two", "iris-petal", "soft-vote", "all"));
			Files.createSymbolicLink(dir.resolve("..data"), first.getFileName());
			Files.createSymbolicLink(dir.resolve("ensembles.yml"), Path.of("..data", "ensembles.yml"));
			return dir;
		}
		catch (IOException ex) {
			throw new UncheckedIOException(ex);
		}
	}

	private static HttpResponse<String> send(HttpRequest.Builder builder) {
		try {
			return HTTP.send(builder.timeout(Duration.ofSeconds(30)).build(), HttpResponse.BodyHandlers.ofString());
		}
		catch (IOException ex) {
			throw new UncheckedIOException(ex);
		}
		catch (InterruptedException ex) {
			Thread.currentThread().interrupt();
			throw new IllegalStateException(ex);
		}
	}

}
