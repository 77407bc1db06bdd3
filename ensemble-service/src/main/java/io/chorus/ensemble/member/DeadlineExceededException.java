package io.chorus.ensemble.member;

/**
 * The request's deadline budget ran out before the member's own timeout did, or too little of it was left
 * to start an attempt. The caller's doing: the breaker ignores it. Expected, so it has no stack trace.
 */
final class DeadlineExceededException extends RuntimeException {

	DeadlineExceededException(String message) {
		super(message, null, false, false);
	}

}
