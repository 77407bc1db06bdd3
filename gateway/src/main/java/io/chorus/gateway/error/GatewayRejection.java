package io.chorus.gateway.error;

import org.springframework.http.HttpStatus;

/**
 * An expected refusal by the gateway (401, 403, 405, 413, 415, 429, …), turned into a JSON
 * error body in one place. It carries no stack trace: it is an answer, not a fault.
 */
public final class GatewayRejection extends RuntimeException {

	private final HttpStatus status;

	/**
	 * Creates a rejection.
	 * @param status the HTTP status the client gets
	 * @param message the text of the {@code error} field; never holds a secret
	 */
	public GatewayRejection(HttpStatus status, String message) {
		super(message, null, false, false);
		this.status = status;
	}

	/**
	 * Tells whether a failure is, or was caused by, a rejection: a client's fault, never an
	 * upstream's (a request body refused while it streamed upstream surfaces wrapped or not).
	 * @param failure the failure
	 * @return whether a rejection is in its cause chain
	 */
	public static boolean isCauseOf(Throwable failure) {
		return find(failure) != null;
	}

	static GatewayRejection find(Throwable failure) {
		for (Throwable cause = failure; cause != null; cause = cause.getCause()) {
			if (cause instanceof GatewayRejection rejection) {
				return rejection;
			}
		}
		return null;
	}

	/**
	 * Returns the HTTP status the client gets.
	 * @return the status
	 */
	public HttpStatus status() {
		return this.status;
	}

}
