package io.chorus.ensemble.api;

import java.time.Duration;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.function.BiFunction;
import java.util.function.Consumer;
import java.util.function.Supplier;

import io.micrometer.common.KeyValues;
import io.micrometer.tracing.propagation.Propagator;
import reactor.core.publisher.Flux;
import reactor.core.publisher.Mono;
import reactor.core.publisher.SignalType;
import reactor.util.context.Context;

import org.springframework.http.MediaType;
import org.springframework.http.codec.ServerSentEvent;
import org.springframework.web.reactive.function.BodyInserters;
import org.springframework.web.reactive.function.server.ServerRequest;
import org.springframework.web.reactive.function.server.ServerResponse;

import io.chorus.ensemble.cache.SharedAnswers;
import io.chorus.ensemble.cascade.CascadeExecutor;
import io.chorus.ensemble.config.EnsembleCatalog;
import io.chorus.ensemble.config.EnsembleSpec;
import io.chorus.ensemble.deadline.DeadlineBudget;
import io.chorus.ensemble.error.ApiException;
import io.chorus.ensemble.error.JsonBodies;
import io.chorus.ensemble.fanout.EnsembleResult;
import io.chorus.ensemble.fanout.MemberReport;
import io.chorus.ensemble.member.CallContext;
import io.chorus.ensemble.member.MemberClients;
import io.chorus.ensemble.metrics.EnsembleMetrics;
import io.chorus.ensemble.reload.LiveEnsembles;
import io.chorus.ensemble.shadow.ShadowRunner;
import io.chorus.ensemble.tracing.Spans;
import io.chorus.protocol.InferenceCodec;
import io.chorus.protocol.InferenceRequest;
import io.chorus.protocol.InferenceResponse;
import io.chorus.protocol.Tensor;

/**
 * The north API: each ensemble served as one Open Inference Protocol model (v2, and v1 predict).
 */
final class InferenceHandler {

	private static final String VERSION = "0.1.0";

	private final LiveEnsembles live;

	private final EnsembleMetadata metadata;

	private final EnsembleMetrics metrics;

	private final RequestBodies bodies;

	private final ResultResponses responses;

	private final EventStreams streams;

	private final ShadowRunner shadows;

	private final SharedAnswers shared;

	private final CascadeExecutor cascades;

	private final Propagator propagator;

	InferenceHandler(LiveEnsembles live, EnsembleMetadata metadata,
			EnsembleMetrics metrics, RequestBodies bodies, ResultResponses responses, ShadowRunner shadows,
			SharedAnswers shared, CascadeExecutor cascades, Propagator propagator) {
		this.propagator = propagator;
		this.cascades = cascades;
		this.shadows = shadows;
		this.shared = shared;
		this.responses = responses;
		this.streams = new EventStreams(responses);
		this.live = live;
		this.metadata = metadata;
		this.metrics = metrics;
		this.bodies = bodies;
	}

	Mono<ServerResponse> infer(ServerRequest request) {
		if (EventStreams.wanted(request)) {
			return stream(request);
		}
		return serve(request, (spec, body) -> InferenceCodec.readRequest(body), this::respondV2);
	}

	Mono<ServerResponse> predictV1(ServerRequest request) {
		return serve(request,
				(spec, body) -> new InferenceRequest(null, null, List.of(InferenceCodec.readV1Instances(body, spec.v1Input())), null),
				(result, inference, headers) -> respondV1(result, headers));
	}

	/**
	 * Runs one inference request: resolves the ensemble and the client's headers (refusing the request with
	 * its body drained when either is wrong), reads and decodes the body, runs the ensemble, and responds
	 * from the client connection's event loop.
	 */
	private Mono<ServerResponse> serve(ServerRequest request, BiFunction<EnsembleSpec, byte[], InferenceRequest> decode,
			Responder responder) {
		return resolved(request, (spec, headers, lease) -> this.bodies.read(request)
			.map((body) -> decode.apply(spec, body))
			.flatMap((inference) -> ConnectionLoop.publishOn(run(spec, inference, headers, lease.clients(), null), request)
				.flatMap((result) -> responder.respond(result, inference, headers)))
			.doFinally((signal) -> lease.close()));
	}

	/**
	 * Leases the ensembles served now for this request (so it runs on one definition however the configuration
	 * is reloaded meanwhile), then resolves the ensemble and the client's headers, refusing the request with its
	 * body drained when either is wrong.
	 */
	private Mono<ServerResponse> resolved(ServerRequest request, Resolved then) {
		LiveEnsembles.Lease lease = this.live.lease();
		EnsembleSpec spec;
		ClientHeaders headers;
		try {
			spec = ensemble(request, lease.catalog());
			headers = ClientHeaders.of(request);
		}
		catch (ApiException ex) {
			lease.close();
			return this.bodies.refuse(request, ex);
		}
		return then.apply(spec, headers, lease);
	}

	/** What runs once the ensemble and headers are resolved; it must close the lease when the request ends. */
	@FunctionalInterface
	private interface Resolved {

		Mono<ServerResponse> apply(EnsembleSpec spec, ClientHeaders headers, LiveEnsembles.Lease lease);

	}

	/**
	 * Runs one inference request as a stream of Server-Sent Events: one per member outcome as it happens, then
	 * the aggregated answer. The status is 200 once the stream starts; the last event says how it ended.
	 */
	private Mono<ServerResponse> stream(ServerRequest request) {
		return resolved(request, (spec, headers, lease) -> this.bodies.read(request)
			.map(InferenceCodec::readRequest)
			.flatMap((inference) -> {
				Flux<ServerSentEvent<String>> events = this.streams
					.events((progress) -> run(spec, inference, headers, lease.clients(), progress), inference, headers)
					.doFinally((signal) -> lease.close());
				return ServerResponse.ok()
					.contentType(MediaType.TEXT_EVENT_STREAM)
					.header(ClientHeaders.REQUEST_ID, headers.requestId())
					.body(BodyInserters.fromServerSentEvents(ConnectionLoop.publishOn(events, request)));
			})
			// The lease ends with the stream; only a request that never got to stream ends it here.
			.doOnError((ex) -> lease.close())
			.doOnCancel(lease::close));
	}

	/** Turns an ensemble's result into the response of one protocol. */
	@FunctionalInterface
	private interface Responder {

		Mono<ServerResponse> respond(EnsembleResult result, InferenceRequest inference, ClientHeaders headers);

	}

	Mono<ServerResponse> modelMetadata(ServerRequest request) {
		EnsembleSpec spec = ensemble(request);
		return ConnectionLoop.publishOn(this.metadata.of(spec), request)
			.flatMap((meta) -> json(200, InferenceCodec.write(meta), null))
			.switchIfEmpty(Mono.error(() -> new ApiException(503,
					"metadata of ensemble '" + spec.name() + "' is unavailable: no member answered a metadata request")));
	}

	Mono<ServerResponse> modelReady(ServerRequest request) {
		EnsembleSpec spec = ensemble(request);
		boolean ready = this.metadata.ready(spec);
		Map<String, Object> body = new LinkedHashMap<>();
		body.put("name", spec.name());
		body.put("ready", ready);
		return json(ready ? 200 : 503, JsonBodies.write(body), null);
	}

	Mono<ServerResponse> v1ModelStatus(ServerRequest request) {
		EnsembleSpec spec = ensemble(request);
		Map<String, Object> body = new LinkedHashMap<>();
		body.put("name", spec.name());
		body.put("ready", this.metadata.ready(spec));
		return json(200, JsonBodies.write(body), null);
	}

	Mono<ServerResponse> live(ServerRequest request) {
		return json(200, JsonBodies.write(Map.of("live", true)), null);
	}

	Mono<ServerResponse> ready(ServerRequest request) {
		boolean ready = this.live.catalog().all().stream().allMatch(this.metadata::ready);
		return json(ready ? 200 : 503, JsonBodies.write(Map.of("ready", ready)), null);
	}

	Mono<ServerResponse> server(ServerRequest request) {
		Map<String, Object> body = new LinkedHashMap<>();
		body.put("name", "chorus");
		body.put("version", VERSION);
		body.put("extensions", List.of("chorus_ensemble"));
		return json(200, JsonBodies.write(body), null);
	}

	/**
	 * The model repository index of the KServe v2 repository extension ({@code POST /v2/repository/index}; the
	 * request body, where the extension allows a filter, is ignored): every ensemble served now, by name, with
	 * its version and {@code READY} or {@code UNAVAILABLE} as {@code /v2/models/{name}/ready} would say. The
	 * gateway reads it to name the ensembles in its OpenAPI document; it does not route it to clients.
	 */
	Mono<ServerResponse> repositoryIndex(ServerRequest request) {
		List<Map<String, Object>> index = this.live.catalog().all().stream()
			.sorted(java.util.Comparator.comparing(EnsembleSpec::name))
			.map((spec) -> {
				Map<String, Object> model = new LinkedHashMap<>();
				model.put("name", spec.name());
				model.put("version", spec.version());
				model.put("state", this.metadata.ready(spec) ? "READY" : "UNAVAILABLE");
				return model;
			})
			.toList();
		return request.exchange().getRequest().getBody()
			.doOnNext(org.springframework.core.io.buffer.DataBufferUtils::release)
			.then(json(200, JsonBodies.write(index), null));
	}

	private Mono<EnsembleResult> run(EnsembleSpec spec, InferenceRequest inference, ClientHeaders headers,
			MemberClients clients, Consumer<MemberReport> progress) {
		DeadlineBudget budget = DeadlineBudget.start(headers.clip(spec.deadline()));
		CallContext context = new CallContext(budget, headers.requestId(), headers.traceparent());
		AtomicInteger inFlight = this.metrics.inFlight(spec.name());
		long start = System.nanoTime();
		// The fan-out finds its member clients (those of the request's generation) in the Reactor context; it is
		// written here, inside the supplier, so a shared fan-out subscribed on its own carries it too.
		// The request's span goes the same way: a shared fan-out's member spans are children of the first request's.
		Mono<EnsembleResult> answer = Mono.deferContextual((request) -> {
			Supplier<Mono<EnsembleResult>> fanout = () -> this.shadows.around(spec, inference, context,
					this.cascades.execute(spec, inference, context, progress))
				.contextWrite(Context.of(MemberClients.class, clients).putAll(Spans.carried(request, this.propagator)));
			// A stream reports its own members' outcomes as they happen, so it never shares a fan-out or a cached answer.
			return (progress != null) ? fanout.get()
					: this.shared.answer(spec, inference, budget.total(), headers.noCache(), fanout);
		});
		return answer
			.doOnSubscribe((s) -> inFlight.incrementAndGet())
			.doOnNext((result) -> {
				this.metrics.request(spec.name(), result.outcome(), since(start));
				if (result instanceof EnsembleResult.Answered answered && answered.agreement() != null) {
					this.metrics.agreement(spec.name(), answered.agreement());
				}
			})
			// The quorum's decision (ok, degraded, quorum-lost, deadline...) goes on the request's span.
			.transformDeferredContextual((mono, request) -> mono.doOnNext((result) -> Spans.tag(request,
					KeyValues.of("chorus.ensemble", spec.name(), "chorus.decision", result.outcome()))))
			.doFinally((signal) -> {
				inFlight.decrementAndGet();
				if (signal == SignalType.CANCEL) {
					this.metrics.request(spec.name(), "client-cancelled", since(start));
				}
			});
	}

	private Mono<ServerResponse> respondV2(EnsembleResult result, InferenceRequest inference, ClientHeaders headers) {
		if (result instanceof EnsembleResult.Answered answered) {
			boolean detail = headers.detail() || Boolean.TRUE.equals(inference.parameters().get("chorus.detail"));
			InferenceResponse response = this.responses.answered(answered, inference, detail);
			return json(200, InferenceCodec.write(response), headers.requestId());
		}
		return unanswered((EnsembleResult.Unanswered) result, headers);
	}

	private Mono<ServerResponse> respondV1(EnsembleResult result, ClientHeaders headers) {
		if (result instanceof EnsembleResult.Answered answered) {
			Tensor primary = answered.outputs().get(0);
			if (primary.rank() > 2) {
				throw new ApiException(400, "the ensemble's output has rank " + primary.rank()
						+ "; v1 predictions carry rank 1 or 2 only, use the v2 API");
			}
			// v1 has no parameters; a client that asks for the breakdown gets them beside the predictions.
			byte[] body = headers.detail()
					? InferenceCodec.writeV1Predictions(primary, this.responses.parameters(answered, true))
					: InferenceCodec.writeV1Predictions(primary);
			return json(200, body, headers.requestId());
		}
		return unanswered((EnsembleResult.Unanswered) result, headers);
	}

	private Mono<ServerResponse> unanswered(EnsembleResult.Unanswered result, ClientHeaders headers) {
		int status = ResultResponses.status(result);
		return ServerResponse.status(status).contentType(MediaType.APPLICATION_PROBLEM_JSON)
			.header(ClientHeaders.REQUEST_ID, headers.requestId())
			.bodyValue(JsonBodies.write(this.responses.unanswered(result, status, headers.requestId())));
	}

	private EnsembleSpec ensemble(ServerRequest request) {
		return ensemble(request, this.live.catalog());
	}

	private static EnsembleSpec ensemble(ServerRequest request, EnsembleCatalog catalog) {
		String name = request.pathVariable("name");
		EnsembleSpec spec = catalog.find(name)
			.orElseThrow(() -> new ApiException(404, "unknown model '" + name + "'"));
		String version = request.pathVariables().get("version");
		if (version != null && !version.equals(spec.version())) {
			throw new ApiException(404, "model '" + name + "' has no version '" + version + "'; it serves version "
					+ spec.version());
		}
		return spec;
	}

	private static Mono<ServerResponse> json(int status, byte[] body, String requestId) {
		ServerResponse.BodyBuilder builder = ServerResponse.status(status).contentType(MediaType.APPLICATION_JSON);
		if (requestId != null) {
			builder.header(ClientHeaders.REQUEST_ID, requestId);
		}
		return builder.bodyValue(body);
	}

	private static Duration since(long start) {
		return Duration.ofNanos(System.nanoTime() - start);
	}

}
