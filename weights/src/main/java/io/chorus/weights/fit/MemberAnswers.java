package io.chorus.weights.fit;

import java.util.List;

/**
 * Every member's answer for every example: for member {@code m}, {@code values().get(m)} holds {@code rows × width}
 * numbers, row-major (a probability row per example for a classifier, one number for a regression).
 *
 * @param members the member names
 * @param rows the number of examples
 * @param width the numbers per example
 * @param values one flat array per member, in member order
 */
public record MemberAnswers(List<String> members, int rows, int width, List<double[]> values) {

	/** Copies lists and checks every member answered every row. */
	public MemberAnswers {
		members = List.copyOf(members);
		values = List.copyOf(values);
		if (members.size() != values.size()) {
			throw new IllegalArgumentException(members.size() + " members but " + values.size() + " answer arrays");
		}
		for (int m = 0; m < values.size(); m++) {
			if (values.get(m).length != rows * width) {
				throw new IllegalArgumentException("member " + members.get(m) + " has " + values.get(m).length
						+ " numbers, expected " + rows + " x " + width);
			}
		}
	}

	/**
	 * The number of members.
	 * @return the member count
	 */
	public int memberCount() {
		return this.members.size();
	}

	/**
	 * One number of one member's answer.
	 * @param member the member index
	 * @param row the example
	 * @param column the position within the example's answer
	 * @return the value
	 */
	public double value(int member, int row, int column) {
		return this.values.get(member)[row * this.width + column];
	}

	/**
	 * The ensemble's answer for some rows: each number is the weighted mean of the members' numbers, divided by the
	 * sum of the weights, as ensemble-service's {@code soft-vote} and {@code weighted-mean} compute it.
	 * @param weights one non-negative weight per member, not all zero
	 * @param rows the examples to combine
	 * @return {@code rows.length × width} numbers, row-major, in the order of {@code rows}
	 */
	public double[] combine(double[] weights, int[] rows) {
		double total = 0;
		for (double weight : weights) {
			total += weight;
		}
		double[] combined = new double[rows.length * this.width];
		for (int m = 0; m < weights.length; m++) {
			if (weights[m] == 0) {
				continue;
			}
			double share = weights[m] / total;
			double[] member = this.values.get(m);
			for (int k = 0; k < rows.length; k++) {
				for (int c = 0; c < this.width; c++) {
					combined[k * this.width + c] += share * member[rows[k] * this.width + c];
				}
			}
		}
		return combined;
	}

}
