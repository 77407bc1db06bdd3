package io.chorus.ensemble.aggregate;

import java.util.List;

import io.chorus.protocol.Tensor;
import io.chorus.protocol.TensorData;

/**
 * Per-row class labels of member answers, and how far the members agree with the ensemble's labels.
 *
 * <p>The label of a row is the index of its largest value (the lowest index on a tie) when rows hold several
 * values, as {@code [batch, classes]} scores or probabilities do. When rows hold a single value, as
 * {@code [batch]} or {@code [batch, 1]} tensors do: an integer is the label itself; a floating-point value
 * between 0 and 1 is a binary classifier's P(class 1), so the label is 1 when it reaches the threshold and 0
 * otherwise (which also reads 0.0 and 1.0 as the labels they are); a larger floating-point whole number such
 * as {@code 2.0} is a label too. Anything else is no label and is refused.
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
		return of(answers, ensembleLabels, AggregationOptions.DEFAULT_THRESHOLD);
	}

	/**
	 * The mean over rows of the fraction of members whose label for the row equals the ensemble's label.
	 * @param answers the members' answers, all with as many rows as {@code ensembleLabels}
	 * @param ensembleLabels the ensemble's labels, one per row
	 * @param threshold the decision threshold of one-column probabilities
	 * @return the agreement between 0 and 1, or 1 when there are no rows
	 * @throws IllegalArgumentException when there are no answers or the row counts differ
	 */
	public static double of(List<MemberTensor> answers, Tensor ensembleLabels, double threshold) {
		if (answers.isEmpty()) {
			throw new IllegalArgumentException("agreement needs at least one answer");
		}
		long[] ensemble = labels(ensembleLabels, threshold);
		int[] agreeing = new int[ensemble.length];
		for (MemberTensor answer : answers) {
			long[] member = labels(answer.tensor(), threshold);
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
		return labels(tensor, AggregationOptions.DEFAULT_THRESHOLD);
	}

	/**
	 * The label of each row of a tensor (see the class description).
	 * @param tensor scores, probabilities or labels, batched along the first dimension
	 * @param threshold the decision threshold of one-column probabilities
	 * @return one label per row
	 * @throws IllegalArgumentException when rows are empty or a single-value row is no label
	 */
	public static long[] labels(Tensor tensor, double threshold) {
		int rows = tensor.rows();
		long[] labels = new long[rows];
		for (int row = 0; row < rows; row++) {
			labels[row] = label(tensor, row, threshold);
		}
		return labels;
	}

	/**
	 * The label of one row: its argmax, or for a one-value row the value read as a label or a probability.
	 */
	static long label(Tensor tensor, int row, double threshold) {
		if (tensor.rowWidth() != 1) {
			return argmax(tensor, row);
		}
		TensorData data = tensor.data();
		if (data instanceof TensorData.Longs longs) {
			return longs.values()[row];
		}
		if (!tensor.datatype().isFloatingPoint()) {
			return wholeNumber(tensor, row);
		}
		double value = data.doubleAt(row);
		if (value >= 0 && value <= 1) {
			return (value >= threshold) ? 1 : 0;
		}
		return wholeNumber(tensor, row);
	}

	/**
	 * How confident one row is: its largest value, or for a one-value probability row the probability of
	 * the class it picks, {@code max(p, 1 - p)}.
	 */
	static double confidence(Tensor tensor, int row) {
		int width = tensor.rowWidth();
		TensorData data = tensor.data();
		int from = row * width;
		if (width == 1) {
			double value = data.doubleAt(from);
			return (value >= 0 && value <= 1) ? Math.max(value, 1 - value) : value;
		}
		double max = Double.NEGATIVE_INFINITY;
		for (int k = 0; k < width; k++) {
			max = Math.max(max, data.doubleAt(from + k));
		}
		return max;
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
					+ ", which is neither a class label nor a probability");
		}
		return (long) value;
	}

}
