package io.chorus.ensemble.aggregate;

import java.util.List;

import io.chorus.protocol.Tensor;
import org.junit.jupiter.api.Test;

import static io.chorus.ensemble.aggregate.Members.OPTIONS;
import static io.chorus.ensemble.aggregate.Members.fp32;
import static io.chorus.ensemble.aggregate.Members.fp64;
import static io.chorus.ensemble.aggregate.Members.labels;
import static io.chorus.ensemble.aggregate.Members.member;
import static org.assertj.core.api.Assertions.assertThat;

class SoftVoteAggregatorTests {

	private final Aggregator aggregator = new SoftVoteAggregator();

	@Test
	void isNamedSoftVote() {
		assertThat(this.aggregator.name()).isEqualTo("soft-vote");
	}

	@Test
	void averagesWeightedProbabilitiesAndLabelsTheArgmaxFp64() {
		List<MemberTensor> answers = List.of(member(0, 1.0, fp64(2, 2, 0.25, 0.75, 0.5, 0.5)),
				member(2, 3.0, fp64(2, 2, 0.5, 0.5, 1.0, 0.0)));
		assertThat(this.aggregator.aggregate("probabilities", answers, new AggregationOptions("class")))
			.containsExactly(Tensor.fp64("probabilities", new long[] { 2, 2 }, new double[] { 0.4375, 0.5625, 0.875, 0.125 }),
					Tensor.int64("class", new long[] { 2 }, new long[] { 1, 0 }));
	}

	@Test
	void keepsFp32AndBreaksArgmaxTiesTowardsTheLowestClass() {
		List<MemberTensor> answers = List.of(member(0, fp32(2, 3, 0.75f, 0.25f, 0, 0, 0.5f, 0.5f)),
				member(1, fp32(2, 3, 0.25f, 0.75f, 0, 0, 0.25f, 0.75f)));
		assertThat(this.aggregator.aggregate("probabilities", answers, OPTIONS)).containsExactly(
				Tensor.fp32("probabilities", new long[] { 2, 3 }, new float[] { 0.5f, 0.5f, 0, 0, 0.375f, 0.625f }),
				labels(0, 2));
	}

	@Test
	void labelsOneColumnProbabilitiesAsPClassOne() {
		// Binary classifiers answering [N, 1]: the label is 1 where the mean probability reaches 0.5, not always 0.
		List<MemberTensor> answers = List.of(member(0, fp64(3, 1, 0.9, 0.2, 0.5)), member(1, fp64(3, 1, 0.7, 0.4, 0.5)));
		assertThat(this.aggregator.aggregate("p", answers, OPTIONS).get(1)).isEqualTo(labels(1, 0, 1));
		List<MemberTensor> rankOne = List.of(member(0, Tensor.fp64("p", new long[] { 2 }, new double[] { 0.9, 0.1 })));
		assertThat(this.aggregator.aggregate("p", rankOne, OPTIONS).get(1)).isEqualTo(labels(1, 0));
		assertThat(Agreement.of(answers, labels(1, 0, 1))).isEqualTo(1.0);
	}

}
