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

/** Tests of {@link MaxAggregator} and {@link MinAggregator}. */
class ExtremumAggregatorTests {

	private final List<MemberTensor> integers = List.of(member(0, int64(2, 2, 1, 7, -3, 4)),
			member(1, int64(2, 2, 5, 2, -1, 4)));

	@Test
	void areNamedMaxAndMin() {
		assertThat(new MaxAggregator().name()).isEqualTo("max");
		assertThat(new MinAggregator().name()).isEqualTo("min");
	}

	@Test
	void maxKeepsInt64() {
		assertThat(new MaxAggregator().aggregate("out", this.integers, OPTIONS))
			.containsExactly(Tensor.int64("out", new long[] { 2, 2 }, new long[] { 5, 7, -1, 4 }));
	}

	@Test
	void minKeepsInt64() {
		assertThat(new MinAggregator().aggregate("out", this.integers, OPTIONS))
			.containsExactly(Tensor.int64("out", new long[] { 2, 2 }, new long[] { 1, 2, -3, 4 }));
	}

	@Test
	void maxAndMinKeepFp32() {
		List<MemberTensor> answers = List.of(member(0, fp32(2, 1, 0.25f, -1)), member(1, fp32(2, 1, 0.5f, -2)),
				member(2, fp32(2, 1, 0.125f, -1.5f)));
		assertThat(new MaxAggregator().aggregate("out", answers, OPTIONS))
			.containsExactly(Tensor.fp32("out", new long[] { 2, 1 }, new float[] { 0.5f, -1 }));
		assertThat(new MinAggregator().aggregate("out", answers, OPTIONS))
			.containsExactly(Tensor.fp32("out", new long[] { 2, 1 }, new float[] { 0.125f, -2 }));
	}

	@Test
	void maxAndMinKeepFp64() {
		List<MemberTensor> answers = List.of(member(0, fp64(1, 3, 0.1, 0.9, 3)), member(1, fp64(1, 3, 0.3, 0.2, 3)));
		assertThat(new MaxAggregator().aggregate("out", answers, OPTIONS))
			.containsExactly(Tensor.fp64("out", new long[] { 1, 3 }, new double[] { 0.3, 0.9, 3 }));
		assertThat(new MinAggregator().aggregate("out", answers, OPTIONS))
			.containsExactly(Tensor.fp64("out", new long[] { 1, 3 }, new double[] { 0.1, 0.2, 3 }));
	}

	@Test
	void mixedDatatypesGiveFp64() {
		List<MemberTensor> answers = List.of(member(0, int64(1, 2, 1, 5)), member(1, fp64(1, 2, 1.5, 2)));
		assertThat(new MaxAggregator().aggregate("out", answers, OPTIONS))
			.containsExactly(Tensor.fp64("out", new long[] { 1, 2 }, new double[] { 1.5, 5 }));
	}

}
