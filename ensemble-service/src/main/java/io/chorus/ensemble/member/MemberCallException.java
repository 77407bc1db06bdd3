package io.chorus.ensemble.member;

/**
 * A member answered with an error status or an answer that cannot be decoded. Expected, so it has no
 * stack trace.
 */
final class MemberCallException extends RuntimeException {

	private final int status;

	private final boolean incompatible;

	private MemberCallException(String message, int status, boolean incompatible) {
		super(message, null, false, false);
		this.status = status;
		this.incompatible = incompatible;
	}

	static MemberCallException status(int status, String message) {
		return new MemberCallException(message, status, false);
	}

	static MemberCallException incompatible(String message) {
		return new MemberCallException(message, 200, true);
	}

	int status() {
		return this.status;
	}

	boolean incompatible() {
		return this.incompatible;
	}

	boolean retryable() {
		return this.status == 503 || this.status == 429;
	}

	boolean memberFault() {
		return this.incompatible || this.status >= 500 || this.status == 429 || this.status == 408;
	}

}
