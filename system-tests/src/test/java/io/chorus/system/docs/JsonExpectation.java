package io.chorus.system.docs;

import java.math.BigDecimal;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;

import tools.jackson.core.JacksonException;
import tools.jackson.databind.DeserializationFeature;
import tools.jackson.databind.JsonNode;
import tools.jackson.databind.cfg.JsonNodeFeature;
import tools.jackson.databind.json.JsonMapper;

/**
 * Compares an answer with the JSON a page shows for it. Only what the page shows is checked: every field of a
 * documented object must be in the answer with a matching value, arrays match element by element, strings and
 * booleans exactly, and the string {@code "…"} stands for any value. A number matches when it is within
 * 1e-3 relative of the documented one, or within half a unit of the documented number's last decimal place
 * (so {@code 0.0042} stands for anything that rounds to it).
 */
final class JsonExpectation {

	private static final JsonMapper DOC_MAPPER = JsonMapper.builder()
		.enable(DeserializationFeature.USE_BIG_DECIMAL_FOR_FLOATS)
		.enable(JsonNodeFeature.USE_BIG_DECIMAL_FOR_FLOATS)
		.disable(JsonNodeFeature.STRIP_TRAILING_BIGDECIMAL_ZEROES)
		.build();

	static final String ANY = "…";

	private JsonExpectation() {
	}

	/**
	 * Lists every difference between the documented JSON and the actual answer.
	 * @param documented the JSON block from the page
	 * @param actual the answer's body
	 * @return one line per difference, naming its JSON path; empty when the answer matches
	 */
	static List<String> differences(String documented, String actual) {
		JsonNode expected;
		try {
			expected = DOC_MAPPER.readTree(documented);
		}
		catch (JacksonException ex) {
			return List.of("the documented JSON does not parse: " + ex.getOriginalMessage());
		}
		JsonNode answer;
		try {
			answer = DOC_MAPPER.readTree(actual);
		}
		catch (JacksonException ex) {
			return List.of("the answer is not JSON: " + actual);
		}
		List<String> differences = new ArrayList<>();
		compare("$", expected, answer, differences);
		return differences;
	}

	private static void compare(String path, JsonNode expected, JsonNode actual, List<String> differences) {
		if (expected.isString() && ANY.equals(expected.asString())) {
			return;
		}
		if (expected.isObject()) {
			if (!actual.isObject()) {
				differences.add(path + ": expected an object, got " + actual);
				return;
			}
			for (Map.Entry<String, JsonNode> field : expected.properties()) {
				JsonNode value = actual.get(field.getKey());
				if (value == null) {
					differences.add(path + "." + field.getKey() + ": missing from the answer");
				}
				else {
					compare(path + "." + field.getKey(), field.getValue(), value, differences);
				}
			}
		}
		else if (expected.isArray()) {
			if (!actual.isArray() || actual.size() != expected.size()) {
				differences.add(path + ": expected " + expected.size() + " elements " + expected + ", got " + actual);
				return;
			}
			for (int i = 0; i < expected.size(); i++) {
				compare(path + "[" + i + "]", expected.get(i), actual.get(i), differences);
			}
		}
		else if (expected.isNumber()) {
			if (!actual.isNumber() || !close(expected.decimalValue(), actual.decimalValue())) {
				differences.add(path + ": expected " + expected + ", got " + actual);
			}
		}
		else if (!expected.equals(actual)) {
			differences.add(path + ": expected " + expected + ", got " + actual);
		}
	}

	private static boolean close(BigDecimal documented, BigDecimal actual) {
		double difference = documented.subtract(actual).abs().doubleValue();
		double relative = 1e-3 * documented.abs().doubleValue();
		double rounding = (documented.scale() > 0) ? 0.5 * Math.pow(10, -documented.scale()) : 0;
		return difference <= Math.max(relative, rounding);
	}

}
