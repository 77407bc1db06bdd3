package io.chorus.mock.protocol;

import java.util.List;
import java.util.Map;
import java.util.function.BiFunction;

import io.chorus.mock.model.ServedModel;
import io.chorus.mock.stats.RequestStats;
import io.chorus.protocol.InferenceCodec;
import io.chorus.protocol.InferenceRequest;
import io.chorus.protocol.InferenceResponse;
import io.chorus.protocol.ProtocolException;
import io.chorus.protocol.Tensor;
import io.netty.channel.Channel;
import io.netty.channel.ChannelFutureListener;
import io.netty.handler.codec.http.HttpHeaderNames;
import io.netty.handler.codec.http.QueryStringDecoder;
import org.reactivestreams.Publisher;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import reactor.core.publisher.Mono;
import reactor.netty.Connection;
import reactor.netty.http.server.HttpServerRequest;
import reactor.netty.http.server.HttpServerResponse;

/**
 * The Open Inference Protocol (v2) and KServe v1 endpoints of a mock server, for Reactor Netty's
 * {@code HttpServer.handle}.
 */
public final class InferenceHandler implements BiFunction<HttpServerRequest, HttpServerResponse, Publisher<Void>> {

	private static final Logger logger = LoggerFactory.getLogger(InferenceHandler.class);

	private static final byte[] SERVER_METADATA = tools.jackson.databind.json.JsonMapper.shared()
		.writeValueAsBytes(serverMetadata());

	private static final byte[] LIVE = "{\"live\":true}".getBytes(java.nio.charset.StandardCharsets.UTF_8);

	private static final byte[] READY = "{\"ready\":true}".getBytes(java.nio.charset.StandardCharsets.UTF_8);

	private final Map<String, ServedModel> models;

	private static Map<String, Object> serverMetadata() {
		Map<String, Object> metadata = new java.util.LinkedHashMap<>();
		metadata.put("name", "chorus-mock");
		metadata.put("version", "0.1.0");
		metadata.put("extensions", List.of());
		return metadata;
	}

	private final int maxBodyBytes;

	/**
	 * Creates the handler.
	 * @param models the served models by name
	 * @param maxBodyBytes the largest request body accepted; larger ones get 413
	 */
	public InferenceHandler(Map<String, ServedModel> models, int maxBodyBytes) {
		this.models = Map.copyOf(models);
		this.maxBodyBytes = maxBodyBytes;
	}

	@Override
	public Publisher<Void> apply(HttpServerRequest req, HttpServerResponse res) {
		String path = req.fullPath();
		String method = req.method().name();
		String[] parts = path.split("/");
		if (parts.length >= 2 && parts[0].isEmpty() && "v2".equals(parts[1])) {
			return v2(req, res, method, path, parts);
		}
		if (parts.length == 4 && parts[0].isEmpty() && "v1".equals(parts[1]) && "models".equals(parts[2])) {
			String name = decode(parts[3]);
			if (name.endsWith(":predict")) {
				return (!"POST".equals(method)) ? JsonResponses.methodNotAllowed(res, method, path, "POST")
						: withModel(res, name.substring(0, name.length() - 8), null, (m) -> infer(req, res, m, true));
			}
			return (!"GET".equals(method)) ? JsonResponses.methodNotAllowed(res, method, path, "GET")
					: withModel(res, name, null, (m) -> JsonResponses.send(res, 200, ready(m)));
		}
		return notFound(res, method, path);
	}

	private Mono<Void> v2(HttpServerRequest req, HttpServerResponse res, String method, String path, String[] parts) {
		if (parts.length == 2) {
			return get(res, method, path, SERVER_METADATA);
		}
		if (parts.length == 4 && "health".equals(parts[2]) && ("live".equals(parts[3]) || "ready".equals(parts[3]))) {
			return get(res, method, path, "live".equals(parts[3]) ? LIVE : READY);
		}
		if (parts.length < 4 || !"models".equals(parts[2])) {
			return notFound(res, method, path);
		}
		String name = decode(parts[3]);
		int rest = 4;
		String version = null;
		if (parts.length > rest && "versions".equals(parts[rest])) {
			if (parts.length == rest + 1) {
				return notFound(res, method, path);
			}
			version = decode(parts[rest + 1]);
			rest += 2;
		}
		String action = (parts.length == rest) ? "" : (parts.length == rest + 1) ? parts[rest] : null;
		if ("".equals(action)) {
			return (!"GET".equals(method)) ? JsonResponses.methodNotAllowed(res, method, path, "GET")
					: withModel(res, name, version, (m) -> JsonResponses.send(res, 200, InferenceCodec.write(m.metadata())));
		}
		if ("ready".equals(action)) {
			return (!"GET".equals(method)) ? JsonResponses.methodNotAllowed(res, method, path, "GET")
					: withModel(res, name, version, (m) -> JsonResponses.send(res, 200, ready(m)));
		}
		if ("infer".equals(action)) {
			return (!"POST".equals(method)) ? JsonResponses.methodNotAllowed(res, method, path, "POST")
					: withModel(res, name, version, (m) -> infer(req, res, m, false));
		}
		return notFound(res, method, path);
	}

	private Mono<Void> infer(HttpServerRequest req, HttpServerResponse res, ServedModel model, boolean v1) {
		RequestStats.Exchange exchange = model.stats()
			.begin(req.requestHeaders().get("X-Request-Id"), req.requestHeaders().get("traceparent"),
					req.requestHeaders().get("X-Chorus-Deadline-Ms"));
		String requestId = req.requestHeaders().get("X-Request-Id");
		if (requestId != null) {
			res.header("X-Request-Id", requestId);
		}
		Connection[] connection = new Connection[1];
		req.withConnection((c) -> connection[0] = c);
		Mono<Void> reply = BoundedBody.read(req, this.maxBodyBytes).flatMap((body) -> {
			FaultResponder.Answer answer;
			try {
				answer = v1 ? v1Answer(model, body) : v2Answer(model, body);
			}
			catch (ProtocolException ex) {
				return JsonResponses.error(res, 400, ex.getMessage());
			}
			catch (RuntimeException ex) {
				logger.error("Unexpected failure answering model '{}'", model.name(), ex);
				return JsonResponses.error(res, 500, "internal error: " + ex.getClass().getSimpleName());
			}
			return FaultResponder.respond(res, connection[0], model.behavior().decide(), answer, exchange);
		}).onErrorResume(BoundedBody.TooLarge.class, (ex) -> {
			res.header(HttpHeaderNames.CONNECTION, "close");
			return JsonResponses.error(res, 413, ex.getMessage());
		});
		return reply.doOnSuccess((v) -> exchange.complete())
			.doOnError((ex) -> exchange.cancel())
			.doOnCancel(exchange::cancel)
			// The client may close the connection while the reply waits on a timer or hangs: end the exchange as
			// cancelled and dispose the pending reply at once, whether or not Reactor Netty cancels it too.
			.takeUntilOther(closed(connection[0].channel(), exchange));
	}

	private static Mono<Void> closed(Channel channel, RequestStats.Exchange exchange) {
		return Mono.create((sink) -> {
			ChannelFutureListener listener = (future) -> {
				exchange.cancel();
				sink.success();
			};
			channel.closeFuture().addListener(listener);
			sink.onDispose(() -> channel.closeFuture().removeListener(listener));
		});
	}

	private static FaultResponder.Answer v2Answer(ServedModel model, byte[] body) {
		InferenceRequest request = InferenceCodec.readRequest(body);
		Tensor features = InputCheck.features(model, request);
		List<Tensor> outputs = InputCheck.select(model, request.outputs(), model.function().predict(features));
		InferenceResponse response = new InferenceResponse(model.name(), model.version(), request.id(), null, outputs);
		return new FaultResponder.Answer(() -> InferenceCodec.write(response), () -> {
			List<Tensor> wrong = new java.util.ArrayList<>(outputs);
			wrong.set(0, WrongShape.of(outputs.get(0)));
			return InferenceCodec.write(new InferenceResponse(model.name(), model.version(), request.id(), null, wrong));
		});
	}

	private static FaultResponder.Answer v1Answer(ServedModel model, byte[] body) {
		Tensor features = InputCheck.features(InferenceCodec.readV1Instances(body, "instances"));
		Tensor predictions = model.function().predictV1(features);
		return new FaultResponder.Answer(() -> InferenceCodec.writeV1Predictions(predictions),
				() -> InferenceCodec.writeV1Predictions(WrongShape.of(predictions)));
	}

	private Mono<Void> withModel(HttpServerResponse res, String name, String version,
			java.util.function.Function<ServedModel, Mono<Void>> action) {
		ServedModel model = this.models.get(name);
		if (model == null) {
			return JsonResponses.error(res, 404, "model '" + name + "' not found");
		}
		if (version != null && !version.equals(model.version())) {
			return JsonResponses.error(res, 404,
					"model '" + name + "' has no version '" + version + "'; served: [" + model.version() + "]");
		}
		return action.apply(model);
	}

	private static byte[] ready(ServedModel model) {
		Map<String, Object> body = new java.util.LinkedHashMap<>();
		body.put("name", model.name());
		body.put("ready", true);
		return tools.jackson.databind.json.JsonMapper.shared().writeValueAsBytes(body);
	}

	private static Mono<Void> get(HttpServerResponse res, String method, String path, byte[] body) {
		return "GET".equals(method) ? JsonResponses.send(res, 200, body)
				: JsonResponses.methodNotAllowed(res, method, path, "GET");
	}

	private static Mono<Void> notFound(HttpServerResponse res, String method, String path) {
		return JsonResponses.error(res, 404, "no endpoint " + method + " " + path);
	}

	private static String decode(String segment) {
		return QueryStringDecoder.decodeComponent(segment);
	}

}
