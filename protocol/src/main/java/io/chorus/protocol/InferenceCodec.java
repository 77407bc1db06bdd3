package io.chorus.protocol;

import java.util.Map;

/**
 * Reads and writes Open Inference Protocol v2 JSON (and the v1 {@code instances}/{@code predictions}
 * format) with Jackson's streaming API, straight into primitive tensor storage.
 *
 * <p>Every read method throws {@link ProtocolException} with a message naming the problem for malformed
 * JSON or a message that breaks the protocol; it never throws anything else for bad input.
 */
public final class InferenceCodec {

	private InferenceCodec() {
	}

	/**
	 * Reads an {@code inference_request}.
	 * @param json the UTF-8 body
	 * @return the request
	 */
	public static InferenceRequest readRequest(byte[] json) {
		return ProtocolReader.readRequest(json);
	}

	/**
	 * Reads an {@code inference_response}.
	 * @param json the UTF-8 body
	 * @return the response
	 */
	public static InferenceResponse readResponse(byte[] json) {
		return ProtocolReader.readResponse(json);
	}

	/**
	 * Reads a {@code metadata_model_response}.
	 * @param json the UTF-8 body
	 * @return the metadata
	 */
	public static ModelMetadata readMetadata(byte[] json) {
		return ProtocolReader.readMetadata(json);
	}

	/**
	 * Reads the {@code error} string of an error body, if the body is a JSON object that has one.
	 * @param json the body
	 * @return the error message, or {@code null}
	 */
	public static String readError(byte[] json) {
		return ProtocolReader.readError(json);
	}

	/**
	 * Reads a v1 {@code {"instances": [...]}} body into one FP64 tensor: shape {@code [n]} when each
	 * instance is a number, {@code [n, k]} when each is an array of {@code k} numbers.
	 * @param json the UTF-8 body
	 * @param tensorName the name to give the tensor
	 * @return the instances as a tensor
	 */
	public static Tensor readV1Instances(byte[] json, String tensorName) {
		return ProtocolReader.readV1Instances(json, tensorName);
	}

	/**
	 * Reads a v1 {@code {"predictions": [...]}} body into one FP64 tensor, as {@link #readV1Instances}.
	 * @param json the UTF-8 body
	 * @param tensorName the name to give the tensor
	 * @return the predictions as a tensor
	 */
	public static Tensor readV1Predictions(byte[] json, String tensorName) {
		return ProtocolReader.readV1Predictions(json, tensorName);
	}

	/**
	 * Writes an {@code inference_request}.
	 * @param request the request
	 * @return the UTF-8 body
	 */
	public static byte[] write(InferenceRequest request) {
		return ProtocolWriter.write(request);
	}

	/**
	 * Writes an {@code inference_response}.
	 * @param response the response
	 * @return the UTF-8 body
	 */
	public static byte[] write(InferenceResponse response) {
		return ProtocolWriter.write(response);
	}

	/**
	 * Writes a {@code metadata_model_response}.
	 * @param metadata the metadata
	 * @return the UTF-8 body
	 */
	public static byte[] write(ModelMetadata metadata) {
		return ProtocolWriter.write(metadata);
	}

	/**
	 * Writes a protocol error body, {@code {"error": message}}.
	 * @param message the error message
	 * @return the UTF-8 body
	 */
	public static byte[] error(String message) {
		return ProtocolWriter.error(message);
	}

	/**
	 * Writes a v1 {@code {"instances": [...]}} body from a rank-1 or rank-2 numeric tensor.
	 * @param tensor the instances
	 * @return the UTF-8 body
	 */
	public static byte[] writeV1Instances(Tensor tensor) {
		return ProtocolWriter.writeV1Instances(tensor);
	}

	/**
	 * Writes a v1 {@code {"predictions": [...]}} body from a rank-1 or rank-2 tensor.
	 * @param tensor the predictions
	 * @return the UTF-8 body
	 */
	public static byte[] writeV1Predictions(Tensor tensor) {
		return ProtocolWriter.writeV1Predictions(tensor);
	}

	/**
	 * Writes a v1 {@code {"predictions": [...]}} body with a {@code parameters} object beside the predictions,
	 * for a client that asked for more than the v1 protocol carries.
	 * @param tensor the predictions, rank 1 or 2
	 * @param parameters scalar parameters; none written when empty
	 * @return the JSON bytes
	 */
	public static byte[] writeV1Predictions(Tensor tensor, Map<String, Object> parameters) {
		return ProtocolWriter.writeV1Predictions(tensor, parameters);
	}
}
