package io.chorus.ensemble.aggregate;

import java.util.List;

import io.chorus.protocol.Tensor;

/**
 * {@code first-success}: passes the first answer's tensor through unchanged; the fan-out has already cancelled
 * the other members.
 */
final class FirstSuccessAggregator implements Aggregator {

	static final String NAME = "first-success";

	@Override
	public String name() {
		return NAME;
	}

	@Override
	public List<Tensor> aggregate(String output, List<MemberTensor> answers, AggregationOptions options) {
		return List.of(answers.get(0).tensor());
	}

}
