package io.chorus.weights.data;

import java.nio.file.Path;
import java.util.List;

/**
 * Which file to read and which of its columns are inputs and target.
 *
 * @param file the CSV or JSON lines file
 * @param inputColumns the input columns, in the order the model expects them; empty means every column but the
 * target
 * @param targetColumn the label column (classification) or target column (regression)
 * @param classes for classification with class names in the label column, the names in the order of the
 * members' probability columns; empty when labels are class indices or for regression
 */
public record DatasetSpec(Path file, List<String> inputColumns, String targetColumn, List<String> classes) {

	/** Copies lists. */
	public DatasetSpec {
		inputColumns = List.copyOf(inputColumns);
		classes = List.copyOf(classes);
	}

}
