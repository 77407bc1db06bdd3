package io.chorus.mock.model;

import java.util.List;

import io.chorus.protocol.Tensor;
import io.chorus.protocol.TensorMetadata;

/**
 * A deterministic demo model: a pure function of an FP32 {@code features} tensor of shape {@code [batch, 4]}.
 */
public sealed interface Model permits SoftmaxClassifier, LinearRegression {

	/** The name of the single input tensor. */
	String INPUT = "features";

	/** The number of features per row: sepal length, sepal width, petal length, petal width (cm). */
	int FEATURES = 4;

	/**
	 * The metadata of the single input, {@code features FP32 [-1, 4]}.
	 * @return the input metadata
	 */
	default TensorMetadata input() {
		return new TensorMetadata(INPUT, io.chorus.protocol.DataType.FP32, new long[] { -1, FEATURES });
	}

	/**
	 * The metadata of the outputs, in response order.
	 * @return the output metadata
	 */
	List<TensorMetadata> outputs();

	/**
	 * Computes all outputs for a batch.
	 * @param features a numeric tensor of shape {@code [rows, 4]} (checked by the caller)
	 * @return the output tensors, in the order of {@link #outputs()}
	 */
	List<Tensor> predict(Tensor features);

	/**
	 * The v1 {@code predictions} for a batch: for a classifier each row is its class probabilities
	 * {@code [setosa, versicolor, virginica]}, for a regression each row is the predicted number.
	 * @param features a numeric tensor of shape {@code [rows, 4]}
	 * @return a rank-2 (classifier) or rank-1 (regression) tensor
	 */
	Tensor predictV1(Tensor features);

}
