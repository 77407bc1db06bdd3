package io.chorus.ensemble.support;

import java.io.IOException;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.time.Duration;
import java.util.LinkedHashMap;
import java.util.Map;

import org.junit.jupiter.api.BeforeEach;
import reactor.blockhound.BlockHound;
import tools.jackson.databind.JsonNode;
import tools.jackson.databind.json.JsonMapper;

import org.springframework.boot.test.context.SpringBootTest;
import org.springframework.boot.test.web.server.LocalManagementPort;
import org.springframework.boot.test.web.server.LocalServerPort;
import org.springframework.test.context.DynamicPropertyRegistry;
import org.springframework.test.context.DynamicPropertySource;

import io.chorus.mock.MockServer;

import static io.chorus.ensemble.support.TestMocks.DOWN;
import static io.chorus.ensemble.support.TestMocks.FAULTY;
import static io.chorus.ensemble.support.TestMocks.HEALTHY;
import static io.chorus.ensemble.support.TestMocks.PACED;
import static io.chorus.ensemble.support.TestMocks.TIMED;

/**
 * Starts ensemble-service on random ports against real mock model servers, with BlockHound installed so
 * any blocking call on a non-blocking thread fails the request path. Every subclass shares one context.
 *
 * <p>Ensembles declared here (H = healthy mock, F = faulty mock, T = timed mock, D = refused):
 * <ul>
 * <li>{@code trio}: sepal(H, w 0.5), petal(H, w 1), full(F, w 1.5); soft-vote; quorum 2; wait all</li>
 * <li>{@code down}: sepal(H), petal(H), full(D); soft-vote; quorum 2</li>
 * <li>{@code strict}: sepal(H), petal(H), full(F); soft-vote; quorum all</li>
 * <li>{@code slow}: sepal, petal, full all on F; deadline 300 ms; quorum 2</li>
 * <li>{@code patient}: sepal, petal, full all on F; deadline 3 s; quorum 2</li>
 * <li>{@code breaker}: one member, iris-petal-width on F; window 4, threshold 50%, open 1 s</li>
 * <li>{@code retry}: one member, iris-full with replicas D then H; 2 retries</li>
 * <li>{@code grace}: sepal(H), petal(H), full(F); quorum-grace 50 ms; quorum 2</li>
 * <li>{@code first}: sepal(F), petal(H); first-success</li>
 * <li>{@code first-sent}: sepal(F), petal(F); first-success</li>
 * <li>{@code timed}: sepal, petal, full on T (100, 200, 300 ms); wait all; quorum all</li>
 * <li>{@code vote}: sepal, petal, full on H; majority-vote; quorum 2</li>
 * <li>{@code bulkhead}: sepal on F with at most one call in flight; quorum 1</li>
 * <li>{@code width}: iris-petal-width and iris-petal-width-petal on H; mean; quorum 1</li>
 * <li>{@code blame}: sepal(F), petal(F), full(F; 1 retry, one call in flight, timeout 500 ms); soft-vote; quorum
 * all; the blame table's ensemble</li>
 * <li>{@code blame-down}: as {@code blame} but full on D</li>
 * <li>{@code tight}: sepal, petal, full on H with small breakers (window 4, threshold 50%); quorum all</li>
 * <li>{@code shape}: four members on F (sepal, petal, full, full again); quorum majority (3)</li>
 * <li>{@code retry-deadline}: full on F; deadline 500 ms; 4 retries backing off 40, 80, 160, 320 ms</li>
 * <li>{@code width-vote}: soft-vote over iris-petal-width's regression output on H</li>
 * <li>{@code shadowed}: sepal(H), petal(H); soft-vote; quorum 2; shadow candidate = iris-full on F (timeout 1 s, at
 * most 2 calls in flight, breaker window 4 at 50%)</li>
 * <li>{@code shadow-sampled}: petal(H); shadow full(H) at sample rate 0.5</li>
 * <li>{@code width-shadow}: three = iris-petal-width(H); mean; shadow one = iris-petal-width-petal(H)</li>
 * <li>{@code coalesced}: sepal(F), petal(H); soft-vote; quorum all; coalesce</li>
 * <li>{@code cached}: petal(H), full(F); soft-vote; quorum 1; cache of 100 answers for 30 s</li>
 * <li>{@code cascade}: stage 1 petal(H) at min-confidence 0.9; stage 2 sepal(F), petal(H), full(F), quorum
 * majority; soft-vote; deadline 1 s</li>
 * <li>{@code iris-plain}, {@code iris-cascade}: the demo profile's {@code iris} and {@code iris-cascade} on the
 * paced mock (10 ms per answer)</li>
 * </ul>
 */
@SpringBootTest(webEnvironment = SpringBootTest.WebEnvironment.RANDOM_PORT,
		properties = { "management.server.port=0", "chorus.limits.max-request-size=64KB" })
public abstract class EnsembleServiceIntegrationTest {

	static {
		BlockHound.install();
	}

	/** Shared JSON mapper for reading responses. */
	protected static final JsonMapper JSON = JsonMapper.shared();

	private static final HttpClient HTTP = HttpClient.newBuilder().connectTimeout(Duration.ofSeconds(5)).build();

	@LocalServerPort
	protected int port;

	@LocalManagementPort
	protected int managementPort;

	@DynamicPropertySource
	static void ensembles(DynamicPropertyRegistry registry) {
		Map<String, Object> p = new LinkedHashMap<>();
		ensemble(p, "trio", "soft-vote", "2", "all", "3s", "probabilities");
		member(p, "trio", 0, "sepal", "iris-sepal", HEALTHY.baseUrl(), 0.5, "1s");
		member(p, "trio", 1, "petal", "iris-petal", HEALTHY.baseUrl(), 1.0, "1s");
		member(p, "trio", 2, "full", "iris-full", FAULTY.baseUrl(), 1.5, "1s");

		ensemble(p, "down", "soft-vote", "2", "all", "3s", "probabilities");
		member(p, "down", 0, "sepal", "iris-sepal", HEALTHY.baseUrl(), 1, "1s");
		member(p, "down", 1, "petal", "iris-petal", HEALTHY.baseUrl(), 1, "1s");
		member(p, "down", 2, "full", "iris-full", DOWN, 1, "1s");

		ensemble(p, "strict", "soft-vote", "all", "all", "3s", "probabilities");
		member(p, "strict", 0, "sepal", "iris-sepal", HEALTHY.baseUrl(), 1, "1s");
		member(p, "strict", 1, "petal", "iris-petal", HEALTHY.baseUrl(), 1, "1s");
		member(p, "strict", 2, "full", "iris-full", FAULTY.baseUrl(), 1, "1s");

		ensemble(p, "slow", "soft-vote", "2", "all", "300ms", "probabilities");
		member(p, "slow", 0, "sepal", "iris-sepal", FAULTY.baseUrl(), 1, "300ms");
		member(p, "slow", 1, "petal", "iris-petal", FAULTY.baseUrl(), 1, "300ms");
		member(p, "slow", 2, "full", "iris-full", FAULTY.baseUrl(), 1, "300ms");

		ensemble(p, "patient", "soft-vote", "2", "all", "3s", "probabilities");
		member(p, "patient", 0, "sepal", "iris-sepal", FAULTY.baseUrl(), 1, "3s");
		member(p, "patient", 1, "petal", "iris-petal", FAULTY.baseUrl(), 1, "3s");
		member(p, "patient", 2, "full", "iris-full", FAULTY.baseUrl(), 1, "3s");

		ensemble(p, "breaker", "mean", "1", "all", "2s", "prediction");
		member(p, "breaker", 0, "width", "iris-petal-width", FAULTY.baseUrl(), 1, "500ms");
		p.put("chorus.ensembles.breaker.members[0].circuit-breaker.sliding-window-size", 4);
		p.put("chorus.ensembles.breaker.members[0].circuit-breaker.minimum-number-of-calls", 4);
		p.put("chorus.ensembles.breaker.members[0].circuit-breaker.failure-rate-threshold", 50);
		p.put("chorus.ensembles.breaker.members[0].circuit-breaker.wait-duration-in-open-state", "1s");
		p.put("chorus.ensembles.breaker.members[0].circuit-breaker.permitted-calls-in-half-open-state", 1);

		ensemble(p, "retry", "mean", "1", "all", "2s", "probabilities");
		member(p, "retry", 0, "full", "iris-full", DOWN, 1, "500ms");
		p.put("chorus.ensembles.retry.members[0].replicas[1]", HEALTHY.baseUrl());
		p.put("chorus.ensembles.retry.members[0].retry.max-retries", 2);
		p.put("chorus.ensembles.retry.members[0].retry.backoff", "5ms");
		// The retry test relies on round-robin putting the refused replica first on one of two calls.
		p.put("chorus.ensembles.retry.members[0].load-balancer", "round-robin");

		ensemble(p, "grace", "soft-vote", "2", "quorum-grace", "2s", "probabilities");
		p.put("chorus.ensembles.grace.grace", "50ms");
		member(p, "grace", 0, "sepal", "iris-sepal", HEALTHY.baseUrl(), 1, "2s");
		member(p, "grace", 1, "petal", "iris-petal", HEALTHY.baseUrl(), 1, "2s");
		member(p, "grace", 2, "full", "iris-full", FAULTY.baseUrl(), 1, "2s");

		// Both on F, so a test can make the winner slow enough that the loser's request has surely been sent.
		ensemble(p, "first-sent", "first-success", "1", "first-success", "8s", "probabilities");
		member(p, "first-sent", 0, "sepal", "iris-sepal", FAULTY.baseUrl(), 1, "7s");
		member(p, "first-sent", 1, "petal", "iris-petal", FAULTY.baseUrl(), 1, "7s");

		ensemble(p, "first", "first-success", "1", "first-success", "2s", "probabilities");
		member(p, "first", 0, "sepal", "iris-sepal", FAULTY.baseUrl(), 1, "2s");
		member(p, "first", 1, "petal", "iris-petal", HEALTHY.baseUrl(), 1, "2s");

		ensemble(p, "timed", "soft-vote", "all", "all", "2s", "probabilities");
		member(p, "timed", 0, "sepal", "iris-sepal", TIMED.baseUrl(), 1, "1s");
		member(p, "timed", 1, "petal", "iris-petal", TIMED.baseUrl(), 1, "1s");
		member(p, "timed", 2, "full", "iris-full", TIMED.baseUrl(), 1, "1s");

		ensemble(p, "vote", "majority-vote", "2", "all", "2s", "probabilities");
		member(p, "vote", 0, "sepal", "iris-sepal", HEALTHY.baseUrl(), 1, "1s");
		member(p, "vote", 1, "petal", "iris-petal", HEALTHY.baseUrl(), 1, "1s");
		member(p, "vote", 2, "full", "iris-full", HEALTHY.baseUrl(), 1, "1s");

		ensemble(p, "bulkhead", "soft-vote", "1", "all", "2s", "probabilities");
		member(p, "bulkhead", 0, "sepal", "iris-sepal", FAULTY.baseUrl(), 1, "2s");
		p.put("chorus.ensembles.bulkhead.members[0].max-concurrent-calls", 1);

		ensemble(p, "width", "mean", "1", "all", "2s", "prediction");
		member(p, "width", 0, "three", "iris-petal-width", HEALTHY.baseUrl(), 1, "1s");
		member(p, "width", 1, "one", "iris-petal-width-petal", HEALTHY.baseUrl(), 1, "1s");

		for (String name : new String[] { "blame", "blame-down" }) {
			ensemble(p, name, "soft-vote", "all", "all", "2s", "probabilities");
			member(p, name, 0, "sepal", "iris-sepal", FAULTY.baseUrl(), 1, "500ms");
			member(p, name, 1, "petal", "iris-petal", FAULTY.baseUrl(), 1, "500ms");
			member(p, name, 2, "full", "iris-full", name.equals("blame") ? FAULTY.baseUrl() : DOWN, 1, "500ms");
			p.put("chorus.ensembles." + name + ".members[2].retry.max-retries", 1);
			p.put("chorus.ensembles." + name + ".members[2].retry.backoff", "5ms");
			p.put("chorus.ensembles." + name + ".members[2].retry.budget-min-retries", 100000);
			p.put("chorus.ensembles." + name + ".members[2].max-concurrent-calls", 1);
		}

		ensemble(p, "tight", "soft-vote", "all", "all", "2s", "probabilities");
		String[][] iris = { { "sepal", "iris-sepal" }, { "petal", "iris-petal" }, { "full", "iris-full" } };
		for (int i = 0; i < iris.length; i++) {
			member(p, "tight", i, iris[i][0], iris[i][1], HEALTHY.baseUrl(), 1, "1s");
			smallBreaker(p, "chorus.ensembles.tight.members[" + i + "].");
		}

		ensemble(p, "shape", "soft-vote", "majority", "all", "2s", "probabilities");
		member(p, "shape", 0, "sepal", "iris-sepal", FAULTY.baseUrl(), 1, "1s");
		member(p, "shape", 1, "petal", "iris-petal", FAULTY.baseUrl(), 1, "1s");
		member(p, "shape", 2, "full", "iris-full", FAULTY.baseUrl(), 1, "1s");
		member(p, "shape", 3, "full-again", "iris-full", FAULTY.baseUrl(), 1, "1s");

		ensemble(p, "retry-deadline", "mean", "1", "all", "500ms", "probabilities");
		member(p, "retry-deadline", 0, "full", "iris-full", FAULTY.baseUrl(), 1, "200ms");
		p.put("chorus.ensembles.retry-deadline.members[0].retry.max-retries", 4);
		p.put("chorus.ensembles.retry-deadline.members[0].retry.backoff", "40ms");
		p.put("chorus.ensembles.retry-deadline.members[0].retry.max-backoff", "1s");
		p.put("chorus.ensembles.retry-deadline.members[0].retry.jitter", 0);
		p.put("chorus.ensembles.retry-deadline.members[0].retry.budget-min-retries", 100000);

		ensemble(p, "width-vote", "soft-vote", "1", "all", "2s", "prediction");
		member(p, "width-vote", 0, "three", "iris-petal-width", HEALTHY.baseUrl(), 1, "1s");

		ensemble(p, "shadowed", "soft-vote", "2", "all", "2s", "probabilities");
		member(p, "shadowed", 0, "sepal", "iris-sepal", HEALTHY.baseUrl(), 1, "1s");
		member(p, "shadowed", 1, "candidate", "iris-full", FAULTY.baseUrl(), 1, "1s");
		member(p, "shadowed", 2, "petal", "iris-petal", HEALTHY.baseUrl(), 1, "1s");
		String candidate = "chorus.ensembles.shadowed.members[1].";
		p.put(candidate + "shadow", true);
		p.put(candidate + "max-concurrent-calls", 2);
		smallBreaker(p, candidate);

		ensemble(p, "shadow-sampled", "soft-vote", "1", "all", "2s", "probabilities");
		member(p, "shadow-sampled", 0, "petal", "iris-petal", HEALTHY.baseUrl(), 1, "1s");
		member(p, "shadow-sampled", 1, "full", "iris-full", HEALTHY.baseUrl(), 1, "1s");
		p.put("chorus.ensembles.shadow-sampled.members[1].shadow", true);
		p.put("chorus.ensembles.shadow-sampled.members[1].sample-rate", 0.5);

		ensemble(p, "width-shadow", "mean", "1", "all", "2s", "prediction");
		member(p, "width-shadow", 0, "three", "iris-petal-width", HEALTHY.baseUrl(), 1, "1s");
		member(p, "width-shadow", 1, "one", "iris-petal-width-petal", HEALTHY.baseUrl(), 1, "1s");
		p.put("chorus.ensembles.width-shadow.members[1].shadow", true);

		ensemble(p, "coalesced", "soft-vote", "all", "all", "5s", "probabilities");
		member(p, "coalesced", 0, "sepal", "iris-sepal", FAULTY.baseUrl(), 1, "4s");
		member(p, "coalesced", 1, "petal", "iris-petal", HEALTHY.baseUrl(), 1, "4s");
		p.put("chorus.ensembles.coalesced.coalesce", true);

		ensemble(p, "cached", "soft-vote", "1", "all", "2s", "probabilities");
		member(p, "cached", 0, "petal", "iris-petal", HEALTHY.baseUrl(), 1, "1s");
		member(p, "cached", 1, "full", "iris-full", FAULTY.baseUrl(), 1, "1s");
		p.put("chorus.ensembles.cached.cache.enabled", true);
		p.put("chorus.ensembles.cached.cache.max-size", 100);
		p.put("chorus.ensembles.cached.cache.ttl", "30s");

		ensemble(p, "cascade", "soft-vote", "majority", "all", "1s", "probabilities");
		member(p, "cascade", 0, "sepal", "iris-sepal", FAULTY.baseUrl(), 1, "800ms");
		member(p, "cascade", 1, "petal", "iris-petal", HEALTHY.baseUrl(), 1, "800ms");
		member(p, "cascade", 2, "full", "iris-full", FAULTY.baseUrl(), 1, "800ms");
		stages(p, "cascade", "petal", "0.9", "sepal, petal, full", "majority");

		// The demo's iris ensemble and its cascade (application-demo.yml), on the paced mock.
		for (String name : new String[] { "iris-plain", "iris-cascade" }) {
			ensemble(p, name, "soft-vote", "majority", "quorum-grace", "1s", "probabilities");
			member(p, name, 0, "sepal", "iris-sepal", PACED.baseUrl(), 0.0, "500ms");
			member(p, name, 1, "petal", "iris-petal", PACED.baseUrl(), 0.0, "500ms");
			member(p, name, 2, "full", "iris-full", PACED.baseUrl(), 1.0, "500ms");
		}
		stages(p, "iris-cascade", "petal", "0.9", "sepal, petal, full", "majority");

		p.forEach((key, value) -> registry.add(key, () -> value));
	}

	private static void ensemble(Map<String, Object> p, String name, String strategy, String quorum, String policy,
			String deadline, String output) {
		String key = "chorus.ensembles." + name + ".";
		p.put(key + "strategy", strategy);
		p.put(key + "quorum", quorum);
		p.put(key + "wait-policy", policy);
		p.put(key + "deadline", deadline);
		p.put(key + "outputs[0]", output);
		p.put(key + "v1-input", "features");
	}

	/** A two-stage cascade: a first stage answering at a minimum confidence, then a last stage with a quorum. */
	private static void stages(Map<String, Object> p, String ensemble, String first, String minConfidence,
			String last, String lastQuorum) {
		String key = "chorus.ensembles." + ensemble + ".stages";
		String[] firstMembers = first.split(",\\s*");
		for (int i = 0; i < firstMembers.length; i++) {
			p.put(key + "[0].members[" + i + "]", firstMembers[i]);
		}
		p.put(key + "[0].min-confidence", minConfidence);
		String[] lastMembers = last.split(",\\s*");
		for (int i = 0; i < lastMembers.length; i++) {
			p.put(key + "[1].members[" + i + "]", lastMembers[i]);
		}
		p.put(key + "[1].quorum", lastQuorum);
	}

	/** A breaker that opens after 2 failures in a window of 4 calls, and stays open 30 s. */
	private static void smallBreaker(Map<String, Object> p, String memberKey) {
		String breaker = memberKey + "circuit-breaker.";
		p.put(breaker + "sliding-window-size", 4);
		p.put(breaker + "minimum-number-of-calls", 4);
		p.put(breaker + "failure-rate-threshold", 50);
		p.put(breaker + "wait-duration-in-open-state", "30s");
	}

	private static void member(Map<String, Object> p, String ensemble, int index, String name, String model,
			String url, double weight, String timeout) {
		String key = "chorus.ensembles." + ensemble + ".members[" + index + "].";
		p.put(key + "name", name);
		p.put(key + "model", model);
		p.put(key + "replicas[0]", url);
		p.put(key + "weight", weight);
		p.put(key + "timeout", timeout);
		p.put(key + "retry.max-retries", 0);
		// Keep test breakers closed unless a test is about breakers.
		p.put(key + "circuit-breaker.minimum-number-of-calls", 1000);
		p.put(key + "circuit-breaker.sliding-window-size", 1000);
	}

	@BeforeEach
	void resetFaultyMock() {
		for (String model : MockServer.DEMO_MODELS) {
			FAULTY.resetBehavior(model);
		}
		FAULTY.resetStats();
		HEALTHY.resetStats();
	}

	/** A v2 inference request body for the given Iris rows. */
	protected static String irisRequest(String id, double[]... rows) {
		StringBuilder data = new StringBuilder();
		for (double[] row : rows) {
			for (double value : row) {
				data.append(data.length() == 0 ? "" : ",").append(value);
			}
		}
		return "{\"id\":\"" + id + "\",\"inputs\":[{\"name\":\"features\",\"shape\":[" + rows.length
				+ ",4],\"datatype\":\"FP32\",\"data\":[" + data + "]}]}";
	}

	/** POSTs JSON to ensemble-service. */
	protected HttpResponse<String> post(String path, String body, String... headers) {
		return send(HttpRequest.newBuilder(URI.create("http://127.0.0.1:" + this.port + path))
			.header("Content-Type", "application/json")
			.POST(HttpRequest.BodyPublishers.ofString(body)), headers);
	}

	/** GETs from ensemble-service. */
	protected HttpResponse<String> get(String path) {
		return send(HttpRequest.newBuilder(URI.create("http://127.0.0.1:" + this.port + path)).GET());
	}

	/** GETs from the management port. */
	protected HttpResponse<String> getManagement(String path) {
		return send(HttpRequest.newBuilder(URI.create("http://127.0.0.1:" + this.managementPort + path)).GET());
	}

	/** POSTs JSON directly to a mock model. */
	protected static HttpResponse<String> postTo(String url, String body) {
		return send(HttpRequest.newBuilder(URI.create(url))
			.header("Content-Type", "application/json")
			.POST(HttpRequest.BodyPublishers.ofString(body)));
	}

	/** Parses JSON. */
	protected static JsonNode json(HttpResponse<String> response) {
		return JSON.readTree(response.body());
	}

	/** Sends a request, adding header name/value pairs. */
	protected static HttpResponse<String> send(HttpRequest.Builder builder, String... headers) {
		for (int i = 0; i + 1 < headers.length; i += 2) {
			builder.header(headers[i], headers[i + 1]);
		}
		try {
			return HTTP.send(builder.timeout(Duration.ofSeconds(30)).build(), HttpResponse.BodyHandlers.ofString());
		}
		catch (java.net.http.HttpTimeoutException ex) {
			// A request that got no answer at all: keep the threads' state for whoever reads the report.
			Thread.getAllStackTraces().forEach((thread, stack) -> {
				System.err.println("THREAD " + thread.getName() + " " + thread.getState());
				for (StackTraceElement element : stack) {
					System.err.println("    at " + element);
				}
			});
			throw new java.io.UncheckedIOException(ex);
		}
		catch (IOException ex) {
			throw new java.io.UncheckedIOException(ex);
		}
		catch (InterruptedException ex) {
			Thread.currentThread().interrupt();
			throw new IllegalStateException(ex);
		}
	}

}
