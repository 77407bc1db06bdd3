package io.chorus.protocol;

import java.io.ByteArrayOutputStream;
import java.util.List;
import java.util.Map;

import tools.jackson.core.JsonGenerator;
import tools.jackson.core.json.JsonFactory;

/**
 * Writes protocol JSON with Jackson's streaming generator.
 */
final class ProtocolWriter {

	private static final JsonFactory JSON = new JsonFactory();

	private ProtocolWriter() {
	}

	private interface WriteStep {

		void write(JsonGenerator generator);

	}

	static byte[] write(InferenceRequest request) {
		return generate((g) -> {
			g.writeStartObject();
			if (request.id() != null) {
				g.writeStringProperty("id", request.id());
			}
			writeParameters(g, request.parameters());
			g.writeName("inputs");
			writeTensors(g, request.inputs());
			if (!request.outputs().isEmpty()) {
				g.writeArrayPropertyStart("outputs");
				for (RequestedOutput output : request.outputs()) {
					g.writeStartObject();
					g.writeStringProperty("name", output.name());
					writeParameters(g, output.parameters());
					g.writeEndObject();
				}
				g.writeEndArray();
			}
			g.writeEndObject();
		});
	}

	static byte[] write(InferenceResponse response) {
		return generate((g) -> {
			g.writeStartObject();
			g.writeStringProperty("model_name", response.modelName());
			if (response.modelVersion() != null) {
				g.writeStringProperty("model_version", response.modelVersion());
			}
			if (response.id() != null) {
				g.writeStringProperty("id", response.id());
			}
			writeParameters(g, response.parameters());
			g.writeName("outputs");
			writeTensors(g, response.outputs());
			g.writeEndObject();
		});
	}

	static byte[] write(ModelMetadata metadata) {
		return generate((g) -> {
			g.writeStartObject();
			g.writeStringProperty("name", metadata.name());
			g.writeArrayPropertyStart("versions");
			for (String version : metadata.versions()) {
				g.writeString(version);
			}
			g.writeEndArray();
			if (metadata.platform() != null) {
				g.writeStringProperty("platform", metadata.platform());
			}
			writeTensorMetadata(g, "inputs", metadata.inputs());
			writeTensorMetadata(g, "outputs", metadata.outputs());
			g.writeEndObject();
		});
	}

	static byte[] error(String message) {
		return generate((g) -> {
			g.writeStartObject();
			g.writeStringProperty("error", message);
			g.writeEndObject();
		});
	}

	static byte[] writeV1Instances(Tensor tensor) {
		return writeV1Rows("instances", tensor, Map.of());
	}

	static byte[] writeV1Predictions(Tensor tensor) {
		return writeV1Rows("predictions", tensor, Map.of());
	}

	static byte[] writeV1Predictions(Tensor tensor, Map<String, Object> parameters) {
		return writeV1Rows("predictions", tensor, parameters);
	}


	private static byte[] generate(WriteStep step) {
		ByteArrayOutputStream out = new ByteArrayOutputStream(256);
		try (JsonGenerator g = JSON.createGenerator(out)) {
			step.write(g);
		}
		return out.toByteArray();
	}

	private static void writeParameters(JsonGenerator g, Map<String, Object> parameters) {
		if (parameters.isEmpty()) {
			return;
		}
		g.writeName("parameters");
		g.writeStartObject();
		for (Map.Entry<String, Object> entry : parameters.entrySet()) {
			g.writeName(entry.getKey());
			writeScalar(g, entry.getValue());
		}
		g.writeEndObject();
	}

	private static void writeScalar(JsonGenerator g, Object value) {
		if (value instanceof Boolean b) {
			g.writeBoolean(b);
		}
		else if (value instanceof Integer || value instanceof Long || value instanceof Short) {
			g.writeNumber(((Number) value).longValue());
		}
		else if (value instanceof Number n) {
			g.writeNumber(n.doubleValue());
		}
		else {
			g.writeString(String.valueOf(value));
		}
	}

	private static void writeTensors(JsonGenerator g, List<Tensor> tensors) {
		g.writeStartArray();
		for (Tensor tensor : tensors) {
			g.writeStartObject();
			g.writeStringProperty("name", tensor.name());
			g.writeName("shape");
			long[] shape = tensor.shape();
			g.writeArray(shape, 0, shape.length);
			g.writeStringProperty("datatype", tensor.datatype().name());
			writeParameters(g, tensor.parameters());
			g.writeName("data");
			writeData(g, tensor.data(), 0, tensor.data().size());
			g.writeEndObject();
		}
		g.writeEndArray();
	}

	private static void writeData(JsonGenerator g, TensorData data, int from, int to) {
		g.writeStartArray();
		for (int i = from; i < to; i++) {
			writeElement(g, data, i);
		}
		g.writeEndArray();
	}

	private static void writeTensorMetadata(JsonGenerator g, String field, List<TensorMetadata> tensors) {
		g.writeArrayPropertyStart(field);
		for (TensorMetadata tensor : tensors) {
			g.writeStartObject();
			g.writeStringProperty("name", tensor.name());
			g.writeStringProperty("datatype", tensor.datatype().name());
			g.writeName("shape");
			long[] shape = tensor.shape();
			g.writeArray(shape, 0, shape.length);
			g.writeEndObject();
		}
		g.writeEndArray();
	}

	private static byte[] writeV1Rows(String field, Tensor tensor, Map<String, Object> parameters) {
		if (tensor.rank() > 2) {
			throw new IllegalArgumentException("v1 rows need a tensor of rank 1 or 2, not " + tensor.rank());
		}
		return generate((g) -> {
			g.writeStartObject();
			g.writeName(field);
			g.writeStartArray();
			int rows = tensor.rows();
			int width = tensor.rowWidth();
			for (int row = 0; row < rows; row++) {
				if (tensor.rank() == 2) {
					writeData(g, tensor.data(), row * width, (row + 1) * width);
				}
				else {
					writeElement(g, tensor.data(), row);
				}
			}
			g.writeEndArray();
			writeParameters(g, parameters);
			g.writeEndObject();
		});
	}

	private static void writeElement(JsonGenerator g, TensorData data, int i) {
		// if-chain rather than a pattern switch: the product targets Java 17.
		if (data instanceof TensorData.Floats f) {
			g.writeNumber(f.values()[i]);
		}
		else if (data instanceof TensorData.Doubles d) {
			g.writeNumber(d.values()[i]);
		}
		else if (data instanceof TensorData.Longs l) {
			g.writeNumber(l.values()[i]);
		}
		else if (data instanceof TensorData.Bools b) {
			g.writeBoolean(b.values()[i]);
		}
		else {
			g.writeString(((TensorData.Strings) data).values()[i]);
		}
	}

}
