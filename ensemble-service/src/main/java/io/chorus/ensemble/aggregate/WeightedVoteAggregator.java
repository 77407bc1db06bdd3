package io.chorus.ensemble.aggregate;

import java.util.List;

import io.chorus.protocol.Tensor;

/**
 * {@code weighted-vote}: each member votes per row for its label (see {@link Agreement#labels}) with its
 * weight, and the label with the highest total weight wins.
 *
 * <p>Weight sums within a relative 1e-9 count as tied. Ties go to the label with more votes, then to the label
 * voted for by the member with the lowest declaration {@code order}. Emits one INT64 {@code [batch]} tensor
 * named by {@link AggregationOptions#labelOutput()}.
 */
final class WeightedVoteAggregator implements Aggregator {

	static final String NAME = "weighted-vote";

	@Override
	public String name() {
		return NAME;
	}

	@Override
	public List<Tensor> aggregate(String output, List<MemberTensor> answers, AggregationOptions options) {
		return List.of(VoteTally.winners(options, answers,
				VoteTally.MORE_WEIGHT.thenComparing(VoteTally.MORE_VOTES)));
	}

}
