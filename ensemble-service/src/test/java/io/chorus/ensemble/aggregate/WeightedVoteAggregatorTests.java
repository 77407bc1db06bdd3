package io.chorus.ensemble.aggregate;

import java.util.List;

import io.chorus.protocol.Tensor;
import org.junit.jupiter.api.Test;

import static io.chorus.ensemble.aggregate.Members.OPTIONS;
import static io.chorus.ensemble.aggregate.Members.fp64;
import static io.chorus.ensemble.aggregate.Members.labels;
import static io.chorus.ensemble.aggregate.Members.member;
import static org.assertj.core.api.Assertions.assertThat;

class WeightedVoteAggregatorTests {

	private final Aggregator aggregator = new WeightedVoteAggregator();

	@Test
	void isNamedWeightedVote() {
		assertThat(this.aggregator.name()).isEqualTo("weighted-vote");
	}

	@Test
	void heavierLabelBeatsMoreVotes() {
		List<MemberTensor> answers = List.of(member(0, 1.0, labels(0, 4)), member(1, 1.0, labels(0, 4)),
				member(2, 3.0, labels(1, 2)));
		assertThat(this.aggregator.aggregate("label", answers, OPTIONS)).containsExactly(labels(1, 2));
		assertThat(new MajorityVoteAggregator().aggregate("label", answers, OPTIONS)).containsExactly(labels(0, 4));
	}

	@Test
	void votesForEachRowsArgmaxOfScores() {
		List<MemberTensor> answers = List.of(member(0, 1.0, fp64(2, 2, 0.9, 0.1, 0.4, 0.6)),
				member(1, 2.5, fp64(2, 2, 0.3, 0.7, 0.8, 0.2)));
		assertThat(this.aggregator.aggregate("scores", answers, new AggregationOptions("class")))
			.containsExactly(Tensor.int64("class", new long[] { 2 }, new long[] { 1, 0 }));
	}

	@Test
	void breaksAWeightTieByVoteCount() {
		List<MemberTensor> answers = List.of(member(0, 2.0, labels(0)), member(1, 1.0, labels(1)),
				member(2, 1.0, labels(1)));
		assertThat(this.aggregator.aggregate("label", answers, OPTIONS)).containsExactly(labels(1));
	}

	@Test
	void breaksAWeightAndVoteTieByEarliestMemberOrder() {
		List<MemberTensor> answers = List.of(member(1, 1.0, labels(0, 5)), member(0, 1.0, labels(1, 6)));
		assertThat(this.aggregator.aggregate("label", answers, OPTIONS)).containsExactly(labels(1, 6));
		List<MemberTensor> swapped = List.of(member(0, 1.0, labels(0, 5)), member(1, 1.0, labels(1, 6)));
		assertThat(this.aggregator.aggregate("label", swapped, OPTIONS)).containsExactly(labels(0, 5));
	}

}
