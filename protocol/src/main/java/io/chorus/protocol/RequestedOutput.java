package io.chorus.protocol;

import java.util.Map;

/**
 * An output a client asks for by name in an inference request.
 *
 * @param name the output tensor name
 * @param parameters optional protocol parameters
 */
public record RequestedOutput(String name, Map<String, Object> parameters) {

	/** Copies the parameters. */
	public RequestedOutput {
		if (name == null || name.isEmpty()) {
			throw new ProtocolException("requested output is missing 'name'");
		}
		parameters = Parameters.copy(parameters);
	}

}
