package io.chorus.mock.admin;

import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.function.BiFunction;

import io.chorus.mock.ModelStats;
import io.chorus.mock.behavior.BehaviorJson;
import io.chorus.mock.model.ServedModel;
import io.chorus.mock.protocol.JsonResponses;
import org.reactivestreams.Publisher;
import reactor.core.publisher.Mono;
import reactor.netty.http.server.HttpServerRequest;
import reactor.netty.http.server.HttpServerResponse;
import tools.jackson.databind.json.JsonMapper;

/**
 * The admin API of a mock server: read and change each model's behaviour at run time, read and reset
 * request counters. PUT replaces the whole behaviour (omitted fields take their defaults); DELETE restores
 * the start-up behaviour.
 */
public final class AdminHandler implements BiFunction<HttpServerRequest, HttpServerResponse, Publisher<Void>> {

	private static final int MAX_BODY_BYTES = 64 * 1024;

	private final Map<String, ServedModel> models;

	/**
	 * Creates the handler.
	 * @param models the served models by name, in listing order
	 */
	public AdminHandler(Map<String, ServedModel> models) {
		this.models = models;
	}

	@Override
	public Publisher<Void> apply(HttpServerRequest req, HttpServerResponse res) {
		String path = req.fullPath();
		String method = req.method().name();
		String[] parts = path.split("/");
		if (parts.length < 3 || !parts[0].isEmpty() || !"admin".equals(parts[1])) {
			return JsonResponses.error(res, 404, "no endpoint " + method + " " + path);
		}
		if (parts.length == 3 && "models".equals(parts[2])) {
			return "GET".equals(method) ? JsonResponses.send(res, 200, json(Map.of("models", list())))
					: JsonResponses.methodNotAllowed(res, method, path, "GET");
		}
		if (parts.length == 4 && "stats".equals(parts[2]) && "reset".equals(parts[3])) {
			if (!"POST".equals(method)) {
				return JsonResponses.methodNotAllowed(res, method, path, "POST");
			}
			this.models.values().forEach((m) -> m.stats().reset());
			return JsonResponses.send(res, 200, json(Map.of("reset", true)));
		}
		if (parts.length == 5 && "models".equals(parts[2])) {
			ServedModel model = this.models.get(parts[3]);
			if ("behavior".equals(parts[4])) {
				return switch (method) {
					case "GET" -> withModel(res, model, parts[3], () -> behavior(res, model));
					case "PUT" -> withModel(res, model, parts[3], () -> replace(req, res, model));
					case "DELETE" -> withModel(res, model, parts[3], () -> {
						model.behavior().reset();
						return behavior(res, model);
					});
					default -> JsonResponses.methodNotAllowed(res, method, path, "GET, PUT, DELETE");
				};
			}
			if ("stats".equals(parts[4])) {
				return "GET".equals(method) ? withModel(res, model, parts[3], () -> stats(res, model))
						: JsonResponses.methodNotAllowed(res, method, path, "GET");
			}
		}
		return JsonResponses.error(res, 404, "no endpoint " + method + " " + path);
	}

	private static Mono<Void> replace(HttpServerRequest req, HttpServerResponse res, ServedModel model) {
		return req.receive().aggregate().asByteArray().defaultIfEmpty(new byte[0]).flatMap((body) -> {
			if (body.length > MAX_BODY_BYTES) {
				return JsonResponses.error(res, 413, "behavior body is larger than " + MAX_BODY_BYTES + " bytes");
			}
			try {
				model.behavior().replace(BehaviorJson.read(new String(body, StandardCharsets.UTF_8)));
			}
			catch (IllegalArgumentException ex) {
				return JsonResponses.error(res, 400, ex.getMessage());
			}
			return behavior(res, model);
		});
	}

	private static Mono<Void> behavior(HttpServerResponse res, ServedModel model) {
		return JsonResponses.send(res, 200, BehaviorJson.write(model.behavior().current()));
	}

	private static Mono<Void> stats(HttpServerResponse res, ServedModel model) {
		ModelStats stats = model.stats().snapshot();
		Map<String, Object> body = new LinkedHashMap<>();
		body.put("model", model.name());
		body.put("received", stats.received());
		body.put("completed", stats.completed());
		body.put("cancelled", stats.cancelled());
		body.put("inFlight", stats.inFlight());
		body.put("recentRequestIds", stats.recentRequestIds());
		body.put("recentTraceparents", model.stats().recentTraceparents());
		return JsonResponses.send(res, 200, json(body));
	}

	private List<Map<String, Object>> list() {
		List<Map<String, Object>> list = new ArrayList<>();
		for (ServedModel model : this.models.values()) {
			Map<String, Object> entry = new LinkedHashMap<>();
			entry.put("name", model.name());
			entry.put("version", model.version());
			entry.put("outputs", model.function().outputs().stream().map((o) -> o.name()).toList());
			list.add(entry);
		}
		return list;
	}

	private static Mono<Void> withModel(HttpServerResponse res, ServedModel model, String name,
			java.util.function.Supplier<Mono<Void>> action) {
		return (model != null) ? action.get() : JsonResponses.error(res, 404, "model '" + name + "' not found");
	}

	private static byte[] json(Object value) {
		return JsonMapper.shared().writeValueAsBytes(value);
	}

}
