package io.chorus.protocol;

import java.util.Locale;

/**
 * Tensor element types of the Open Inference Protocol, with the primitive storage each one uses.
 */
public enum DataType {

	BOOL(Storage.BOOL), UINT8(Storage.LONG), UINT16(Storage.LONG), UINT32(Storage.LONG), UINT64(Storage.LONG),
	INT8(Storage.LONG), INT16(Storage.LONG), INT32(Storage.LONG), INT64(Storage.LONG),
	FP16(Storage.FLOAT), FP32(Storage.FLOAT), FP64(Storage.DOUBLE), BYTES(Storage.BYTES);

	/** How elements of a datatype are held in memory. */
	public enum Storage {
		/** {@code boolean[]}. */
		BOOL,
		/** {@code long[]}, for every integer type. */
		LONG,
		/** {@code float[]}, for FP16 and FP32. */
		FLOAT,
		/** {@code double[]}, for FP64. */
		DOUBLE,
		/** {@code String[]}, for BYTES. */
		BYTES
	}

	private final Storage storage;

	DataType(Storage storage) {
		this.storage = storage;
	}

	/**
	 * The primitive storage of this datatype.
	 * @return the storage kind
	 */
	public Storage storage() {
		return this.storage;
	}

	/**
	 * Whether elements are numbers that aggregators may average.
	 * @return true for integer and floating-point types
	 */
	public boolean isNumeric() {
		return this.storage == Storage.LONG || this.storage == Storage.FLOAT || this.storage == Storage.DOUBLE;
	}

	/**
	 * Whether elements are floating-point numbers.
	 * @return true for FP16, FP32 and FP64
	 */
	public boolean isFloatingPoint() {
		return this.storage == Storage.FLOAT || this.storage == Storage.DOUBLE;
	}

	/**
	 * Parses a protocol datatype name.
	 * @param name the name as sent on the wire, for example {@code FP32}
	 * @return the datatype
	 * @throws ProtocolException when the name is not a protocol datatype
	 */
	public static DataType parse(String name) {
		if (name == null) {
			throw new ProtocolException("missing 'datatype'");
		}
		try {
			return valueOf(name.toUpperCase(Locale.ROOT));
		}
		catch (IllegalArgumentException ex) {
			throw new ProtocolException("unknown datatype '" + name + "'");
		}
	}

}
