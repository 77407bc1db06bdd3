package io.chorus.ensemble.aggregate;

import java.util.List;

import io.chorus.protocol.Tensor;

/**
 * {@code majority-vote}: each member votes once per row for its label (see {@link Agreement#labels}), and the
 * label with the most votes wins.
 *
 * <p>Ties go to the label whose voters' weights sum highest (sums within a relative 1e-9 count as equal), then
 * to the label voted for by the member with the lowest declaration {@code order}. Emits one INT64
 * {@code [batch]} tensor named by {@link AggregationOptions#labelOutput()}.
 */
final class MajorityVoteAggregator implements Aggregator {

	static final String NAME = "majority-vote";

	@Override
	public String name() {
		return NAME;
	}

	@Override
	public List<Tensor> aggregate(String output, List<MemberTensor> answers, AggregationOptions options) {
		return List.of(VoteTally.winners(options, answers,
				VoteTally.MORE_VOTES.thenComparing(VoteTally.MORE_WEIGHT)));
	}

}
