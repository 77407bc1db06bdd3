package io.chorus.ensemble.aggregate;

import java.util.List;

import io.chorus.protocol.Tensor;

/**
 * {@code soft-vote}: the weighted mean of the members' probability rows (weights renormalised over the members
 * that answered), plus each row's argmax as the label.
 *
 * <p>Emits the mean under {@code output} with the input shape (FP16/FP32 and FP64 keep their datatype; integer
 * or mixed datatypes give FP64), and an INT64 {@code [batch]} tensor named by
 * {@link AggregationOptions#labelOutput()}, whose argmax ties go to the lowest class index. A one-column output
 * is a binary classifier's P(class 1): the label is 1 when the mean reaches the threshold.
 */
final class SoftVoteAggregator implements Aggregator {

	static final String NAME = "soft-vote";

	@Override
	public String name() {
		return NAME;
	}

	@Override
	public List<Tensor> aggregate(String output, List<MemberTensor> answers, AggregationOptions options) {
		Tensor mean = Elementwise.weightedMean(output, answers);
		long[] labels = new long[mean.rows()];
		for (int row = 0; row < labels.length; row++) {
			labels[row] = Agreement.label(mean, row, options.threshold());
		}
		return List.of(mean, Tensor.int64(options.labelOutput(), new long[] { labels.length }, labels));
	}

}
