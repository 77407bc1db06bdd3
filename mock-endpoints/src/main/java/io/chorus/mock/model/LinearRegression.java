package io.chorus.mock.model;

import java.util.List;

import io.chorus.protocol.DataType;
import io.chorus.protocol.Tensor;
import io.chorus.protocol.TensorData;
import io.chorus.protocol.TensorMetadata;

/**
 * {@code prediction = w · x[features] + b}, a least-squares fit.
 *
 * @param features the indices of the input columns used, in the order of {@code w}
 * @param weights {@code w}
 * @param bias {@code b}
 */
record LinearRegression(int[] features, double[] weights, double bias) implements Model {

	private static final List<TensorMetadata> OUTPUTS = List
		.of(new TensorMetadata("prediction", DataType.FP32, new long[] { -1, 1 }));

	@Override
	public List<TensorMetadata> outputs() {
		return OUTPUTS;
	}

	@Override
	public List<Tensor> predict(Tensor input) {
		return List.of(Tensor.fp32("prediction", new long[] { input.rows(), 1 }, values(input)));
	}

	@Override
	public Tensor predictV1(Tensor input) {
		return Tensor.fp32("prediction", new long[] { input.rows() }, values(input));
	}

	private float[] values(Tensor input) {
		int rows = input.rows();
		float[] out = new float[rows];
		for (int row = 0; row < rows; row++) {
			out[row] = (float) value(input.data(), row);
		}
		return out;
	}

	/**
	 * The prediction for one row, in double precision.
	 */
	double value(TensorData x, int row) {
		double sum = this.bias;
		for (int j = 0; j < this.features.length; j++) {
			sum += this.weights[j] * x.doubleAt(row * FEATURES + this.features[j]);
		}
		return sum;
	}

}
