package io.chorus.ensemble.error;

/**
 * A client-facing failure with an HTTP status and a message safe to show. Expected, so it has no stack
 * trace; {@link JsonErrorHandler} renders it.
 */
public class ApiException extends RuntimeException {

	private final int status;

	/**
	 * Creates the exception.
	 * @param status the HTTP status
	 * @param message what went wrong, phrased for the client
	 */
	public ApiException(int status, String message) {
		super(message, null, false, false);
		this.status = status;
	}

	/**
	 * The HTTP status.
	 * @return the status code
	 */
	public int status() {
		return this.status;
	}

}
