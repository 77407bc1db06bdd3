package io.chorus.ensemble.aggregate;

import java.util.Arrays;
import java.util.List;

import io.chorus.protocol.Tensor;

/**
 * {@code median}: the element-wise median of the answers, the mean of the two middle values for an even count.
 * FP16/FP32 and FP64 keep their datatype; integer or mixed datatypes give FP64.
 */
final class MedianAggregator implements Aggregator {

	static final String NAME = "median";

	@Override
	public String name() {
		return NAME;
	}

	@Override
	public List<Tensor> aggregate(String output, List<MemberTensor> answers, AggregationOptions options) {
		return List.of(Elementwise.reduce(output, answers, (values, weights) -> {
			Arrays.sort(values);
			int middle = values.length / 2;
			if (values.length % 2 == 1) {
				return values[middle];
			}
			double low = values[middle - 1];
			double high = values[middle];
			double sum = low + high;
			return Double.isInfinite(sum) ? low / 2 + high / 2 : sum / 2;
		}));
	}

}
