package io.chorus.ensemble.aggregate;

import java.util.List;

import io.chorus.protocol.Tensor;
import org.junit.jupiter.api.Test;

import static io.chorus.ensemble.aggregate.Members.OPTIONS;
import static io.chorus.ensemble.aggregate.Members.fp32;
import static io.chorus.ensemble.aggregate.Members.labels;
import static io.chorus.ensemble.aggregate.Members.member;
import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatIllegalArgumentException;

class MajorityVoteAggregatorTests {

	private final Aggregator aggregator = new MajorityVoteAggregator();

	@Test
	void isNamedMajorityVote() {
		assertThat(this.aggregator.name()).isEqualTo("majority-vote");
	}

	@Test
	void votesForEachRowsArgmaxOfScores() {
		List<MemberTensor> answers = List.of(member(0, fp32(2, 3, 0.1f, 0.7f, 0.2f, 0.6f, 0.3f, 0.1f)),
				member(1, fp32(2, 3, 0.2f, 0.5f, 0.3f, 0.1f, 0.2f, 0.7f)),
				member(2, fp32(2, 3, 0.8f, 0.1f, 0.1f, 0.2f, 0.2f, 0.6f)));
		assertThat(this.aggregator.aggregate("probabilities", answers, new AggregationOptions("class")))
			.containsExactly(Tensor.int64("class", new long[] { 2 }, new long[] { 1, 2 }));
	}

	@Test
	void countsIntegerLabelTensorsByValue() {
		List<MemberTensor> answers = List.of(member(0, labels(3, 1)), member(1, labels(3, 2)),
				member(2, labels(4, 2)));
		assertThat(this.aggregator.aggregate("label", answers, OPTIONS)).containsExactly(labels(3, 2));
	}

	@Test
	void ignoresWeightWhenOneLabelHasMoreVotes() {
		List<MemberTensor> answers = List.of(member(0, 10.0, labels(5)), member(1, 1.0, labels(6)),
				member(2, 1.0, labels(6)));
		assertThat(this.aggregator.aggregate("label", answers, OPTIONS)).containsExactly(labels(6));
	}

	@Test
	void breaksAVoteTieByTotalWeight() {
		List<MemberTensor> answers = List.of(member(0, 1.0, labels(3, 3)), member(1, 2.0, labels(5, 5)),
				member(2, 1.5, labels(3, 7)), member(3, 1.0, labels(5, 7)));
		// Row 0: 3 has weight 2.5, 5 has 3.0. Row 1: 3 has 1.0, 5 has 2.0, 7 has 2.5.
		assertThat(this.aggregator.aggregate("label", answers, OPTIONS)).containsExactly(labels(5, 7));
	}

	@Test
	void breaksAVoteAndWeightTieByEarliestMemberOrder() {
		List<MemberTensor> answers = List.of(member(0, labels(7, 8)), member(1, labels(8, 7)),
				member(2, labels(8, 7)), member(3, labels(7, 8)));
		assertThat(this.aggregator.aggregate("label", answers, OPTIONS)).containsExactly(labels(7, 8));
	}

	@Test
	void breaksTiesByTheOrderFieldNotTheListPosition() {
		List<MemberTensor> answers = List.of(member(4, labels(3)), member(2, labels(5)));
		assertThat(this.aggregator.aggregate("label", answers, OPTIONS)).containsExactly(labels(5));
	}

	@Test
	void treatsWeightSumsEqualUpToRoundingAsTied() {
		// 0.1 + 0.2 is 0.30000000000000004 and 0.15 + 0.15 is 0.3: a tie, so the earliest voter decides.
		List<MemberTensor> answers = List.of(member(0, 0.15, labels(2)), member(1, 0.15, labels(2)),
				member(2, 0.1, labels(1)), member(3, 0.2, labels(1)));
		assertThat(this.aggregator.aggregate("label", answers, OPTIONS)).containsExactly(labels(2));
	}

	@Test
	void readsWholeNumbersInSingleColumnFloatTensorsAsLabels() {
		List<MemberTensor> answers = List.of(member(0, fp32(2, 1, 2, 0)), member(1, fp32(2, 1, 2, 1)),
				member(2, fp32(2, 1, 1, 1)));
		assertThat(this.aggregator.aggregate("label", answers, OPTIONS)).containsExactly(labels(2, 1));
	}

	@Test
	void rejectsFractionalValuesThatAreNeitherLabelsNorProbabilities() {
		List<MemberTensor> answers = List.of(member(0, fp32(1, 1, 1.7f)));
		assertThatIllegalArgumentException().isThrownBy(() -> this.aggregator.aggregate("label", answers, OPTIONS))
			.withMessageContaining("neither a class label nor a probability");
	}

	@Test
	void readsOneColumnProbabilitiesAsPClassOneAtTheThreshold() {
		// A binary classifier answering [N, 1] probabilities: 0.7 and 0.6 vote 1, 0.2 votes 0.
		List<MemberTensor> answers = List.of(member(0, fp32(2, 1, 0.7f, 0.2f)), member(1, fp32(2, 1, 0.6f, 0.1f)),
				member(2, fp32(2, 1, 0.2f, 0.9f)));
		assertThat(this.aggregator.aggregate("p", answers, OPTIONS).get(0).data().doubleAt(0)).isEqualTo(1);
		assertThat(this.aggregator.aggregate("p", answers, OPTIONS).get(0).data().doubleAt(1)).isEqualTo(0);
		assertThat(this.aggregator.aggregate("p", answers, new AggregationOptions(null, 0.65)).get(0).data().doubleAt(0))
			.as("with a threshold of 0.65 only 0.7 votes 1").isEqualTo(0);
	}

}
