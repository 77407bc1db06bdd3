package io.chorus.protocol;

import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

import tools.jackson.core.JacksonException;
import tools.jackson.core.JsonParser;
import tools.jackson.core.JsonToken;
import tools.jackson.core.json.JsonFactory;

/**
 * Parses protocol JSON with Jackson's streaming parser straight into primitive tensor storage.
 */
final class ProtocolReader {

	private static final JsonFactory JSON = new JsonFactory();

	private static final int NO_ROWS = -2;

	private static final int SCALAR_ROW = -1;


	private ProtocolReader() {
	}

	static InferenceRequest readRequest(byte[] json) {
		return parse(json, (p) -> {
			String id = null;
			Map<String, Object> parameters = null;
			List<Tensor> inputs = null;
			List<RequestedOutput> outputs = null;
			expect(p, JsonToken.START_OBJECT, "request body must be a JSON object");
			while (p.nextToken() == JsonToken.PROPERTY_NAME) {
				String field = p.currentName();
				JsonToken value = p.nextToken();
				switch (field) {
					case "id" -> id = readId(p, value);
					case "parameters" -> parameters = readParameters(p, "parameters");
					case "inputs" -> inputs = readTensors(p, "inputs");
					case "outputs" -> outputs = readRequestedOutputs(p);
					default -> p.skipChildren();
				}
			}
			if (inputs == null) {
				throw new ProtocolException("request is missing 'inputs'");
			}
			return new InferenceRequest(id, parameters, inputs, outputs);
		});
	}

	static InferenceResponse readResponse(byte[] json) {
		return parse(json, (p) -> {
			String modelName = null;
			String modelVersion = null;
			String id = null;
			Map<String, Object> parameters = null;
			List<Tensor> outputs = null;
			expect(p, JsonToken.START_OBJECT, "response body must be a JSON object");
			while (p.nextToken() == JsonToken.PROPERTY_NAME) {
				String field = p.currentName();
				JsonToken value = p.nextToken();
				switch (field) {
					case "model_name" -> modelName = readString(p, value, "model_name");
					case "model_version" -> modelVersion = readString(p, value, "model_version");
					case "id" -> id = readId(p, value);
					case "parameters" -> parameters = readParameters(p, "parameters");
					case "outputs" -> outputs = readTensors(p, "outputs");
					default -> p.skipChildren();
				}
			}
			if (outputs == null) {
				throw new ProtocolException("response is missing 'outputs'");
			}
			return new InferenceResponse(modelName, modelVersion, id, parameters, outputs);
		});
	}

	static ModelMetadata readMetadata(byte[] json) {
		return parse(json, (p) -> {
			String name = null;
			String platform = null;
			List<String> versions = new ArrayList<>();
			List<TensorMetadata> inputs = List.of();
			List<TensorMetadata> outputs = List.of();
			expect(p, JsonToken.START_OBJECT, "metadata must be a JSON object");
			while (p.nextToken() == JsonToken.PROPERTY_NAME) {
				String field = p.currentName();
				JsonToken value = p.nextToken();
				switch (field) {
					case "name" -> name = readString(p, value, "name");
					case "platform" -> platform = readString(p, value, "platform");
					case "versions" -> {
						expect(p, JsonToken.START_ARRAY, "'versions' must be an array");
						while (p.nextToken() != JsonToken.END_ARRAY) {
							if (!p.currentToken().isScalarValue() || p.currentToken() == JsonToken.VALUE_NULL) {
								throw new ProtocolException("'versions' must hold strings, not " + DataCollector.describe(p.currentToken()));
							}
							versions.add(p.getValueAsString());
						}
					}
					case "inputs" -> inputs = readTensorMetadata(p, "inputs");
					case "outputs" -> outputs = readTensorMetadata(p, "outputs");
					default -> p.skipChildren();
				}
			}
			if (name == null) {
				throw new ProtocolException("metadata is missing 'name'");
			}
			return new ModelMetadata(name, versions, platform, inputs, outputs);
		});
	}

	static String readError(byte[] json) {
		if (json == null) {
			return null;
		}
		try (JsonParser p = JSON.createParser(json)) {
			if (p.nextToken() != JsonToken.START_OBJECT) {
				return null;
			}
			while (p.nextToken() == JsonToken.PROPERTY_NAME) {
				String field = p.currentName();
				JsonToken value = p.nextToken();
				if ("error".equals(field) && value == JsonToken.VALUE_STRING) {
					return p.getString();
				}
				p.skipChildren();
			}
			return null;
		}
		catch (JacksonException ex) {
			return null;
		}
	}

	static Tensor readV1Instances(byte[] json, String tensorName) {
		return readV1Rows(json, "instances", tensorName);
	}

	static Tensor readV1Predictions(byte[] json, String tensorName) {
		return readV1Rows(json, "predictions", tensorName);
	}


	private interface ParseStep<T> {

		T parse(JsonParser parser);

	}

	private static <T> T parse(byte[] json, ParseStep<T> step) {
		if (json == null || json.length == 0) {
			throw new ProtocolException("body is empty");
		}
		try (JsonParser p = JSON.createParser(json)) {
			if (p.nextToken() == null) {
				throw new ProtocolException("body is empty");
			}
			T result = step.parse(p);
			if (p.nextToken() != null) {
				throw new ProtocolException("malformed JSON: unexpected content after the top-level value");
			}
			return result;
		}
		catch (JacksonException ex) {
			throw new ProtocolException("malformed JSON: " + ex.getOriginalMessage());
		}
		catch (ArithmeticException ex) {
			throw new ProtocolException("tensor shape is too large");
		}
	}

	private static void expect(JsonParser p, JsonToken token, String message) {
		if (p.currentToken() != token) {
			throw new ProtocolException(message);
		}
	}

	private static String readString(JsonParser p, JsonToken value, String field) {
		if (value == JsonToken.VALUE_NULL) {
			return null;
		}
		if (value != JsonToken.VALUE_STRING) {
			throw new ProtocolException("'" + field + "' must be a string");
		}
		return p.getString();
	}

	private static String readId(JsonParser p, JsonToken value) {
		return switch (value) {
			case VALUE_NULL -> null;
			case VALUE_STRING, VALUE_NUMBER_INT -> p.getText();
			default -> throw new ProtocolException("'id' must be a string");
		};
	}

	private static Map<String, Object> readParameters(JsonParser p, String where) {
		if (p.currentToken() == JsonToken.VALUE_NULL) {
			return null;
		}
		expect(p, JsonToken.START_OBJECT, "'" + where + "' must be a JSON object");
		Map<String, Object> parameters = new LinkedHashMap<>();
		while (p.nextToken() == JsonToken.PROPERTY_NAME) {
			String name = p.currentName();
			JsonToken value = p.nextToken();
			Object parsed = switch (value) {
				case VALUE_STRING -> p.getString();
				case VALUE_NUMBER_INT -> p.getLongValue();
				case VALUE_NUMBER_FLOAT -> p.getDoubleValue();
				case VALUE_TRUE -> Boolean.TRUE;
				case VALUE_FALSE -> Boolean.FALSE;
				case VALUE_NULL -> null;
				default -> throw new ProtocolException("parameter '" + name + "' in '" + where
						+ "' must be a string, number or boolean, not " + DataCollector.describe(value));
			};
			if (parsed != null) {
				parameters.put(name, parsed);
			}
		}
		return parameters;
	}

	private static List<Tensor> readTensors(JsonParser p, String where) {
		expect(p, JsonToken.START_ARRAY, "'" + where + "' must be an array of tensors");
		List<Tensor> tensors = new ArrayList<>();
		while (p.nextToken() != JsonToken.END_ARRAY) {
			tensors.add(readTensor(p, where, tensors.size()));
		}
		return tensors;
	}

	private static Tensor readTensor(JsonParser p, String where, int index) {
		expect(p, JsonToken.START_OBJECT, "'" + where + "[" + index + "]' must be a JSON object");
		String name = null;
		String datatype = null;
		long[] shape = null;
		Map<String, Object> parameters = null;
		DataCollector data = null;
		while (p.nextToken() == JsonToken.PROPERTY_NAME) {
			String field = p.currentName();
			JsonToken value = p.nextToken();
			switch (field) {
				case "name" -> name = readString(p, value, where + "[" + index + "].name");
				case "datatype" -> datatype = readString(p, value, where + "[" + index + "].datatype");
				case "shape" -> shape = readShape(p, where + "[" + index + "].shape");
				case "parameters" -> parameters = readParameters(p, where + "[" + index + "].parameters");
				case "data" -> {
					data = new DataCollector();
					data.read(p, (name != null) ? name : where + "[" + index + "]");
				}
				default -> p.skipChildren();
			}
		}
		String label = (name != null) ? "tensor '" + name + "'" : "'" + where + "[" + index + "]'";
		if (name == null) {
			throw new ProtocolException(label + " is missing 'name'");
		}
		if (datatype == null) {
			throw new ProtocolException(label + " is missing 'datatype'");
		}
		if (shape == null) {
			throw new ProtocolException(label + " is missing 'shape'");
		}
		if (data == null) {
			throw new ProtocolException(label + " is missing 'data'");
		}
		DataType type;
		try {
			type = DataType.parse(datatype);
		}
		catch (ProtocolException ex) {
			throw new ProtocolException(label + " has an unknown datatype '" + datatype + "'");
		}
		return new Tensor(name, type, shape, data.toData(type, name), parameters);
	}

	private static long[] readShape(JsonParser p, String where) {
		expect(p, JsonToken.START_ARRAY, "'" + where + "' must be an array of integers");
		long[] shape = new long[4];
		int rank = 0;
		while (p.nextToken() != JsonToken.END_ARRAY) {
			if (p.currentToken() != JsonToken.VALUE_NUMBER_INT) {
				throw new ProtocolException("'" + where + "' must be an array of integers");
			}
			if (rank == shape.length) {
				if (rank >= 32) {
					throw new ProtocolException("'" + where + "' has too many dimensions");
				}
				shape = java.util.Arrays.copyOf(shape, rank * 2);
			}
			shape[rank++] = p.getLongValue();
		}
		return java.util.Arrays.copyOf(shape, rank);
	}

	private static List<RequestedOutput> readRequestedOutputs(JsonParser p) {
		expect(p, JsonToken.START_ARRAY, "'outputs' must be an array");
		List<RequestedOutput> outputs = new ArrayList<>();
		while (p.nextToken() != JsonToken.END_ARRAY) {
			expect(p, JsonToken.START_OBJECT, "'outputs[" + outputs.size() + "]' must be a JSON object");
			String name = null;
			Map<String, Object> parameters = null;
			while (p.nextToken() == JsonToken.PROPERTY_NAME) {
				String field = p.currentName();
				JsonToken value = p.nextToken();
				switch (field) {
					case "name" -> name = readString(p, value, "outputs[].name");
					case "parameters" -> parameters = readParameters(p, "outputs[].parameters");
					default -> p.skipChildren();
				}
			}
			outputs.add(new RequestedOutput(name, parameters));
		}
		return outputs;
	}

	private static List<TensorMetadata> readTensorMetadata(JsonParser p, String where) {
		expect(p, JsonToken.START_ARRAY, "'" + where + "' must be an array");
		List<TensorMetadata> tensors = new ArrayList<>();
		while (p.nextToken() != JsonToken.END_ARRAY) {
			expect(p, JsonToken.START_OBJECT, "'" + where + "[]' must be a JSON object");
			String name = null;
			String datatype = null;
			long[] shape = new long[0];
			while (p.nextToken() == JsonToken.PROPERTY_NAME) {
				String field = p.currentName();
				JsonToken value = p.nextToken();
				switch (field) {
					case "name" -> name = readString(p, value, where + "[].name");
					case "datatype" -> datatype = readString(p, value, where + "[].datatype");
					case "shape" -> shape = readShape(p, where + "[].shape");
					default -> p.skipChildren();
				}
			}
			if (name == null) {
				throw new ProtocolException("'" + where + "[]' is missing 'name'");
			}
			tensors.add(new TensorMetadata(name, DataType.parse(datatype), shape));
		}
		return tensors;
	}

	private static Tensor readV1Rows(byte[] json, String field, String tensorName) {
		return parse(json, (p) -> {
			Tensor tensor = null;
			expect(p, JsonToken.START_OBJECT, "body must be a JSON object");
			while (p.nextToken() == JsonToken.PROPERTY_NAME) {
				String name = p.currentName();
				p.nextToken();
				if (field.equals(name)) {
					tensor = readV1Array(p, field, tensorName);
				}
				else {
					p.skipChildren();
				}
			}
			if (tensor == null) {
				throw new ProtocolException("body is missing '" + field + "'");
			}
			return tensor;
		});
	}

	private static Tensor readV1Array(JsonParser p, String field, String tensorName) {
		expect(p, JsonToken.START_ARRAY, "'" + field + "' must be an array");
		DataCollector collector = new DataCollector();
		int rows = 0;
		// SCALAR_ROW marks a row that is a bare number, so [1, []] and [[], []] are told apart.
		int width = NO_ROWS;
		while (p.nextToken() != JsonToken.END_ARRAY) {
			int rowWidth;
			if (p.currentToken() == JsonToken.START_ARRAY) {
				rowWidth = 0;
				while (p.nextToken() != JsonToken.END_ARRAY) {
					if (!p.currentToken().isNumeric()) {
						throw new ProtocolException("'" + field + "[" + rows + "]' must hold only numbers");
					}
					collector.read(p, field);
					rowWidth++;
				}
			}
			else if (p.currentToken().isNumeric()) {
				collector.read(p, field);
				rowWidth = SCALAR_ROW;
			}
			else {
				throw new ProtocolException("'" + field + "[" + rows + "]' must be a number or an array of numbers");
			}
			if (width != NO_ROWS && rowWidth != width) {
				throw new ProtocolException("'" + field + "' rows differ in length: row 0 has " + describeRow(width)
						+ ", row " + rows + " has " + describeRow(rowWidth));
			}
			width = rowWidth;
			rows++;
		}
		if (rows == 0) {
			throw new ProtocolException("'" + field + "' is empty");
		}
		long[] shape = (width == SCALAR_ROW) ? new long[] { rows } : new long[] { rows, width };
		return Tensor.of(tensorName, DataType.FP64, shape, collector.toData(DataType.FP64, field));
	}

	private static String describeRow(int width) {
		return (width == SCALAR_ROW) ? "a single number" : width + " values";
	}

}
