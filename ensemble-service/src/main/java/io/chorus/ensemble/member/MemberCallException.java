package io.chorus.ensemble.member;

/**
 * A member answered with a status other than 200, or with an answer that cannot be used. Expected, so it has
 * no stack trace.
 *
 * <p>Only 400 and 422 mean "the input was refused": the client's fault, ignored by the breaker. Every other
 * status is the member's fault, 404 (model not loaded), 401/403, 3xx and non-200 2xx included: a member that
 * answers them forever must trip its breaker, not fill its window with successes.
 */
final class MemberCallException extends RuntimeException {

	private final int status;

	private final boolean incompatible;

	private final String detail;

	private MemberCallException(String message, int status, boolean incompatible, String detail) {
		super(message, null, false, false);
		this.status = status;
		this.incompatible = incompatible;
		this.detail = detail;
	}

	/**
	 * A status other than 200.
	 * @param status the status
	 * @param detail the member's error text, or {@code null}
	 */
	static MemberCallException status(int status, String detail) {
		return new MemberCallException("HTTP " + status, status, false, detail);
	}

	static MemberCallException incompatible(String message) {
		return new MemberCallException(message, 200, true, null);
	}

	int status() {
		return this.status;
	}

	String detail() {
		return this.detail;
	}

	boolean incompatible() {
		return this.incompatible;
	}

	boolean refusedInput() {
		return !this.incompatible && (this.status == 400 || this.status == 422);
	}

	boolean retryable() {
		return this.status == 503 || this.status == 429;
	}

	boolean memberFault() {
		return !refusedInput();
	}

}
