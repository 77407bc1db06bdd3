package io.chorus.ensemble.aggregate;

import io.chorus.protocol.Tensor;

/**
 * Builds member answers for aggregator tests.
 */
final class Members {

	static final AggregationOptions OPTIONS = new AggregationOptions(null);

	private Members() {
	}

	static MemberTensor member(int order, double weight, Tensor tensor) {
		return new MemberTensor("m" + order, order, weight, tensor);
	}

	static MemberTensor member(int order, Tensor tensor) {
		return member(order, 1.0, tensor);
	}

	static Tensor fp32(long rows, long width, float... values) {
		return Tensor.fp32("scores", new long[] { rows, width }, values);
	}

	static Tensor fp64(long rows, long width, double... values) {
		return Tensor.fp64("scores", new long[] { rows, width }, values);
	}

	static Tensor int64(long rows, long width, long... values) {
		return Tensor.int64("scores", new long[] { rows, width }, values);
	}

	static Tensor labels(long... values) {
		return Tensor.int64("label", new long[] { values.length }, values);
	}

}
