package io.chorus.ensemble.cache;

import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.util.HexFormat;
import java.util.Map;
import java.util.TreeMap;

import io.chorus.protocol.InferenceCodec;
import io.chorus.protocol.InferenceRequest;

/**
 * The identity of a request's content: a SHA-256 hash of its canonical form (inputs, parameters in name order
 * without {@code chorus.detail}, which only changes how the answer is shown, and requested outputs; never its
 * {@code id}).
 */
final class RequestKeys {

	private RequestKeys() {
	}

	static String of(InferenceRequest request) {
		Map<String, Object> parameters = new TreeMap<>(request.parameters());
		parameters.remove("chorus.detail");
		byte[] canonical = InferenceCodec.write(new InferenceRequest(null, parameters, request.inputs(), request.outputs()));
		try {
			return HexFormat.of().formatHex(MessageDigest.getInstance("SHA-256").digest(canonical));
		}
		catch (NoSuchAlgorithmException ex) {
			throw new IllegalStateException("every Java platform has SHA-256", ex);
		}
	}

}
