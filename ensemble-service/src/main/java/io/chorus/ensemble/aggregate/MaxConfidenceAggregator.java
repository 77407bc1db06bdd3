package io.chorus.ensemble.aggregate;

import java.util.List;

import io.chorus.protocol.Tensor;

/**
 * {@code max-confidence}: per row, the member whose row holds the highest value wins and its row is passed
 * through, with that row's argmax as the label.
 *
 * <p>Ties go to the member with the lowest declaration {@code order}. Emits the winning rows under
 * {@code output} with the input shape (a datatype shared by all answers is kept; mixed datatypes give FP64),
 * and an INT64 {@code [batch]} tensor named by {@link AggregationOptions#labelOutput()}, whose argmax ties go
 * to the lowest class index. For a one-column probability output a row's confidence is {@code max(p, 1 - p)}
 * and its label 1 when p reaches the threshold.
 */
final class MaxConfidenceAggregator implements Aggregator {

	static final String NAME = "max-confidence";

	@Override
	public String name() {
		return NAME;
	}

	@Override
	public List<Tensor> aggregate(String output, List<MemberTensor> answers, AggregationOptions options) {
		Tensor first = answers.get(0).tensor();
		int rows = first.rows();
		int width = first.rowWidth();
		int[] winners = new int[rows];
		long[] labels = new long[rows];
		for (int row = 0; row < rows; row++) {
			int best = -1;
			double bestMax = Double.NEGATIVE_INFINITY;
			for (int m = 0; m < answers.size(); m++) {
				double max = Agreement.confidence(answers.get(m).tensor(), row);
				boolean earlier = best >= 0 && answers.get(m).order() < answers.get(best).order();
				if (best < 0 || max > bestMax || (max == bestMax && earlier)) {
					best = m;
					bestMax = max;
				}
			}
			winners[row] = best;
			labels[row] = Agreement.label(answers.get(best).tensor(), row, options.threshold());
		}
		Tensor chosen = Elementwise.pick(output, answers, (i) -> winners[i / width]);
		return List.of(chosen, Tensor.int64(options.labelOutput(), new long[] { rows }, labels));
	}

}
