package io.chorus.ensemble.aggregate;

import java.util.List;

import io.chorus.protocol.Tensor;
import io.chorus.protocol.TensorData;

/**
 * Per-row class labels of member answers, and how far the members agree with the ensemble's labels.
 *
 * <p>The label of a row is the index of its largest value (the lowest index on a tie) when rows hold several
 * values, as {@code [batch, classes]} scores or probabilities do. When rows hold a single value, as
 * {@code [batch]} or {@code [batch, 1]} tensors do, that value is the label itself; it must then be a whole
 * number (an integer datatype, or a floating-point whole number such as {@code 2.0}).
 */
public final class Agreement {

	private Agreement() {
	}

	/**
	 * The mean over rows of the fraction of members whose label for the row equals the ensemble's label.
	 * @param answers the members' answers, all with as many rows as {@code ensembleLabels}
	 * @param ensembleLabels the ensemble's labels, one per row
	 * @return the agreement between 0 and 1, or 1 when there are no rows
	 * @throws IllegalArgumentException when there are no answers or the row counts differ
	 */
	public static double of(List<MemberTensor> answers, Tensor ensembleLabels) {
		if (answers.isEmpty()) {
			throw new IllegalArgumentException("agreement needs at least one answer");
		}
		long[] ensemble = labels(ensembleLabels);
		int[] agreeing = new int[ensemble.length];
		for (MemberTensor answer : answers) {
			long[] member = labels(answer.tensor());
			if (member.length != ensemble.length) {
				throw new IllegalArgumentException("member '" + answer.member() + "' has " + member.length
						+ " rows but the ensemble labels have " + ensemble.length);
			}
			for (int row = 0; row < ensemble.length; row++) {
				if (member[row] == ensemble[row]) {
					agreeing[row]++;
				}
			}
		}
		if (ensemble.length == 0) {
			return 1.0;
		}
		double sum = 0;
		for (int count : agreeing) {
			sum += (double) count / answers.size();
		}
		return sum / ensemble.length;
	}

	/**
	 * The label of each row of a tensor: the argmax of the row, or the row's value when it holds one value.
	 * @param tensor scores, probabilities or labels, batched along the first dimension
	 * @return one label per row
	 * @throws IllegalArgumentException when rows are empty or a single-value row is not a whole number
	 */
	public static long[] labels(Tensor tensor) {
		int rows = tensor.rows();
		long[] labels = new long[rows];
		if (rows > 0 && tensor.rowWidth() == 1) {
			TensorData data = tensor.data();
			for (int row = 0; row < rows; row++) {
				labels[row] = (data instanceof TensorData.Longs longs) ? longs.values()[row] : wholeNumber(tensor, row);
			}
			return labels;
		}
		for (int row = 0; row < rows; row++) {
			labels[row] = argmax(tensor, row);
		}
		return labels;
	}

	/**
	 * The index of the largest value in one row, the lowest index on a tie.
	 */
	static int argmax(Tensor tensor, int row) {
		int width = tensor.rowWidth();
		if (width == 0) {
			throw new IllegalArgumentException("tensor '" + tensor.name() + "' has empty rows, so no label");
		}
		TensorData data = tensor.data();
		int from = row * width;
		int best = 0;
		double bestValue = data.doubleAt(from);
		for (int k = 1; k < width; k++) {
			double value = data.doubleAt(from + k);
			if (value > bestValue) {
				best = k;
				bestValue = value;
			}
		}
		return best;
	}

	private static long wholeNumber(Tensor tensor, int row) {
		double value = tensor.data().doubleAt(row);
		if (value != Math.rint(value) || Math.abs(value) > (1L << 53)) {
			throw new IllegalArgumentException("tensor '" + tensor.name() + "' holds " + value + " in row " + row
					+ ", which is not a class label");
		}
		return (long) value;
	}

}
