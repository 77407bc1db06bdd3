package io.chorus.mock.protocol;

import io.chorus.protocol.Tensor;
import io.chorus.protocol.TensorData;

/**
 * Builds a tensor of the wrong shape from a correct one, for the {@code wrongShape} fault: a rank-2 tensor
 * loses its last column ({@code [batch, 3]} becomes {@code [batch, 2]}); anything narrower gets each
 * element twice ({@code [batch]} or {@code [batch, 1]} becomes {@code [batch, 2]}).
 */
final class WrongShape {

	private WrongShape() {
	}

	static Tensor of(Tensor tensor) {
		int rows = tensor.rows();
		int width = tensor.rowWidth();
		boolean dropColumn = tensor.rank() == 2 && width >= 2;
		int newWidth = dropColumn ? width - 1 : 2;
		int[] source = new int[rows * newWidth];
		for (int row = 0; row < rows; row++) {
			for (int col = 0; col < newWidth; col++) {
				source[row * newWidth + col] = dropColumn ? row * width + col : row * width;
			}
		}
		long[] shape = { rows, newWidth };
		if (tensor.data() instanceof TensorData.Longs longs) {
			long[] values = new long[source.length];
			for (int i = 0; i < source.length; i++) {
				values[i] = longs.values()[source[i]];
			}
			return Tensor.int64(tensor.name(), shape, values);
		}
		float[] values = new float[source.length];
		for (int i = 0; i < source.length; i++) {
			values[i] = (float) tensor.data().doubleAt(source[i]);
		}
		return Tensor.fp32(tensor.name(), shape, values);
	}

}
