package io.chorus.ensemble.aggregate;

import java.util.List;

import io.chorus.protocol.Tensor;

/**
 * {@code mean}: the unweighted element-wise mean of the answers. FP16/FP32 and FP64 keep their datatype;
 * integer or mixed datatypes give FP64.
 */
final class MeanAggregator implements Aggregator {

	static final String NAME = "mean";

	@Override
	public String name() {
		return NAME;
	}

	@Override
	public List<Tensor> aggregate(String output, List<MemberTensor> answers, AggregationOptions options) {
		return List.of(Elementwise.reduce(output, answers, (values, weights) -> {
			double sum = 0;
			for (double value : values) {
				sum += value;
			}
			return sum / values.length;
		}));
	}

}
