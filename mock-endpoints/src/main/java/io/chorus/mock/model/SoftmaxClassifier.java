package io.chorus.mock.model;

import java.util.List;

import io.chorus.protocol.DataType;
import io.chorus.protocol.Tensor;
import io.chorus.protocol.TensorData;
import io.chorus.protocol.TensorMetadata;

/**
 * {@code probabilities = softmax(W · x[features] + b)} over the Iris classes, and {@code label = argmax}.
 *
 * @param features the indices of the input columns used, in the order of {@code W}'s columns
 * @param weights {@code W}, one row per class
 * @param bias {@code b}, one per class
 */
record SoftmaxClassifier(int[] features, double[][] weights, double[] bias) implements Model {

	private static final List<TensorMetadata> OUTPUTS = List.of(
			new TensorMetadata("probabilities", DataType.FP32, new long[] { -1, 3 }),
			new TensorMetadata("label", DataType.INT64, new long[] { -1 }));

	@Override
	public List<TensorMetadata> outputs() {
		return OUTPUTS;
	}

	@Override
	public List<Tensor> predict(Tensor input) {
		int rows = input.rows();
		int classes = this.bias.length;
		float[] probabilities = new float[rows * classes];
		long[] labels = new long[rows];
		double[] z = new double[classes];
		for (int row = 0; row < rows; row++) {
			labels[row] = probabilities(input.data(), row, z);
			for (int k = 0; k < classes; k++) {
				probabilities[row * classes + k] = (float) z[k];
			}
		}
		return List.of(Tensor.fp32("probabilities", new long[] { rows, classes }, probabilities),
				Tensor.int64("label", new long[] { rows }, labels));
	}

	@Override
	public Tensor predictV1(Tensor input) {
		return predict(input).get(0);
	}

	/**
	 * Writes the class probabilities of one row into {@code z} and returns the argmax.
	 */
	int probabilities(TensorData x, int row, double[] z) {
		int base = row * FEATURES;
		double max = Double.NEGATIVE_INFINITY;
		int argmax = 0;
		for (int k = 0; k < z.length; k++) {
			double sum = this.bias[k];
			for (int j = 0; j < this.features.length; j++) {
				sum += this.weights[k][j] * x.doubleAt(base + this.features[j]);
			}
			z[k] = sum;
			if (sum > max) {
				max = sum;
				argmax = k;
			}
		}
		double total = 0;
		for (int k = 0; k < z.length; k++) {
			z[k] = Math.exp(z[k] - max);
			total += z[k];
		}
		for (int k = 0; k < z.length; k++) {
			z[k] /= total;
		}
		return argmax;
	}

}
