package io.chorus.protocol;

import java.nio.charset.StandardCharsets;
import java.util.List;
import java.util.Map;

import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatExceptionOfType;
import static org.assertj.core.api.Assertions.assertThatIllegalArgumentException;

class InferenceCodecTests {

	// ---- round trips

	@Test
	void roundTripsARequestWithEveryDatatype() {
		InferenceRequest request = new InferenceRequest("req-1", Map.of("temperature", 0.5, "top_k", 3L, "stream", false,
				"mode", "fast"), List.of(Tensor.fp32("f32", new long[] { 2, 2 }, new float[] { 0.1f, -2.5f, 3e-8f, 1e30f }),
						Tensor.fp64("f64", new long[] { 3 }, new double[] { 0.1, -1e300, Double.MIN_VALUE }),
						Tensor.int64("i64", new long[] { 2, 1 }, new long[] { Long.MAX_VALUE, Long.MIN_VALUE }),
						Tensor.of("flags", DataType.BOOL, new long[] { 2 }, TensorData.of(new boolean[] { true, false })),
						new Tensor("text", DataType.BYTES, new long[] { 2 }, TensorData.of(new String[] { "héllo \"q\"", "" }),
								Map.of("content_type", "str"))),
				List.of(new RequestedOutput("probabilities", Map.of("binary_data", false)), new RequestedOutput("label", null)));
		assertThat(InferenceCodec.readRequest(InferenceCodec.write(request))).isEqualTo(request);
	}

	@Test
	void roundTripsAResponse() {
		InferenceResponse response = new InferenceResponse("iris", "2", "req-9", Map.of("members", 3L),
				List.of(Tensor.fp32("probabilities", new long[] { 2, 3 }, new float[] { 0.1f, 0.2f, 0.7f, 0.3f, 0.3f, 0.4f }),
						Tensor.int64("label", new long[] { 2 }, new long[] { 2, 2 }),
						Tensor.of("small", DataType.INT8, new long[] { 2 }, TensorData.of(new long[] { -128, 127 }))));
		assertThat(InferenceCodec.readResponse(InferenceCodec.write(response))).isEqualTo(response);
	}

	@Test
	void roundTripsAResponseWithoutOptionalFields() {
		InferenceResponse response = new InferenceResponse("iris", null, null, null,
				List.of(Tensor.fp64("y", new long[] { 1 }, new double[] { 1 })));
		String json = new String(InferenceCodec.write(response), StandardCharsets.UTF_8);
		assertThat(json).doesNotContain("model_version").doesNotContain("\"id\"").doesNotContain("parameters");
		assertThat(InferenceCodec.readResponse(json.getBytes(StandardCharsets.UTF_8))).isEqualTo(response);
	}

	@Test
	void roundTripsMetadata() {
		ModelMetadata metadata = new ModelMetadata("iris", List.of("1", "2"), "chorus_ensemble",
				List.of(new TensorMetadata("features", DataType.FP32, new long[] { -1, 4 })),
				List.of(new TensorMetadata("probabilities", DataType.FP32, new long[] { -1, 3 }),
						new TensorMetadata("label", DataType.INT64, new long[] { -1 })));
		assertThat(InferenceCodec.readMetadata(InferenceCodec.write(metadata))).isEqualTo(metadata);
	}

	@Test
	void roundTripsAnError() {
		assertThat(InferenceCodec.readError(InferenceCodec.error("member 'a' timed out \"x\""))).isEqualTo("member 'a' timed out \"x\"");
	}

	// ---- reading v2 requests

	@Test
	void flattensNestedDataRowMajor() {
		InferenceRequest request = InferenceCodec.readRequest(json("""
				{"inputs": [{"name": "x", "shape": [2, 2, 2], "datatype": "FP64",
				  "data": [[[1, 2], [3, 4]], [[5, 6], [7, 8]]]}]}"""));
		assertThat(request.inputs()).containsExactly(
				Tensor.fp64("x", new long[] { 2, 2, 2 }, new double[] { 1, 2, 3, 4, 5, 6, 7, 8 }));
	}

	@Test
	void readsDataThatComesBeforeDatatypeAndShape() {
		InferenceRequest request = InferenceCodec.readRequest(json("""
				{"inputs": [{"data": [[1, 2, 3]], "name": "x", "datatype": "INT64", "shape": [1, 3]},
				            {"data": ["a", "b"], "shape": [2], "name": "s", "datatype": "BYTES"},
				            {"data": [true], "shape": [1], "name": "b", "datatype": "BOOL"}]}"""));
		assertThat(request.inputs()).containsExactly(Tensor.int64("x", new long[] { 1, 3 }, new long[] { 1, 2, 3 }),
				Tensor.of("s", DataType.BYTES, new long[] { 2 }, TensorData.of(new String[] { "a", "b" })),
				Tensor.of("b", DataType.BOOL, new long[] { 1 }, TensorData.of(new boolean[] { true })));
	}

	@Test
	void readsIntegerLiteralsIntoFloatTensorsAndWholeFloatsIntoIntegerTensors() {
		InferenceRequest request = InferenceCodec.readRequest(json("""
				{"inputs": [{"name": "f", "shape": [2], "datatype": "FP32", "data": [1, 2.5]},
				            {"name": "i", "shape": [2], "datatype": "INT32", "data": [3.0, -4]}]}"""));
		assertThat(request.inputs()).containsExactly(Tensor.fp32("f", new long[] { 2 }, new float[] { 1, 2.5f }),
				Tensor.of("i", DataType.INT32, new long[] { 2 }, TensorData.of(new long[] { 3, -4 })));
	}

	@Test
	void readsIntegerLiteralsBeyond64BitsIntoFloatTensors() {
		InferenceRequest request = InferenceCodec.readRequest(json("""
				{"inputs": [{"name": "x", "shape": [1], "datatype": "FP64", "data": [100000000000000000000]}]}"""));
		assertThat(request.inputs()).containsExactly(Tensor.fp64("x", new long[] { 1 }, new double[] { 1e20 }));
	}

	@Test
	void acceptsTheBoundsOfNarrowIntegerDatatypes() {
		InferenceRequest request = InferenceCodec.readRequest(json("""
				{"inputs": [{"name": "a", "shape": [2], "datatype": "UINT8", "data": [0, 255]},
				            {"name": "b", "shape": [2], "datatype": "INT16", "data": [-32768, 32767]},
				            {"name": "c", "shape": [1], "datatype": "UINT32", "data": [4294967295]}]}"""));
		assertThat(request.inputs()).extracting(Tensor::data).containsExactly(TensorData.of(new long[] { 0, 255 }),
				TensorData.of(new long[] { -32768, 32767 }), TensorData.of(new long[] { 4294967295L }));
	}

	@Test
	void keepsScalarParametersAndIgnoresUnknownFields() {
		InferenceRequest request = InferenceCodec.readRequest(json("""
				{"id": 42, "extra": {"nested": [1, {"a": 2}]},
				 "parameters": {"s": "v", "i": 7, "d": 0.25, "t": true, "f": false, "n": null},
				 "inputs": [{"name": "x", "shape": [1], "datatype": "fp32", "data": [1],
				             "parameters": {"content_type": "np"}}]}"""));
		assertThat(request.id()).isEqualTo("42");
		assertThat(request.parameters()).containsExactlyInAnyOrderEntriesOf(
				Map.of("s", "v", "i", 7L, "d", 0.25, "t", true, "f", false));
		assertThat(request.inputs().get(0).parameters()).containsEntry("content_type", "np");
		assertThat(request.inputs().get(0).datatype()).isEqualTo(DataType.FP32);
	}

	@Test
	void readsRequestedOutputs() {
		InferenceRequest request = InferenceCodec.readRequest(json("""
				{"inputs": [{"name": "x", "shape": [1], "datatype": "FP32", "data": [1]}],
				 "outputs": [{"name": "label"}, {"name": "probabilities", "parameters": {"binary_data": false}}]}"""));
		assertThat(request.outputs()).containsExactly(new RequestedOutput("label", null),
				new RequestedOutput("probabilities", Map.of("binary_data", false)));
	}

	@Test
	void readsAScalarTensor() {
		InferenceRequest request = InferenceCodec.readRequest(json("""
				{"inputs": [{"name": "x", "shape": [], "datatype": "FP64", "data": 4.5}]}"""));
		assertThat(request.inputs().get(0)).isEqualTo(Tensor.fp64("x", new long[0], new double[] { 4.5 }));
	}

	// ---- v1

	@Test
	void readsRankOneV1Instances() {
		assertThat(InferenceCodec.readV1Instances(json("{\"instances\": [1, 2.5, -3]}"), "x"))
			.isEqualTo(Tensor.fp64("x", new long[] { 3 }, new double[] { 1, 2.5, -3 }));
	}

	@Test
	void readsRankTwoV1Predictions() {
		assertThat(InferenceCodec.readV1Predictions(json("{\"model\": {\"a\": 1}, \"predictions\": [[1, 2], [3, 4]]}"), "y"))
			.isEqualTo(Tensor.fp64("y", new long[] { 2, 2 }, new double[] { 1, 2, 3, 4 }));
	}

	@Test
	void roundTripsV1Rows() {
		Tensor rows = Tensor.fp64("x", new long[] { 2, 3 }, new double[] { 1, 2, 3, 4, 5, 6 });
		assertThat(InferenceCodec.readV1Instances(InferenceCodec.writeV1Instances(rows), "x")).isEqualTo(rows);
		Tensor column = Tensor.fp64("y", new long[] { 2 }, new double[] { 0.5, 1.5 });
		assertThat(InferenceCodec.readV1Predictions(InferenceCodec.writeV1Predictions(column), "y")).isEqualTo(column);
	}

	@Test
	void writesV1RowsAsNestedArrays() {
		Tensor labels = Tensor.int64("y", new long[] { 2, 2 }, new long[] { 1, 2, 3, 4 });
		assertThat(new String(InferenceCodec.writeV1Predictions(labels), StandardCharsets.UTF_8))
			.isEqualTo("{\"predictions\":[[1,2],[3,4]]}");
	}

	@Test
	void refusesToWriteV1RowsOfRankThree() {
		Tensor cube = Tensor.fp64("x", new long[] { 1, 1, 1 }, new double[] { 1 });
		assertThatIllegalArgumentException().isThrownBy(() -> InferenceCodec.writeV1Instances(cube))
			.withMessageContaining("rank 1 or 2");
	}

	@Test
	void readsEmptyV1Rows() {
		assertThat(InferenceCodec.readV1Instances(json("{\"instances\": [[], []]}"), "x"))
			.isEqualTo(Tensor.fp64("x", new long[] { 2, 0 }, new double[0]));
	}

	@ParameterizedTest
	@CsvSource(delimiter = '|', quoteCharacter = '`', textBlock = """
			{"instances": [[1, 2], [3]]}          | rows differ in length: row 0 has 2 values, row 1 has 1
			{"instances": [1, [2, 3]]}            | rows differ in length
			{"instances": [[1], 2]}               | rows differ in length
			{"instances": [1, []]}                | rows differ in length
			{"instances": []}                     | 'instances' is empty
			{"instances": [[1, [2]]]}             | 'instances[0]' must hold only numbers
			{"instances": ["a"]}                  | 'instances[0]' must be a number or an array of numbers
			{"instances": {"a": 1}}               | 'instances' must be an array
			{"predictions": [1]}                  | body is missing 'instances'
			[1, 2]                                | body must be a JSON object
			""")
	void rejectsBadV1Instances(String body, String message) {
		assertProtocolError(() -> InferenceCodec.readV1Instances(json(body), "x"), message);
	}

	// ---- errors

	@ParameterizedTest
	@CsvSource(delimiter = '|', quoteCharacter = '`', textBlock = """
			{"inputs": [                                                                    | malformed JSON
			{"inputs": [{"name": "x",}]}                                                    | malformed JSON
			{"inputs": [{"name": "x", "shape": [1], "datatype": "FP32", "data": [1]}]} xyz | malformed JSON
			{"inputs": [{"name": "x", "shape": [1], "datatype": "FP32", "data": [1]}]} {}  | unexpected content after the top-level value
			`   `                                                                           | body is empty
			[]                                                                              | request body must be a JSON object
			"inputs"                                                                        | request body must be a JSON object
			{}                                                                              | request is missing 'inputs'
			{"inputs": []}                                                                  | request has no 'inputs'
			{"inputs": null}                                                                | 'inputs' must be an array of tensors
			{"inputs": [1]}                                                                 | 'inputs[0]' must be a JSON object
			{"inputs": [{"shape": [1], "datatype": "FP32", "data": [1]}]}                   | 'inputs[0]' is missing 'name'
			{"inputs": [{"name": "x", "datatype": "FP32", "data": [1]}]}                    | tensor 'x' is missing 'shape'
			{"inputs": [{"name": "x", "shape": [1], "data": [1]}]}                          | tensor 'x' is missing 'datatype'
			{"inputs": [{"name": "x", "shape": [1], "datatype": "FP32"}]}                   | tensor 'x' is missing 'data'
			{"inputs": [{"name": "x", "shape": [2, 3], "datatype": "FP32", "data": [1, 2]}]} | tensor 'x' has shape [2, 3] (6 elements) but 2 data elements
			{"inputs": [{"name": "x", "shape": [1], "datatype": "FP128", "data": [1]}]}     | tensor 'x' has an unknown datatype 'FP128'
			{"inputs": [{"name": "x", "shape": [2], "datatype": "FP32", "data": ["a", "b"]}]} | tensor 'x' is FP32 but its data is not all numbers
			{"inputs": [{"name": "x", "shape": [2], "datatype": "FP32", "data": [1, true]}]} | tensor 'x' is FP32 but its data is not all numbers
			{"inputs": [{"name": "x", "shape": [2], "datatype": "INT64", "data": [1, 1.5]}]} | tensor 'x' is INT64 but holds a non-integer number
			{"inputs": [{"name": "x", "shape": [1], "datatype": "BOOL", "data": [1]}]}      | tensor 'x' is BOOL but its data is not all booleans
			{"inputs": [{"name": "x", "shape": [1], "datatype": "BYTES", "data": [1]}]}     | tensor 'x' is BYTES but its data is not all strings
			{"inputs": [{"name": "x", "shape": [2, -1], "datatype": "FP32", "data": [1]}]}  | tensor 'x' has a negative dimension in shape [2, -1]
			{"inputs": [{"name": "x", "shape": [1.5], "datatype": "FP32", "data": [1]}]}    | 'inputs[0].shape' must be an array of integers
			{"inputs": [{"name": "x", "shape": 1, "datatype": "FP32", "data": [1]}]}        | 'inputs[0].shape' must be an array of integers
			{"inputs": [{"name": 5, "shape": [1], "datatype": "FP32", "data": [1]}]}        | 'inputs[0].name' must be a string
			{"inputs": [{"name": "x", "shape": [1], "datatype": "FP32", "data": [null]}]}   | tensor 'x' data holds an unexpected null
			{"inputs": [{"name": "x", "shape": [1], "datatype": "FP32", "data": [{"a": 1}]}]} | tensor 'x' data holds an unexpected object
			{"inputs": [{"name": "x", "shape": [1], "datatype": "INT64", "data": [1e300]}]} | tensor 'x' is INT64 but holds a number out of range: beyond 64 bits
			{"inputs": [{"name": "x", "shape": [1], "datatype": "INT64", "data": [99999999999999999999]}]} | tensor 'x' is INT64 but holds a number out of range: beyond 64 bits
			{"inputs": [{"name": "x", "shape": [1], "datatype": "FP32", "data": [1e300]}]}  | tensor 'x' is FP32 but holds a number out of its range: 1.0E300
			{"inputs": [{"name": "x", "shape": [1], "datatype": "FP64", "data": [1e999]}]}  | tensor 'x' is FP64 but holds a number out of its range
			{"inputs": [{"name": "x", "shape": [1], "datatype": "UINT8", "data": [256]}]}   | tensor 'x' is UINT8 but holds a number out of range: 256
			{"inputs": [{"name": "x", "shape": [1], "datatype": "INT8", "data": [-129]}]}   | tensor 'x' is INT8 but holds a number out of range
			{"inputs": [{"name": "x", "shape": [1], "datatype": "UINT32", "data": [-1]}]}   | tensor 'x' is UINT32 but holds a number out of range
			{"inputs": [{"name": "x", "shape": [3037000500, 3037000500], "datatype": "FP32", "data": [1]}]} | tensor shape is too large
			{"id": [1], "inputs": []}                                                       | 'id' must be a string
			{"parameters": {"a": {"b": 1}}, "inputs": []}                                   | parameter 'a' in 'parameters' must be a string, number or boolean, not object
			{"parameters": {"a": [1]}, "inputs": []}                                        | parameter 'a' in 'parameters' must be a string, number or boolean, not array
			{"parameters": 3, "inputs": []}                                                 | 'parameters' must be a JSON object
			{"inputs": [{"name": "x", "shape": [1], "datatype": "FP32", "data": [1], "parameters": {"p": {}}}]} | parameter 'p' in 'inputs[0].parameters' must be a string, number or boolean, not object
			{"outputs": [{}], "inputs": [{"name": "x", "shape": [1], "datatype": "FP32", "data": [1]}]} | requested output is missing 'name'
			{"outputs": {}, "inputs": []}                                                   | 'outputs' must be an array
			""")
	void rejectsBadRequestsNamingTheProblem(String body, String message) {
		assertProtocolError(() -> InferenceCodec.readRequest(json(body)), message);
	}

	@Test
	void rejectsAnEmptyBody() {
		assertProtocolError(() -> InferenceCodec.readRequest(new byte[0]), "body is empty");
		assertProtocolError(() -> InferenceCodec.readRequest(null), "body is empty");
		assertProtocolError(() -> InferenceCodec.readResponse(new byte[0]), "body is empty");
	}

	@Test
	void rejectsInvalidUtf8AsMalformedJson() {
		byte[] body = { '{', '"', (byte) 0xC3, (byte) 0x28, '"', ':', '1', '}' };
		assertProtocolError(() -> InferenceCodec.readRequest(body), "malformed JSON");
	}

	@Test
	void rejectsDataNestedTooDeeply() {
		String nested = "[".repeat(40) + "1" + "]".repeat(40);
		assertProtocolError(() -> InferenceCodec.readRequest(json(
				"{\"inputs\": [{\"name\": \"x\", \"shape\": [1], \"datatype\": \"FP32\", \"data\": " + nested + "}]}")),
				"tensor 'x' data is nested too deeply");
	}

	@ParameterizedTest
	@CsvSource(delimiter = '|', quoteCharacter = '`', textBlock = """
			{"outputs": []}                                 | response is missing 'model_name'
			{"model_name": "m"}                             | response is missing 'outputs'
			{"model_name": 3, "outputs": []}                | 'model_name' must be a string
			{"model_name": "m", "outputs": [{"name": "y"}]} | tensor 'y' is missing 'datatype'
			[]                                              | response body must be a JSON object
			""")
	void rejectsBadResponsesNamingTheProblem(String body, String message) {
		assertProtocolError(() -> InferenceCodec.readResponse(json(body)), message);
	}

	@ParameterizedTest
	@CsvSource(delimiter = '|', quoteCharacter = '`', textBlock = """
			{"versions": []}                                            | metadata is missing 'name'
			{"name": "m", "versions": "1"}                              | 'versions' must be an array
			{"name": "m", "versions": [{"v": 1}]}                       | 'versions' must hold strings
			{"name": "m", "versions": [["1"]]}                          | 'versions' must hold strings
			{"name": "m", "inputs": [{"datatype": "FP32"}]}             | 'inputs[]' is missing 'name'
			{"name": "m", "inputs": [{"name": "x", "datatype": "F"}]}   | unknown datatype 'F'
			{"name": "m", "inputs": [{"name": "x"}]}                    | missing 'datatype'
			""")
	void rejectsBadMetadataNamingTheProblem(String body, String message) {
		assertProtocolError(() -> InferenceCodec.readMetadata(json(body)), message);
	}

	@Test
	void readsMetadataVersionsGivenAsNumbers() {
		assertThat(InferenceCodec.readMetadata(json("{\"name\": \"m\", \"versions\": [1, \"2\"]}")).versions())
			.containsExactly("1", "2");
	}

	@Test
	void readErrorReturnsTheErrorStringOrNull() {
		assertThat(InferenceCodec.readError(json("{\"code\": {\"a\": [1]}, \"error\": \"boom\"}"))).isEqualTo("boom");
		assertThat(InferenceCodec.readError(json("{\"error\": 5}"))).isNull();
		assertThat(InferenceCodec.readError(json("{\"message\": \"boom\"}"))).isNull();
		assertThat(InferenceCodec.readError(json("[\"error\"]"))).isNull();
		assertThat(InferenceCodec.readError(json("<html>502 Bad Gateway</html>"))).isNull();
		assertThat(InferenceCodec.readError(new byte[0])).isNull();
		assertThat(InferenceCodec.readError(null)).isNull();
	}

	@Test
	void protocolExceptionsCarryNoStackTrace() {
		ProtocolException ex = org.junit.jupiter.api.Assertions.assertThrows(ProtocolException.class,
				() -> InferenceCodec.readRequest(json("{}")));
		assertThat(ex.getStackTrace()).isEmpty();
	}

	private static void assertProtocolError(Runnable read, String message) {
		assertThatExceptionOfType(ProtocolException.class).isThrownBy(read::run).withMessageContaining(message);
	}

	private static byte[] json(String text) {
		return text.getBytes(StandardCharsets.UTF_8);
	}

}
