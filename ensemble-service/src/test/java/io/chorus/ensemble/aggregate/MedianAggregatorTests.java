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

class MedianAggregatorTests {

	private final Aggregator aggregator = new MedianAggregator();

	@Test
	void isNamedMedian() {
		assertThat(this.aggregator.name()).isEqualTo("median");
	}

	@Test
	void takesTheMiddleValueOfAnOddCountFp32() {
		List<Tensor> result = this.aggregator.aggregate("out", List.of(member(0, fp32(2, 1, 1, -4)),
				member(1, fp32(2, 1, 9, 8)), member(2, fp32(2, 1, 5, 0))), OPTIONS);
		assertThat(result).containsExactly(Tensor.fp32("out", new long[] { 2, 1 }, new float[] { 5, 0 }));
	}

	@Test
	void averagesTheTwoMiddleValuesOfAnEvenCountFp64() {
		List<Tensor> result = this.aggregator.aggregate("out", List.of(member(0, fp64(1, 2, 1, 10)),
				member(1, fp64(1, 2, 9, 20)), member(2, fp64(1, 2, 5, 40)), member(3, fp64(1, 2, 3, 30))), OPTIONS);
		assertThat(result).containsExactly(Tensor.fp64("out", new long[] { 1, 2 }, new double[] { 4, 25 }));
	}

	@Test
	void turnsIntegersIntoFp64() {
		List<Tensor> result = this.aggregator.aggregate("out",
				List.of(member(0, int64(1, 1, 1)), member(1, int64(1, 1, 2))), OPTIONS);
		assertThat(result).containsExactly(Tensor.fp64("out", new long[] { 1, 1 }, new double[] { 1.5 }));
	}

}
