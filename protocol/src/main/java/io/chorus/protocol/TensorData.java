package io.chorus.protocol;

import java.util.Arrays;

/**
 * The flat, row-major elements of a tensor, held in a primitive array chosen by the datatype.
 */
public sealed interface TensorData {

	/**
	 * The number of elements.
	 * @return the element count
	 */
	int size();

	/**
	 * Element {@code i} as a double; booleans read as 0 or 1.
	 * @param i the flat index
	 * @return the value
	 * @throws UnsupportedOperationException for BYTES
	 */
	double doubleAt(int i);

	/**
	 * Wraps a {@code float[]} without copying it.
	 * @param values the elements
	 * @return the data
	 */
	static TensorData of(float[] values) {
		return new Floats(values);
	}

	/**
	 * Wraps a {@code double[]} without copying it.
	 * @param values the elements
	 * @return the data
	 */
	static TensorData of(double[] values) {
		return new Doubles(values);
	}

	/**
	 * Wraps a {@code long[]} without copying it.
	 * @param values the elements
	 * @return the data
	 */
	static TensorData of(long[] values) {
		return new Longs(values);
	}

	/**
	 * Wraps a {@code boolean[]} without copying it.
	 * @param values the elements
	 * @return the data
	 */
	static TensorData of(boolean[] values) {
		return new Bools(values);
	}

	/**
	 * Wraps a {@code String[]} without copying it.
	 * @param values the elements
	 * @return the data
	 */
	static TensorData of(String[] values) {
		return new Strings(values);
	}

	/** FP16 and FP32 elements. */
	record Floats(float[] values) implements TensorData {
		@Override
		public int size() {
			return this.values.length;
		}

		@Override
		public double doubleAt(int i) {
			return this.values[i];
		}

		@Override
		public boolean equals(Object o) {
			return o instanceof Floats other && Arrays.equals(this.values, other.values);
		}

		@Override
		public int hashCode() {
			return Arrays.hashCode(this.values);
		}

		@Override
		public String toString() {
			return Arrays.toString(this.values);
		}
	}

	/** FP64 elements. */
	record Doubles(double[] values) implements TensorData {
		@Override
		public int size() {
			return this.values.length;
		}

		@Override
		public double doubleAt(int i) {
			return this.values[i];
		}

		@Override
		public boolean equals(Object o) {
			return o instanceof Doubles other && Arrays.equals(this.values, other.values);
		}

		@Override
		public int hashCode() {
			return Arrays.hashCode(this.values);
		}

		@Override
		public String toString() {
			return Arrays.toString(this.values);
		}
	}

	/** Integer elements of any width. */
	record Longs(long[] values) implements TensorData {
		@Override
		public int size() {
			return this.values.length;
		}

		@Override
		public double doubleAt(int i) {
			return this.values[i];
		}

		@Override
		public boolean equals(Object o) {
			return o instanceof Longs other && Arrays.equals(this.values, other.values);
		}

		@Override
		public int hashCode() {
			return Arrays.hashCode(this.values);
		}

		@Override
		public String toString() {
			return Arrays.toString(this.values);
		}
	}

	/** BOOL elements. */
	record Bools(boolean[] values) implements TensorData {
		@Override
		public int size() {
			return this.values.length;
		}

		@Override
		public double doubleAt(int i) {
			return this.values[i] ? 1 : 0;
		}

		@Override
		public boolean equals(Object o) {
			return o instanceof Bools other && Arrays.equals(this.values, other.values);
		}

		@Override
		public int hashCode() {
			return Arrays.hashCode(this.values);
		}

		@Override
		public String toString() {
			return Arrays.toString(this.values);
		}
	}

	/** BYTES elements, as UTF-8 strings. */
	record Strings(String[] values) implements TensorData {
		@Override
		public int size() {
			return this.values.length;
		}

		@Override
		public double doubleAt(int i) {
			throw new UnsupportedOperationException("BYTES elements are not numbers");
		}

		@Override
		public boolean equals(Object o) {
			return o instanceof Strings other && Arrays.equals(this.values, other.values);
		}

		@Override
		public int hashCode() {
			return Arrays.hashCode(this.values);
		}

		@Override
		public String toString() {
			return Arrays.toString(this.values);
		}
	}

}
