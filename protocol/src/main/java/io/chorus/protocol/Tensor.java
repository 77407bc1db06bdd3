package io.chorus.protocol;

import java.util.Arrays;
import java.util.Map;
import java.util.Objects;

/**
 * One named tensor of a request or response: datatype, shape and flat row-major data.
 *
 * @param name the tensor name
 * @param datatype the element type
 * @param shape the dimensions; their product equals the number of elements
 * @param data the elements, in the storage that {@code datatype} calls for
 * @param parameters optional protocol parameters (string, number or boolean values)
 */
public record Tensor(String name, DataType datatype, long[] shape, TensorData data, Map<String, Object> parameters) {

	/**
	 * Validates that shape, datatype and data agree.
	 * @throws ProtocolException when they do not
	 */
	public Tensor {
		Objects.requireNonNull(datatype, "datatype");
		Objects.requireNonNull(shape, "shape");
		Objects.requireNonNull(data, "data");
		if (name == null || name.isEmpty()) {
			throw new ProtocolException("tensor is missing 'name'");
		}
		shape = shape.clone();
		parameters = Parameters.copy(parameters);
		long count = 1;
		for (long dim : shape) {
			if (dim < 0) {
				throw new ProtocolException("tensor '" + name + "' has a negative dimension in shape " + Arrays.toString(shape));
			}
			count = Math.multiplyExact(count, dim);
		}
		if (count != data.size()) {
			throw new ProtocolException("tensor '" + name + "' has shape " + Arrays.toString(shape) + " ("
					+ count + " elements) but " + data.size() + " data elements");
		}
		if (!storageMatches(datatype, data)) {
			throw new IllegalArgumentException("data storage does not match datatype " + datatype);
		}
	}

	/**
	 * Creates a tensor without parameters.
	 * @param name the tensor name
	 * @param datatype the element type
	 * @param shape the dimensions
	 * @param data the elements
	 * @return the tensor
	 */
	public static Tensor of(String name, DataType datatype, long[] shape, TensorData data) {
		return new Tensor(name, datatype, shape, data, Map.of());
	}

	/**
	 * Creates an FP32 tensor.
	 * @param name the tensor name
	 * @param shape the dimensions
	 * @param values the elements, row-major
	 * @return the tensor
	 */
	public static Tensor fp32(String name, long[] shape, float[] values) {
		return of(name, DataType.FP32, shape, TensorData.of(values));
	}

	/**
	 * Creates an FP64 tensor.
	 * @param name the tensor name
	 * @param shape the dimensions
	 * @param values the elements, row-major
	 * @return the tensor
	 */
	public static Tensor fp64(String name, long[] shape, double[] values) {
		return of(name, DataType.FP64, shape, TensorData.of(values));
	}

	/**
	 * Creates an INT64 tensor.
	 * @param name the tensor name
	 * @param shape the dimensions
	 * @param values the elements, row-major
	 * @return the tensor
	 */
	public static Tensor int64(String name, long[] shape, long[] values) {
		return of(name, DataType.INT64, shape, TensorData.of(values));
	}

	/**
	 * The dimensions (a copy).
	 * @return the shape
	 */
	@Override
	public long[] shape() {
		return this.shape.clone();
	}

	/**
	 * The number of dimensions.
	 * @return the rank
	 */
	public int rank() {
		return this.shape.length;
	}

	/**
	 * One dimension.
	 * @param index the dimension index
	 * @return its size
	 */
	public long dim(int index) {
		return this.shape[index];
	}

	/**
	 * The batch size: the first dimension, or 1 for a scalar.
	 * @return the number of rows
	 */
	public int rows() {
		return (this.shape.length == 0) ? 1 : (int) this.shape[0];
	}

	/**
	 * The number of elements in one row (the product of all but the first dimension).
	 * @return the row width
	 */
	public int rowWidth() {
		int rows = rows();
		return (rows == 0) ? 0 : this.data.size() / rows;
	}

	/**
	 * Whether another tensor has the same shape.
	 * @param other the other tensor
	 * @return true when every dimension matches
	 */
	public boolean sameShape(Tensor other) {
		return Arrays.equals(this.shape, other.shape);
	}

	private static boolean storageMatches(DataType datatype, TensorData data) {
		return switch (datatype.storage()) {
			case BOOL -> data instanceof TensorData.Bools;
			case LONG -> data instanceof TensorData.Longs;
			case FLOAT -> data instanceof TensorData.Floats;
			case DOUBLE -> data instanceof TensorData.Doubles;
			case BYTES -> data instanceof TensorData.Strings;
		};
	}

	@Override
	public boolean equals(Object o) {
		return o instanceof Tensor other && this.name.equals(other.name) && this.datatype == other.datatype
				&& Arrays.equals(this.shape, other.shape) && this.data.equals(other.data)
				&& this.parameters.equals(other.parameters);
	}

	@Override
	public int hashCode() {
		return Objects.hash(this.name, this.datatype, Arrays.hashCode(this.shape), this.data, this.parameters);
	}

	@Override
	public String toString() {
		return "Tensor[" + this.name + " " + this.datatype + " " + Arrays.toString(this.shape) + " " + this.data + "]";
	}

}
