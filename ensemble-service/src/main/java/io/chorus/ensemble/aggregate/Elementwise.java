package io.chorus.ensemble.aggregate;

import java.util.List;
import java.util.function.IntUnaryOperator;

import io.chorus.protocol.DataType;
import io.chorus.protocol.Tensor;
import io.chorus.protocol.TensorData;

/**
 * Element-wise building blocks shared by the built-in strategies.
 *
 * <p>Because every answer has the same shape, combining flat element {@code i} of each answer is the same as
 * combining row by row. Datatype rules: when every answer has the same FP16/FP32 or FP64 datatype it is kept;
 * integer answers, and answers of mixed datatypes, give FP64 for computed values. {@link #pick} copies chosen
 * elements, so it keeps any shared datatype, integers included.
 */
final class Elementwise {

	/** Combines one element across members. */
	interface Reduction {

		/**
		 * Combines the members' values of one element.
		 * @param values each member's value, in answer order; the reduction may reorder it
		 * @param weights each member's weight, in answer order
		 * @return the combined value
		 */
		double reduce(double[] values, double[] weights);

	}

	private Elementwise() {
	}

	/**
	 * Reduces each element across the answers, in double precision, clamping the result to the range of the
	 * inputs (which removes only rounding error, so identical answers give back exactly their value).
	 */
	static Tensor reduce(String output, List<MemberTensor> answers, Reduction reduction) {
		Tensor first = answers.get(0).tensor();
		int members = answers.size();
		TensorData[] data = data(answers);
		double[] weights = new double[members];
		for (int m = 0; m < members; m++) {
			weights[m] = answers.get(m).weight();
		}
		double[] values = new double[members];
		double[] result = new double[first.data().size()];
		for (int i = 0; i < result.length; i++) {
			double min = Double.POSITIVE_INFINITY;
			double max = Double.NEGATIVE_INFINITY;
			for (int m = 0; m < members; m++) {
				values[m] = data[m].doubleAt(i);
				min = Math.min(min, values[m]);
				max = Math.max(max, values[m]);
			}
			result[i] = Math.max(min, Math.min(max, reduction.reduce(values, weights)));
		}
		return computed(output, commonDatatype(answers), first.shape(), result);
	}

	/**
	 * The weighted mean of each element, with weights renormalised over the answers present.
	 */
	static Tensor weightedMean(String output, List<MemberTensor> answers) {
		return reduce(output, answers, (values, weights) -> {
			double sum = 0;
			double total = 0;
			for (int m = 0; m < values.length; m++) {
				sum += weights[m] * values[m];
				total += weights[m];
			}
			return sum / total;
		});
	}

	/**
	 * Builds a tensor whose element {@code i} is copied from answer {@code memberAt(i)}.
	 */
	static Tensor pick(String output, List<MemberTensor> answers, IntUnaryOperator memberAt) {
		Tensor first = answers.get(0).tensor();
		DataType datatype = commonDatatype(answers);
		TensorData[] data = data(answers);
		int size = first.data().size();
		if (datatype == null) {
			double[] values = new double[size];
			for (int i = 0; i < size; i++) {
				values[i] = data[memberAt.applyAsInt(i)].doubleAt(i);
			}
			return Tensor.fp64(output, first.shape(), values);
		}
		TensorData picked;
		switch (datatype.storage()) {
			case FLOAT -> {
				float[] values = new float[size];
				for (int i = 0; i < size; i++) {
					values[i] = ((TensorData.Floats) data[memberAt.applyAsInt(i)]).values()[i];
				}
				picked = TensorData.of(values);
			}
			case DOUBLE -> {
				double[] values = new double[size];
				for (int i = 0; i < size; i++) {
					values[i] = ((TensorData.Doubles) data[memberAt.applyAsInt(i)]).values()[i];
				}
				picked = TensorData.of(values);
			}
			case LONG -> {
				long[] values = new long[size];
				for (int i = 0; i < size; i++) {
					values[i] = ((TensorData.Longs) data[memberAt.applyAsInt(i)]).values()[i];
				}
				picked = TensorData.of(values);
			}
			default -> throw new IllegalArgumentException("cannot aggregate " + datatype + " tensors");
		}
		return Tensor.of(output, datatype, first.shape(), picked);
	}

	/**
	 * The datatype every answer shares, or {@code null} when they differ.
	 */
	static DataType commonDatatype(List<MemberTensor> answers) {
		DataType datatype = answers.get(0).tensor().datatype();
		for (MemberTensor answer : answers) {
			if (answer.tensor().datatype() != datatype) {
				return null;
			}
		}
		if (!datatype.isNumeric()) {
			throw new IllegalArgumentException("cannot aggregate " + datatype + " tensors");
		}
		return datatype;
	}

	private static Tensor computed(String output, DataType datatype, long[] shape, double[] values) {
		if (datatype != null && datatype.storage() == DataType.Storage.FLOAT) {
			float[] floats = new float[values.length];
			for (int i = 0; i < values.length; i++) {
				floats[i] = (float) values[i];
			}
			return Tensor.of(output, datatype, shape, TensorData.of(floats));
		}
		return Tensor.fp64(output, shape, values);
	}

	private static TensorData[] data(List<MemberTensor> answers) {
		TensorData[] data = new TensorData[answers.size()];
		for (int m = 0; m < data.length; m++) {
			data[m] = answers.get(m).tensor().data();
		}
		return data;
	}

}
