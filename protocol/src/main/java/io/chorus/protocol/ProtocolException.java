package io.chorus.protocol;

/**
 * A message that does not follow the Open Inference Protocol. Its message names the problem and is
 * safe to show to the client; it carries no stack trace because it is an expected outcome.
 */
public class ProtocolException extends RuntimeException {

	/**
	 * Creates an exception.
	 * @param message what is wrong, phrased for the sender of the message
	 */
	public ProtocolException(String message) {
		super(message, null, false, false);
	}

}
