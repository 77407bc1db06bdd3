package io.chorus.weights.data;

import java.util.List;

/**
 * A labelled data set: one row of model inputs per example and its target, a class index for classification or a
 * number for regression.
 *
 * @param inputColumns the input column names, in the order they are sent to the members
 * @param inputs one row of inputs per example
 * @param targetColumn the name of the label or target column
 * @param targets each example's class index (classification) or target value (regression)
 */
public record Dataset(List<String> inputColumns, double[][] inputs, String targetColumn, double[] targets) {

	/** Copies the column list and checks that inputs and targets have one entry per example. */
	public Dataset {
		inputColumns = List.copyOf(inputColumns);
		if (inputs.length != targets.length) {
			throw new IllegalArgumentException(inputs.length + " input rows but " + targets.length + " targets");
		}
	}

	/**
	 * Reads a CSV file (with a header row) or a JSON lines file (one object per line), chosen by the file name
	 * ({@code .jsonl}, {@code .ndjson} or {@code .json} for JSON lines, anything else CSV).
	 * @param spec the file and the columns to read
	 * @return the data set
	 * @throws IllegalArgumentException naming the file, line and problem
	 */
	public static Dataset read(DatasetSpec spec) {
		return DatasetReader.read(spec);
	}

	/**
	 * The number of examples.
	 * @return the row count
	 */
	public int size() {
		return this.targets.length;
	}

	/**
	 * The targets as class indices.
	 * @return one class index per example
	 */
	public int[] labels() {
		int[] labels = new int[this.targets.length];
		for (int i = 0; i < labels.length; i++) {
			labels[i] = (int) this.targets[i];
		}
		return labels;
	}

}
