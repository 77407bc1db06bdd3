package io.chorus.weights.data;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

import tools.jackson.databind.JsonNode;
import tools.jackson.databind.json.JsonMapper;

/**
 * Reads CSV (a header row, comma-separated, no quoting) and JSON lines (one flat object per line; an input
 * column may hold an array of numbers, which is spread into as many inputs).
 */
final class DatasetReader {

	private static final JsonMapper JSON = JsonMapper.builder().build();

	private DatasetReader() {
	}

	static Dataset read(DatasetSpec spec) {
		List<String> lines;
		try {
			lines = Files.readAllLines(spec.file(), StandardCharsets.UTF_8);
		}
		catch (IOException ex) {
			throw new UncheckedIOException("cannot read " + spec.file(), ex);
		}
		String name = spec.file().getFileName().toString();
		List<Map<String, Object>> records = (name.endsWith(".jsonl") || name.endsWith(".ndjson") || name.endsWith(".json"))
				? jsonLines(spec, lines) : csv(spec, lines);
		if (records.isEmpty()) {
			throw new IllegalArgumentException(spec.file() + " has no rows");
		}
		List<String> inputColumns = spec.inputColumns().isEmpty()
				? records.get(0).keySet().stream().filter((c) -> !c.equals(spec.targetColumn())).toList()
				: spec.inputColumns();
		double[][] inputs = new double[records.size()][];
		double[] targets = new double[records.size()];
		for (int row = 0; row < records.size(); row++) {
			Map<String, Object> record = records.get(row);
			String where = spec.file() + " row " + (row + 1);
			List<Double> values = new ArrayList<>();
			for (String column : inputColumns) {
				Object cell = required(record, column, where);
				if (cell instanceof double[] array) {
					Arrays.stream(array).forEach(values::add);
				}
				else {
					values.add(number(cell, column, where));
				}
			}
			inputs[row] = values.stream().mapToDouble(Double::doubleValue).toArray();
			targets[row] = target(required(record, spec.targetColumn(), where), spec, where);
		}
		return new Dataset(inputColumns, inputs, spec.targetColumn(), targets);
	}

	private static List<Map<String, Object>> csv(DatasetSpec spec, List<String> lines) {
		List<Map<String, Object>> records = new ArrayList<>();
		String[] header = lines.get(0).split(",", -1);
		for (int i = 1; i < lines.size(); i++) {
			if (lines.get(i).isBlank()) {
				continue;
			}
			String[] cells = lines.get(i).split(",", -1);
			if (cells.length != header.length) {
				throw new IllegalArgumentException(spec.file() + " line " + (i + 1) + ": " + cells.length
						+ " cells but the header has " + header.length);
			}
			Map<String, Object> record = new LinkedHashMap<>();
			for (int c = 0; c < header.length; c++) {
				record.put(header[c].trim(), cells[c].trim());
			}
			records.add(record);
		}
		return records;
	}

	private static List<Map<String, Object>> jsonLines(DatasetSpec spec, List<String> lines) {
		List<Map<String, Object>> records = new ArrayList<>();
		for (int i = 0; i < lines.size(); i++) {
			if (lines.get(i).isBlank()) {
				continue;
			}
			JsonNode node = JSON.readTree(lines.get(i));
			Map<String, Object> record = new LinkedHashMap<>();
			for (String key : node.propertyNames()) {
				JsonNode value = node.get(key);
				if (value.isArray()) {
					double[] array = new double[value.size()];
					for (int j = 0; j < array.length; j++) {
						array[j] = value.get(j).asDouble();
					}
					record.put(key, array);
				}
				else {
					record.put(key, value.asString());
				}
			}
			records.add(record);
		}
		return records;
	}

	private static Object required(Map<String, Object> record, String column, String where) {
		Object cell = record.get(column);
		if (cell == null) {
			throw new IllegalArgumentException(where + ": no column '" + column + "' (columns: " + record.keySet() + ")");
		}
		return cell;
	}

	private static double number(Object cell, String column, String where) {
		try {
			return Double.parseDouble(String.valueOf(cell));
		}
		catch (NumberFormatException ex) {
			throw new IllegalArgumentException(where + ": column '" + column + "' is not a number: " + cell);
		}
	}

	private static double target(Object cell, DatasetSpec spec, String where) {
		if (!spec.classes().isEmpty()) {
			int index = spec.classes().indexOf(String.valueOf(cell));
			if (index >= 0) {
				return index;
			}
		}
		return number(cell, spec.targetColumn(), where);
	}

}
