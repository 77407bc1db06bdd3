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
	 * Returns the HTTP status the client gets.
	 * @return the status
	 */
	public HttpStatus status() {
		return this.status;
	}

}
