package io.chorus.protocol;

/**
 * Metadata of one model input or output: name, datatype and shape ({@code -1} for a variable dimension).
 *
 * @param name the tensor name
 * @param datatype the element type
 * @param shape the dimensions, {@code -1} where variable
 */
public record TensorMetadata(String name, DataType datatype, long[] shape) {

	/** Copies the shape. */
	public TensorMetadata {
		shape = shape.clone();
	}

	@Override
	public long[] shape() {
		return this.shape.clone();
	}

	@Override
	public boolean equals(Object o) {
		return o instanceof TensorMetadata other && this.name.equals(other.name) && this.datatype == other.datatype
				&& java.util.Arrays.equals(this.shape, other.shape);
	}

	@Override
	public int hashCode() {
		return this.name.hashCode() * 31 + java.util.Arrays.hashCode(this.shape);
	}

	@Override
	public String toString() {
		return this.name + " " + this.datatype + " " + java.util.Arrays.toString(this.shape);
	}

}
