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

class MaxConfidenceAggregatorTests {

	private final Aggregator aggregator = new MaxConfidenceAggregator();

	@Test
	void isNamedMaxConfidence() {
		assertThat(this.aggregator.name()).isEqualTo("max-confidence");
	}

	@Test
	void passesThroughTheMostConfidentMembersRowForEachRowFp32() {
		List<MemberTensor> answers = List.of(member(0, fp32(2, 2, 0.6f, 0.4f, 0.9f, 0.1f)),
				member(1, fp32(2, 2, 0.3f, 0.7f, 0.5f, 0.5f)));
		assertThat(this.aggregator.aggregate("probabilities", answers, new AggregationOptions("class")))
			.containsExactly(Tensor.fp32("probabilities", new long[] { 2, 2 }, new float[] { 0.3f, 0.7f, 0.9f, 0.1f }),
					Tensor.int64("class", new long[] { 2 }, new long[] { 1, 0 }));
	}

	@Test
	void breaksConfidenceTiesByEarliestMemberOrderFp64() {
		List<MemberTensor> answers = List.of(member(1, fp64(1, 2, 0.2, 0.8)), member(0, fp64(1, 2, 0.8, 0.2)));
		assertThat(this.aggregator.aggregate("probabilities", answers, OPTIONS)).containsExactly(
				Tensor.fp64("probabilities", new long[] { 1, 2 }, new double[] { 0.8, 0.2 }), labels(0));
	}

	@Test
	void judgesOneColumnProbabilitiesByTheConfidenceOfTheClassTheyPick() {
		// 0.1 is 90 % sure of class 0, more confident than 0.8 is of class 1.
		List<MemberTensor> answers = List.of(member(0, fp64(1, 1, 0.8)), member(1, fp64(1, 1, 0.1)));
		List<Tensor> result = this.aggregator.aggregate("p", answers, Members.OPTIONS);
		assertThat(result.get(0).data().doubleAt(0)).isEqualTo(0.1);
		assertThat(result.get(1)).isEqualTo(Members.labels(0));
	}

}
