package io.chorus.bench;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardOpenOption;
import java.util.Map;

import tools.jackson.databind.json.JsonMapper;

/**
 * Appends one JSON object per line to {@code runs.jsonl}, flushed at once so a crashed run keeps its rows.
 */
final class Results {

	private final JsonMapper json = JsonMapper.builder().build();

	private final Path file;

	Results(Path file) throws IOException {
		this.file = file;
		Files.createDirectories(file.getParent());
	}

	synchronized void write(Map<String, Object> row) throws IOException {
		// NaN (a figure that could not be read, such as the heap of a process that is not a JVM) becomes null.
		row.replaceAll((k, v) -> (v instanceof Double d && (d.isNaN() || d.isInfinite())) ? null : v);
		Files.writeString(this.file, this.json.writeValueAsString(row) + "\n", StandardOpenOption.CREATE,
				StandardOpenOption.APPEND);
	}

}
