package io.chorus.ensemble.aggregate;

import java.util.List;

import io.chorus.protocol.Tensor;

/**
 * {@code weighted-mean}: the element-wise mean weighted by member weight, renormalised over the members that
 * answered (divided by the sum of their weights). FP16/FP32 and FP64 keep their datatype; integer or mixed
 * datatypes give FP64.
 */
final class WeightedMeanAggregator implements Aggregator {

	static final String NAME = "weighted-mean";

	@Override
	public String name() {
		return NAME;
	}

	@Override
	public List<Tensor> aggregate(String output, List<MemberTensor> answers, AggregationOptions options) {
		return List.of(Elementwise.weightedMean(output, answers));
	}

}
