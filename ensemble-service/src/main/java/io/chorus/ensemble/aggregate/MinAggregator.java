package io.chorus.ensemble.aggregate;

import java.util.List;

import io.chorus.protocol.Tensor;

/**
 * {@code min}: the element-wise minimum of the answers. Each element is copied from the answer holding it, so
 * a datatype shared by all answers is kept (integers included); mixed datatypes give FP64.
 */
final class MinAggregator implements Aggregator {

	static final String NAME = "min";

	@Override
	public String name() {
		return NAME;
	}

	@Override
	public List<Tensor> aggregate(String output, List<MemberTensor> answers, AggregationOptions options) {
		return List.of(Elementwise.pick(output, answers, (i) -> {
			int best = 0;
			for (int m = 1; m < answers.size(); m++) {
				if (answers.get(m).tensor().data().doubleAt(i) < answers.get(best).tensor().data().doubleAt(i)) {
					best = m;
				}
			}
			return best;
		}));
	}

}
