package io.chorus.ensemble.tracing;

import java.net.http.HttpResponse;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.stream.IntStream;

import io.micrometer.core.instrument.Meter;
import io.micrometer.core.instrument.MeterRegistry;
import io.micrometer.core.instrument.config.MeterFilter;
import io.micrometer.observation.Observation;
import io.micrometer.observation.ObservationHandler;
import io.micrometer.observation.ObservationRegistry;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;
import reactor.core.publisher.Flux;
import reactor.core.publisher.Mono;
import reactor.core.scheduler.Schedulers;
import reactor.netty.DisposableServer;
import reactor.netty.http.server.HttpServer;
import tools.jackson.databind.JsonNode;

import org.springframework.beans.factory.annotation.Autowired;
import org.springframework.http.server.reactive.observation.ServerRequestObservationContext;
import org.springframework.test.context.DynamicPropertyRegistry;
import org.springframework.test.context.DynamicPropertySource;
import org.springframework.test.context.TestPropertySource;

import io.chorus.ensemble.support.EnsembleServiceIntegrationTest;

import static io.chorus.ensemble.support.TestMocks.FAULTY;
import static io.chorus.ensemble.support.TestMocks.HEALTHY;
import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

/**
 * The spans ensemble-service reports, read from what its Zipkin exporter really POSTs to a collector on a random
 * port, and the exporter's behaviour when that collector hangs: requests neither fail nor slow down, and nothing
 * blocks an event loop (BlockHound is installed by the base class).
 */
@TestPropertySource(properties = { "management.tracing.sampling.probability=1.0",
		"management.tracing.export.zipkin.enabled=true", "management.tracing.export.zipkin.read-timeout=2s" })
class TracingIntegrationTests extends EnsembleServiceIntegrationTest {

	private static final List<JsonNode> SPANS = new CopyOnWriteArrayList<>();

	private static final AtomicInteger HUNG = new AtomicInteger();

	private static volatile boolean hang;

	@Autowired
	private MeterRegistry registry;

	@Autowired
	private ObservationRegistry observations;

	/** A stand-in for Zipkin's span intake; when told to hang, it accepts every POST and never answers. */
	private static final DisposableServer COLLECTOR = HttpServer.create()
		.host("127.0.0.1")
		.port(0)
		.route((routes) -> routes.post("/api/v2/spans", (request, response) -> {
			if (hang) {
				HUNG.incrementAndGet();
				return Mono.never();
			}
			boolean gzip = "gzip".equals(request.requestHeaders().get("Content-Encoding"));
			return request.receive().aggregate().asByteArray().doOnNext((body) -> {
				for (JsonNode span : JSON.readTree(gzip ? gunzip(body) : body)) {
					SPANS.add(span);
				}
			}).then(response.status(202).send());
		}))
		.bindNow();

	@DynamicPropertySource
	static void collector(DynamicPropertyRegistry registry) {
		registry.add("management.tracing.export.zipkin.endpoint",
				() -> "http://127.0.0.1:" + COLLECTOR.port() + "/api/v2/spans");
	}

	@AfterEach
	void answerAgain() {
		hang = false;
	}

	@Test
	void reportsOneSpanPerMemberCallAndAttemptUnderTheRequestsSpan() {
		String traceId = "4bf92f3577b34da6a3ce929d0e0e4736";
		FAULTY.behavior("iris-full", "{\"errorRate\": 1.0, \"errorStatus\": 500}");
		HttpResponse<String> response = post("/v2/models/trio/infer", irisRequest("t", new double[] { 5.1, 3.5, 1.4, 0.2 }),
				"traceparent", "00-" + traceId + "-00f067aa0ba902b7-01");
		assertThat(response.statusCode()).isEqualTo(200);

		await().atMost(Duration.ofSeconds(60)).untilAsserted(() -> assertThat(spans(traceId, "attempt "))
			.hasSize(3));
		JsonNode server = spans(traceId, null).stream()
			.filter((span) -> "SERVER".equals(span.path("kind").asString()))
			.findFirst()
			.orElseThrow();
		assertThat(server.path("parentId").asString()).isEqualTo("00f067aa0ba902b7");
		assertThat(server.path("tags").path("chorus.ensemble").asString()).isEqualTo("trio");
		assertThat(server.path("tags").path("chorus.decision").asString()).isEqualTo("degraded");

		List<JsonNode> members = spans(traceId, "member ");
		assertThat(members).extracting((span) -> span.path("tags").path("chorus.member").asString())
			.containsExactlyInAnyOrder("sepal", "petal", "full");
		assertThat(members).allSatisfy((span) -> {
			assertThat(span.path("parentId").asString()).isEqualTo(server.path("id").asString());
			assertThat(span.path("tags").path("chorus.ensemble").asString()).isEqualTo("trio");
		});
		Map<String, String> outcomes = new java.util.HashMap<>();
		members.forEach((span) -> outcomes.put(span.path("tags").path("chorus.member").asString(),
				span.path("tags").path("outcome").asString()));
		assertThat(outcomes).containsEntry("sepal", "ok").containsEntry("petal", "ok").containsEntry("full", "error");

		List<JsonNode> attempts = spans(traceId, "attempt ");
		assertThat(attempts).allSatisfy((span) -> {
			assertThat(span.path("kind").asString()).isEqualTo("CLIENT");
			assertThat(span.path("tags").path("chorus.attempt").asString()).isEqualTo("1");
			assertThat(span.path("tags").path("chorus.replica").asString()).startsWith("127.0.0.1:");
			assertThat(members).extracting((member) -> member.path("id").asString())
				.contains(span.path("parentId").asString());
		});
		// The member received the attempt's span as its parent, in the client's trace.
		List<String> sent = new ArrayList<>();
		attempts.forEach((span) -> sent.add("00-" + traceId + "-" + span.path("id").asString() + "-01"));
		assertThat(HEALTHY.recentTraceparents("iris-sepal")).containsAnyElementsOf(sent);
	}

	/**
	 * The request's observation and the member calls' and attempts' (kept for their spans) build no meter at all: a
	 * meter filter sees every meter id the registry is asked for, including ids a later filter denies, so before
	 * {@link SpansWithoutMeters} it saw {@code http.server.requests} and {@code chorus.trace.*} on every request.
	 */
	@Test
	void theRequestsAndMemberCallsObservationsAskTheRegistryForNoMeter() {
		List<String> asked = new CopyOnWriteArrayList<>();
		this.registry.config().meterFilter(new MeterFilter() {
			@Override
			public Meter.Id map(Meter.Id id) {
				if (id.getName().startsWith("http.server.") || id.getName().startsWith(Spans.PREFIX)) {
					asked.add(id.getName());
				}
				return id;
			}
		});
		String traceId = "4bf92f3577b34da6a3ce929d0e0e4737";
		for (int i = 0; i < 3; i++) {
			assertThat(post("/v2/models/trio/infer", irisRequest("m" + i, new double[] { 5.1, 3.5, 1.4, 0.2 }),
					"traceparent", "00-" + traceId + "-00f067aa0ba902b7-01")
				.statusCode()).isEqualTo(200);
		}
		// The spans were made (their observations ran), yet no meter was asked for.
		await().atMost(Duration.ofSeconds(60)).untilAsserted(() -> assertThat(spans(traceId, "member ")).hasSize(9));
		assertThat(asked).isEmpty();
		assertThat(this.registry.find("http.server.requests").meters()).isEmpty();
	}

	/**
	 * A request whose trace is not sampled reports nothing, so it makes no member or attempt observation at all
	 * (before, it made one of each per member call, a tenth of the CPU at N=10), yet every member still receives the
	 * request's trace, marked not sampled.
	 */
	@Test
	void anUnsampledRequestMakesNoMemberObservationsYetMembersJoinItsTrace() {
		List<String> observed = new CopyOnWriteArrayList<>();
		this.observations.observationConfig().observationHandler(new ObservationHandler<>() {
			@Override
			public boolean supportsContext(Observation.Context context) {
				return true;
			}

			@Override
			public void onStart(Observation.Context context) {
				if (context.getName() != null && context.getName().startsWith(Spans.PREFIX)) {
					observed.add(context.getName());
				}
			}
		});
		String traceId = "5bf92f3577b34da6a3ce929d0e0e4738";
		HttpResponse<String> response = post("/v2/models/trio/infer",
				irisRequest("u", new double[] { 5.1, 3.5, 1.4, 0.2 }), "traceparent",
				"00-" + traceId + "-00f067aa0ba902b7-00");
		assertThat(response.statusCode()).isEqualTo(200);
		assertThat(observed).isEmpty();
		for (String member : List.of("iris-sepal", "iris-petal")) {
			assertThat(HEALTHY.recentTraceparents(member)).anySatisfy((traceparent) -> assertThat(traceparent)
				.matches("00-" + traceId + "-[0-9a-f]{16}-00"));
		}
	}

	/**
	 * Reading a member's answer restores no thread local: with the context-propagation library present, a
	 * {@code handle} operator (as {@code ByteBufFlux.asByteArray()} is) opened the request observation's scope, with
	 * the tracer's and its MDC, around every chunk of every member answer (three here before {@code BoundedBytes}
	 * read the buffers itself).
	 */
	@Test
	void readingMemberAnswersOpensNoScopeOfTheRequestsObservation() {
		String traceId = "6bf92f3577b34da6a3ce929d0e0e4739";
		List<String> scopes = new CopyOnWriteArrayList<>();
		this.observations.observationConfig().observationHandler(new ObservationHandler<>() {
			@Override
			public boolean supportsContext(Observation.Context context) {
				return context instanceof ServerRequestObservationContext;
			}

			@Override
			public void onScopeOpened(Observation.Context context) {
				scopes.add(context.getName() + " on " + Thread.currentThread().getName());
			}
		});
		assertThat(post("/v2/models/trio/infer", irisRequest("s", new double[] { 5.1, 3.5, 1.4, 0.2 }),
				"traceparent", "00-" + traceId + "-00f067aa0ba902b7-00")
			.statusCode()).isEqualTo(200);
		assertThat(scopes).as("scopes opened on the request's observation").isEmpty();
	}

	@Test
	void aHungTraceBackendNeitherFailsNorSlowsNorBlocksRequests() {
		hang = true;
		long start = System.nanoTime();
		// Each request reports five spans; a few hundred spans fill messages whose POSTs all hang.
		List<Integer> statuses = Flux.fromStream(IntStream.range(0, 200).boxed())
			.flatMap((i) -> Mono.fromCallable(() -> post("/v2/models/vote/infer",
					irisRequest("h" + i, new double[] { 5.1, 3.5, 1.4, 0.2 }), "traceparent",
					"00-4bf92f3577b34da6%016x-00f067aa0ba902b7-01".formatted(i + 1)).statusCode())
				.subscribeOn(Schedulers.boundedElastic()), 8)
			.collectList()
			.block(Duration.ofSeconds(60));
		Duration took = Duration.ofNanos(System.nanoTime() - start);
		assertThat(statuses).hasSize(200).containsOnly(200);
		await().atMost(Duration.ofSeconds(60))
			.untilAsserted(() -> assertThat(HUNG.get()).as("the exporter really met a hung backend").isPositive());
		// 200 requests to mocks that answer at once: generous for a loaded 2-core machine, yet under the 2 s per
		// hung export that 200 requests would add up to if reporting were synchronous.
		assertThat(took).isLessThan(Duration.ofSeconds(30));
	}

	private static byte[] gunzip(byte[] body) {
		try (var in = new java.util.zip.GZIPInputStream(new java.io.ByteArrayInputStream(body))) {
			return in.readAllBytes();
		}
		catch (java.io.IOException ex) {
			throw new java.io.UncheckedIOException(ex);
		}
	}

	private static List<JsonNode> spans(String traceId, String namePrefix) {
		return SPANS.stream()
			.filter((span) -> traceId.equals(span.path("traceId").asString()))
			.filter((span) -> namePrefix == null || span.path("name").asString().startsWith(namePrefix))
			.toList();
	}

}
