package io.chorus.protocol;

import org.junit.jupiter.api.Test;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatExceptionOfType;
import static org.assertj.core.api.Assertions.assertThatIllegalArgumentException;

class TensorTests {

	@Test
	void rowsAndRowWidthFollowTheFirstDimension() {
		Tensor tensor = Tensor.fp32("x", new long[] { 2, 3, 2 }, new float[12]);
		assertThat(tensor.rows()).isEqualTo(2);
		assertThat(tensor.rowWidth()).isEqualTo(6);
		assertThat(tensor.rank()).isEqualTo(3);
		assertThat(tensor.dim(1)).isEqualTo(3);
	}

	@Test
	void aScalarIsOneRowOfOneValue() {
		Tensor scalar = Tensor.fp64("x", new long[0], new double[] { 4 });
		assertThat(scalar.rows()).isEqualTo(1);
		assertThat(scalar.rowWidth()).isEqualTo(1);
	}

	@Test
	void anEmptyBatchHasNoRows() {
		Tensor empty = Tensor.int64("x", new long[] { 0, 3 }, new long[0]);
		assertThat(empty.rows()).isZero();
		assertThat(empty.rowWidth()).isZero();
	}

	@Test
	void shapeIsCopiedInAndOut() {
		long[] shape = { 2 };
		Tensor tensor = Tensor.int64("x", shape, new long[] { 1, 2 });
		shape[0] = 5;
		tensor.shape()[0] = 7;
		assertThat(tensor.shape()).containsExactly(2);
	}

	@Test
	void rejectsAShapeThatDoesNotMatchTheData() {
		assertThatExceptionOfType(ProtocolException.class)
			.isThrownBy(() -> Tensor.fp32("x", new long[] { 2, 2 }, new float[3]))
			.withMessage("tensor 'x' has shape [2, 2] (4 elements) but 3 data elements");
	}

	@Test
	void rejectsAMissingName() {
		assertThatExceptionOfType(ProtocolException.class)
			.isThrownBy(() -> Tensor.fp32("", new long[] { 1 }, new float[1]))
			.withMessageContaining("missing 'name'");
	}

	@Test
	void rejectsStorageThatDoesNotMatchTheDatatype() {
		assertThatIllegalArgumentException()
			.isThrownBy(() -> Tensor.of("x", DataType.FP64, new long[] { 1 }, TensorData.of(new float[1])))
			.withMessageContaining("FP64");
	}

	@Test
	void equalityComparesContents() {
		assertThat(Tensor.fp32("x", new long[] { 2 }, new float[] { 1, 2 }))
			.isEqualTo(Tensor.fp32("x", new long[] { 2 }, new float[] { 1, 2 }))
			.hasSameHashCodeAs(Tensor.fp32("x", new long[] { 2 }, new float[] { 1, 2 }))
			.isNotEqualTo(Tensor.fp32("x", new long[] { 1, 2 }, new float[] { 1, 2 }))
			.isNotEqualTo(Tensor.fp64("x", new long[] { 2 }, new double[] { 1, 2 }));
	}

	@Test
	void booleansReadAsZeroOrOneAndStringsAreNotNumbers() {
		assertThat(TensorData.of(new boolean[] { true, false }).doubleAt(0)).isEqualTo(1.0);
		assertThat(TensorData.of(new boolean[] { true, false }).doubleAt(1)).isEqualTo(0.0);
		assertThatExceptionOfType(UnsupportedOperationException.class)
			.isThrownBy(() -> TensorData.of(new String[] { "a" }).doubleAt(0));
	}

	@Test
	void parsesDatatypeNamesIgnoringCase() {
		assertThat(DataType.parse("fp16")).isEqualTo(DataType.FP16);
		assertThatExceptionOfType(ProtocolException.class).isThrownBy(() -> DataType.parse("FP8"))
			.withMessage("unknown datatype 'FP8'");
	}

}
