package io.chorus.ensemble.aggregate;

import java.util.List;

import io.chorus.protocol.DataType;
import io.chorus.protocol.Tensor;
import org.junit.jupiter.api.Test;

import static io.chorus.ensemble.aggregate.Members.OPTIONS;
import static io.chorus.ensemble.aggregate.Members.fp32;
import static io.chorus.ensemble.aggregate.Members.fp64;
import static io.chorus.ensemble.aggregate.Members.int64;
import static io.chorus.ensemble.aggregate.Members.member;
import static org.assertj.core.api.Assertions.assertThat;

class MeanAggregatorTests {

	private final Aggregator aggregator = new MeanAggregator();

	@Test
	void isNamedMean() {
		assertThat(this.aggregator.name()).isEqualTo("mean");
	}

	@Test
	void averagesFp32ElementWiseAcrossRowsAndKeepsFp32() {
		List<Tensor> result = this.aggregator.aggregate("out",
				List.of(member(0, 5.0, fp32(2, 2, 1, 2, 3, 4)), member(1, fp32(2, 2, 3, 4, 5, 6)),
						member(2, fp32(2, 2, 2, 0, 1, 2))),
				OPTIONS);
		assertThat(result).containsExactly(Tensor.fp32("out", new long[] { 2, 2 }, new float[] { 2, 2, 3, 4 }));
	}

	@Test
	void averagesFp64AndKeepsFp64() {
		List<Tensor> result = this.aggregator.aggregate("out",
				List.of(member(0, fp64(3, 1, 0.5, 1.0, -2.0)), member(1, fp64(3, 1, 1.5, 2.0, 4.0))), OPTIONS);
		assertThat(result).containsExactly(Tensor.fp64("out", new long[] { 3, 1 }, new double[] { 1.0, 1.5, 1.0 }));
	}

	@Test
	void turnsIntegersIntoFp64() {
		List<Tensor> result = this.aggregator.aggregate("out",
				List.of(member(0, int64(2, 1, 1, 2)), member(1, int64(2, 1, 2, 2))), OPTIONS);
		assertThat(result).containsExactly(Tensor.fp64("out", new long[] { 2, 1 }, new double[] { 1.5, 2.0 }));
	}

	@Test
	void turnsMixedDatatypesIntoFp64() {
		Tensor result = this.aggregator
			.aggregate("out", List.of(member(0, fp32(1, 2, 1, 2)), member(1, fp64(1, 2, 2, 3))), OPTIONS)
			.get(0);
		assertThat(result.datatype()).isEqualTo(DataType.FP64);
		assertThat(result.data().doubleAt(0)).isEqualTo(1.5);
		assertThat(result.data().doubleAt(1)).isEqualTo(2.5);
	}

	@Test
	void returnsIdenticalAnswersExactlyDespiteRounding() {
		Tensor answer = fp64(1, 1, 0.1);
		Tensor result = this.aggregator
			.aggregate("scores", List.of(member(0, answer), member(1, answer), member(2, answer)), OPTIONS)
			.get(0);
		assertThat(result).isEqualTo(answer);
	}

}
