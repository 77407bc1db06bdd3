package io.chorus.mock.behavior;

import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;

import io.chorus.mock.MockSettings.BehaviorSettings;
import io.chorus.mock.MockSettings.LatencySettings;
import io.chorus.mock.MockSettings.SpikeSettings;
import tools.jackson.core.JacksonException;
import tools.jackson.databind.JsonNode;
import tools.jackson.databind.json.JsonMapper;

/**
 * Reads and writes the behaviour JSON of the admin API and {@link io.chorus.mock.MockServer#behavior}.
 *
 * <p>Reading is strict: an unknown field, a value of the wrong JSON type or a value out of range is
 * rejected with an {@link IllegalArgumentException} whose message names every offending field. A field
 * that is left out takes its default (no latency, no faults, {@code errorStatus} 500, {@code trickleMs} 1000).
 */
public final class BehaviorJson {

	private static final JsonMapper JSON = JsonMapper.shared();

	private static final Set<String> BEHAVIOR_FIELDS = Set.of("latency", "seed", "errorRate", "errorStatus",
			"hangRate", "closeRate", "malformedRate", "wrongShapeRate", "trickleRate", "trickleMs");

	private static final Set<String> LATENCY_FIELDS = Set.of("type", "ms", "minMs", "maxMs", "meanMs", "stddevMs",
			"medianMs", "sigma", "spike");

	private static final Set<String> SPIKE_FIELDS = Set.of("rate", "factor");

	private BehaviorJson() {
	}

	/**
	 * Parses and validates a behaviour.
	 * @param json the behaviour JSON
	 * @return the behaviour
	 * @throws IllegalArgumentException naming each unknown or invalid field
	 */
	public static BehaviorSettings read(String json) {
		JsonNode root;
		try {
			root = JSON.readTree(json);
		}
		catch (JacksonException ex) {
			throw new IllegalArgumentException("malformed JSON: " + ex.getOriginalMessage());
		}
		if (root == null || !root.isObject()) {
			throw new IllegalArgumentException("behavior must be a JSON object");
		}
		Fields f = new Fields();
		f.checkKnown(root, "", BEHAVIOR_FIELDS);
		BehaviorSettings behavior = new BehaviorSettings(readLatency(root.get("latency"), f), f.seed(root, "seed"),
				f.number(root, "errorRate", 0), (int) f.integer(root, "errorStatus", 500), f.number(root, "hangRate", 0),
				f.number(root, "closeRate", 0), f.number(root, "malformedRate", 0), f.number(root, "wrongShapeRate", 0),
				f.number(root, "trickleRate", 0), f.integer(root, "trickleMs", 1000));
		f.problems.addAll(BehaviorValidation.problems(behavior));
		if (!f.problems.isEmpty()) {
			throw new IllegalArgumentException(String.join("; ", f.problems));
		}
		return behavior;
	}

	/**
	 * Writes a behaviour in the form {@link #read} accepts, with only the fields its latency type uses.
	 * @param behavior the behaviour
	 * @return the UTF-8 JSON
	 */
	public static byte[] write(BehaviorSettings behavior) {
		Map<String, Object> latency = new LinkedHashMap<>();
		LatencySettings l = behavior.latency();
		latency.put("type", l.type());
		switch (l.type()) {
			case "uniform" -> {
				latency.put("minMs", l.minMs());
				latency.put("maxMs", l.maxMs());
			}
			case "normal" -> {
				latency.put("meanMs", l.meanMs());
				latency.put("stddevMs", l.stddevMs());
			}
			case "lognormal" -> {
				latency.put("medianMs", l.medianMs());
				latency.put("sigma", l.sigma());
			}
			default -> latency.put("ms", l.ms());
		}
		if (l.spike() != null) {
			latency.put("spike", Map.of("rate", l.spike().rate(), "factor", l.spike().factor()));
		}
		Map<String, Object> out = new LinkedHashMap<>();
		out.put("latency", latency);
		out.put("seed", behavior.seed());
		out.put("errorRate", behavior.errorRate());
		out.put("errorStatus", behavior.errorStatus());
		out.put("hangRate", behavior.hangRate());
		out.put("closeRate", behavior.closeRate());
		out.put("malformedRate", behavior.malformedRate());
		out.put("wrongShapeRate", behavior.wrongShapeRate());
		out.put("trickleRate", behavior.trickleRate());
		out.put("trickleMs", behavior.trickleMs());
		return JSON.writeValueAsBytes(out);
	}

	private static LatencySettings readLatency(JsonNode node, Fields f) {
		if (node == null || node.isNull()) {
			return LatencySettings.NONE;
		}
		if (!node.isObject()) {
			f.problems.add("'latency' must be a JSON object");
			return LatencySettings.NONE;
		}
		f.checkKnown(node, "latency.", LATENCY_FIELDS);
		String type = "fixed";
		JsonNode typeNode = node.get("type");
		if (typeNode != null && !typeNode.isNull()) {
			if (typeNode.isString()) {
				type = typeNode.stringValue();
			}
			else {
				f.problems.add("'latency.type' must be a string");
			}
		}
		return new LatencySettings(type, f.number(node, "ms", 0, "latency."), f.number(node, "minMs", 0, "latency."),
				f.number(node, "maxMs", 0, "latency."), f.number(node, "meanMs", 0, "latency."),
				f.number(node, "stddevMs", 0, "latency."), f.number(node, "medianMs", 0, "latency."),
				f.number(node, "sigma", 0, "latency."), readSpike(node.get("spike"), f));
	}

	private static SpikeSettings readSpike(JsonNode node, Fields f) {
		if (node == null || node.isNull()) {
			return null;
		}
		if (!node.isObject()) {
			f.problems.add("'latency.spike' must be a JSON object");
			return null;
		}
		f.checkKnown(node, "latency.spike.", SPIKE_FIELDS);
		return new SpikeSettings(f.number(node, "rate", 0, "latency.spike."),
				f.number(node, "factor", 10, "latency.spike."));
	}

	/** Collects problems while reading fields of the expected JSON types. */
	private static final class Fields {

		private final List<String> problems = new ArrayList<>();

		void checkKnown(JsonNode node, String prefix, Set<String> known) {
			for (String name : node.propertyNames()) {
				if (!known.contains(name)) {
					this.problems.add("unknown field '" + prefix + name + "'");
				}
			}
		}

		double number(JsonNode node, String field, double fallback) {
			return number(node, field, fallback, "");
		}

		double number(JsonNode node, String field, double fallback, String prefix) {
			JsonNode value = node.get(field);
			if (value == null || value.isNull()) {
				return fallback;
			}
			if (!value.isNumber()) {
				this.problems.add("'" + prefix + field + "' must be a number");
				return fallback;
			}
			return value.doubleValue();
		}

		long integer(JsonNode node, String field, long fallback) {
			JsonNode value = node.get(field);
			if (value == null || value.isNull()) {
				return fallback;
			}
			if (!value.isIntegralNumber() || !value.canConvertToLong()) {
				this.problems.add("'" + field + "' must be an integer");
				return fallback;
			}
			return value.longValue();
		}

		Long seed(JsonNode node, String field) {
			JsonNode value = node.get(field);
			if (value == null || value.isNull()) {
				return null;
			}
			return integer(node, field, 0);
		}

	}

}
