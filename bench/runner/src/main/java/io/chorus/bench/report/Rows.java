package io.chorus.bench.report;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.function.Predicate;
import java.util.function.ToDoubleFunction;

import tools.jackson.databind.JsonNode;
import tools.jackson.databind.json.JsonMapper;

/**
 * The rows of {@code runs.jsonl}, with the few statistics the report needs.
 */
final class Rows {

	private final List<JsonNode> rows;

	private Rows(List<JsonNode> rows) {
		this.rows = rows;
	}

	static Rows read(Path file) throws IOException {
		JsonMapper json = JsonMapper.builder().build();
		List<JsonNode> rows = new ArrayList<>();
		for (String line : Files.readAllLines(file)) {
			if (!line.isBlank()) {
				rows.add(json.readTree(line));
			}
		}
		return new Rows(rows);
	}

	JsonNode meta() {
		return this.rows.stream().filter((r) -> "meta".equals(r.path("kind").asString())).findFirst().orElseThrow();
	}

	List<JsonNode> select(String kind, String scenario, String system, Double level) {
		Predicate<JsonNode> p = (r) -> kind.equals(r.path("kind").asString())
				&& (scenario == null || scenario.equals(r.path("scenario").asString()))
				&& (system == null || system.equals(r.path("system").asString()))
				&& (level == null || Math.abs(level - r.path("level").asDouble()) < 1e-9);
		return this.rows.stream().filter(p).toList();
	}

	static double[] values(List<JsonNode> rows, String field) {
		return rows.stream().filter((r) -> r.hasNonNull(field)).mapToDouble((r) -> r.path(field).asDouble()).toArray();
	}

	static double[] values(List<JsonNode> rows, ToDoubleFunction<JsonNode> f) {
		return rows.stream().mapToDouble(f).toArray();
	}

	static double median(double[] v) {
		if (v.length == 0) {
			return Double.NaN;
		}
		double[] s = v.clone();
		Arrays.sort(s);
		return (s.length % 2 == 1) ? s[s.length / 2] : (s[s.length / 2 - 1] + s[s.length / 2]) / 2;
	}

	static double min(double[] v) {
		return Arrays.stream(v).min().orElse(Double.NaN);
	}

	static double max(double[] v) {
		return Arrays.stream(v).max().orElse(Double.NaN);
	}

	static double sum(List<JsonNode> rows, String field) {
		return rows.stream().mapToDouble((r) -> r.path(field).asDouble()).sum();
	}

}
