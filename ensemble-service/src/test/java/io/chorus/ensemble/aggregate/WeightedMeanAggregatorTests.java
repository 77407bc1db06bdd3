package io.chorus.ensemble.aggregate;

import java.util.List;

import io.chorus.protocol.Tensor;
import org.junit.jupiter.api.Test;

import static io.chorus.ensemble.aggregate.Members.OPTIONS;
import static io.chorus.ensemble.aggregate.Members.fp32;
import static io.chorus.ensemble.aggregate.Members.fp64;
import static io.chorus.ensemble.aggregate.Members.int64;
import static io.chorus.ensemble.aggregate.Members.member;
import static org.assertj.core.api.Assertions.assertThat;

class WeightedMeanAggregatorTests {

	private final Aggregator aggregator = new WeightedMeanAggregator();

	@Test
	void isNamedWeightedMean() {
		assertThat(this.aggregator.name()).isEqualTo("weighted-mean");
	}

	@Test
	void weighsEachMemberFp64() {
		List<Tensor> result = this.aggregator.aggregate("out",
				List.of(member(0, 1.0, fp64(2, 2, 1, 2, 3, 4)), member(1, 3.0, fp64(2, 2, 5, 6, 7, 8))), OPTIONS);
		assertThat(result).containsExactly(Tensor.fp64("out", new long[] { 2, 2 }, new double[] { 4, 5, 6, 7 }));
	}

	@Test
	void weightedMeanRenormalisesOverAnsweringMembers() {
		// Declared weights 2, 1, 6; the member with order 1 did not answer, so the weights sum to 8.
		List<Tensor> result = this.aggregator.aggregate("out",
				List.of(member(0, 2.0, fp32(2, 1, 1, 2)), member(2, 6.0, fp32(2, 1, 5, 6))), OPTIONS);
		assertThat(result).containsExactly(Tensor.fp32("out", new long[] { 2, 1 }, new float[] { 4, 5 }));
	}

	@Test
	void turnsIntegersIntoFp64() {
		List<Tensor> result = this.aggregator.aggregate("out",
				List.of(member(0, 1.0, int64(1, 2, 0, 4)), member(1, 3.0, int64(1, 2, 1, 0))), OPTIONS);
		assertThat(result).containsExactly(Tensor.fp64("out", new long[] { 1, 2 }, new double[] { 0.75, 1.0 }));
	}

}
