package io.chorus.protocol;

import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;

import tools.jackson.core.JsonParser;
import tools.jackson.core.JsonToken;

/**
 * Collects the scalars of a (possibly nested) JSON {@code data} array in row-major order, before the
 * datatype is necessarily known, and converts them to the primitive storage of a datatype.
 */
final class DataCollector {

	private static final int MAX_DEPTH = 32;

	private double[] doubles = new double[16];

	private long[] longs = new long[16];

	private List<String> strings;

	private int size;

	private boolean sawFraction;

	private boolean sawOutOfLongRange;

	private boolean sawNumber;

	private boolean sawBoolean;

	private boolean sawString;

	/**
	 * Reads the value at the parser's current token: an array (possibly nested) or a single scalar.
	 */
	void read(JsonParser parser, String tensor) {
		readValue(parser, tensor, 0);
	}

	private void readValue(JsonParser parser, String tensor, int depth) {
		JsonToken token = parser.currentToken();
		switch (token) {
			case START_ARRAY -> {
				if (depth >= MAX_DEPTH) {
					throw new ProtocolException("tensor '" + tensor + "' data is nested too deeply");
				}
				while (parser.nextToken() != JsonToken.END_ARRAY) {
					readValue(parser, tensor, depth + 1);
				}
			}
			case VALUE_NUMBER_INT -> {
				ensureCapacity();
				if (parser.getNumberType() == JsonParser.NumberType.BIG_INTEGER) {
					// Beyond 64 bits: still a valid FP32/FP64 element, but no integer datatype can hold it.
					this.doubles[this.size++] = parser.getDoubleValue();
					this.sawOutOfLongRange = true;
				}
				else {
					long value = parser.getLongValue();
					this.longs[this.size] = value;
					this.doubles[this.size++] = value;
				}
				this.sawNumber = true;
			}
			case VALUE_NUMBER_FLOAT -> {
				ensureCapacity();
				double value = parser.getDoubleValue();
				this.doubles[this.size] = value;
				this.longs[this.size++] = (long) value;
				this.sawNumber = true;
				this.sawFraction |= (value != Math.rint(value)) || Double.isInfinite(value);
				this.sawOutOfLongRange |= value >= 0x1p63 || value < -0x1p63;
			}
			case VALUE_TRUE, VALUE_FALSE -> {
				ensureCapacity();
				long bit = (token == JsonToken.VALUE_TRUE) ? 1 : 0;
				this.longs[this.size] = bit;
				this.doubles[this.size++] = bit;
				this.sawBoolean = true;
			}
			case VALUE_STRING -> {
				if (this.strings == null) {
					this.strings = new ArrayList<>();
				}
				while (this.strings.size() < this.size) {
					this.strings.add(null);
				}
				this.strings.add(parser.getString());
				ensureCapacity();
				this.size++;
				this.sawString = true;
			}
			default -> throw new ProtocolException("tensor '" + tensor + "' data holds an unexpected " + describe(token));
		}
	}

	/**
	 * Converts what was read to the storage of {@code datatype}.
	 */
	TensorData toData(DataType datatype, String tensor) {
		return switch (datatype.storage()) {
			case BYTES -> {
				requireOnly(this.sawString, this.sawNumber || this.sawBoolean, datatype, tensor, "strings");
				yield TensorData.of((this.strings == null) ? new String[0] : this.strings.toArray(new String[0]));
			}
			case BOOL -> {
				requireOnly(this.sawBoolean, this.sawNumber || this.sawString, datatype, tensor, "booleans");
				boolean[] values = new boolean[this.size];
				for (int i = 0; i < this.size; i++) {
					values[i] = this.longs[i] != 0;
				}
				yield TensorData.of(values);
			}
			case LONG -> {
				requireOnly(this.sawNumber, this.sawBoolean || this.sawString, datatype, tensor, "integers");
				if (this.sawFraction) {
					throw new ProtocolException("tensor '" + tensor + "' is " + datatype + " but holds a non-integer number");
				}
				long[] values = Arrays.copyOf(this.longs, this.size);
				requireInRange(values, datatype, tensor);
				yield TensorData.of(values);
			}
			case FLOAT -> {
				requireOnly(this.sawNumber, this.sawBoolean || this.sawString, datatype, tensor, "numbers");
				float[] values = new float[this.size];
				for (int i = 0; i < this.size; i++) {
					values[i] = (float) this.doubles[i];
					if (Float.isInfinite(values[i])) {
						throw new ProtocolException("tensor '" + tensor + "' is " + datatype
								+ " but holds a number out of its range: " + this.doubles[i]);
					}
				}
				yield TensorData.of(values);
			}
			case DOUBLE -> {
				requireOnly(this.sawNumber, this.sawBoolean || this.sawString, datatype, tensor, "numbers");
				for (int i = 0; i < this.size; i++) {
					if (Double.isInfinite(this.doubles[i])) {
						throw new ProtocolException("tensor '" + tensor + "' is " + datatype
								+ " but holds a number out of its range");
					}
				}
				yield TensorData.of(Arrays.copyOf(this.doubles, this.size));
			}
		};
	}

	private void requireInRange(long[] values, DataType datatype, String tensor) {
		long min;
		long max;
		switch (datatype) {
			case INT8 -> { min = Byte.MIN_VALUE; max = Byte.MAX_VALUE; }
			case INT16 -> { min = Short.MIN_VALUE; max = Short.MAX_VALUE; }
			case INT32 -> { min = Integer.MIN_VALUE; max = Integer.MAX_VALUE; }
			case UINT8 -> { min = 0; max = 0xFFL; }
			case UINT16 -> { min = 0; max = 0xFFFFL; }
			case UINT32 -> { min = 0; max = 0xFFFF_FFFFL; }
			// UINT64 values above Long.MAX_VALUE do not fit the signed storage, so they are rejected too.
			case UINT64 -> { min = 0; max = Long.MAX_VALUE; }
			default -> { min = Long.MIN_VALUE; max = Long.MAX_VALUE; }
		}
		for (int i = 0; i < values.length && !this.sawOutOfLongRange; i++) {
			if (values[i] < min || values[i] > max) {
				throw outOfRange(datatype, tensor, Long.toString(values[i]));
			}
		}
		if (this.sawOutOfLongRange) {
			throw outOfRange(datatype, tensor, "beyond 64 bits");
		}
	}

	private static ProtocolException outOfRange(DataType datatype, String tensor, String value) {
		return new ProtocolException("tensor '" + tensor + "' is " + datatype + " but holds a number out of range: " + value);
	}

	private void requireOnly(boolean sawExpected, boolean sawOther, DataType datatype, String tensor, String what) {
		if (sawOther || (!sawExpected && this.size > 0)) {
			throw new ProtocolException("tensor '" + tensor + "' is " + datatype + " but its data is not all " + what);
		}
	}

	private void ensureCapacity() {
		if (this.size == this.doubles.length) {
			int capacity = this.doubles.length * 2;
			this.doubles = Arrays.copyOf(this.doubles, capacity);
			this.longs = Arrays.copyOf(this.longs, capacity);
		}
	}

	static String describe(JsonToken token) {
		return switch (token) {
			case START_OBJECT -> "object";
			case START_ARRAY -> "array";
			case VALUE_STRING -> "string";
			case VALUE_NUMBER_INT, VALUE_NUMBER_FLOAT -> "number";
			case VALUE_TRUE, VALUE_FALSE -> "boolean";
			case VALUE_NULL -> "null";
			default -> String.valueOf(token);
		};
	}

}
