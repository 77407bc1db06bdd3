package io.chorus.ensemble.member;

import java.time.Duration;

import io.chorus.protocol.InferenceResponse;

/**
 * How one member call ended. Every call ends in exactly one outcome, so one bad member never fails a
 * fan-out by exception.
 */
public sealed interface MemberOutcome permits MemberOutcome.Success, MemberOutcome.Failed, MemberOutcome.RefusedInput,
		MemberOutcome.TimedOut, MemberOutcome.DeadlineExceeded, MemberOutcome.ShortCircuited, MemberOutcome.Rejected,
		MemberOutcome.Incompatible, MemberOutcome.Cancelled {

	/**
	 * The outcome's name as clients and metrics see it: {@code ok}, {@code error}, {@code refused-input},
	 * {@code timeout}, {@code deadline}, {@code circuit-open}, {@code rejected}, {@code incompatible} or
	 * {@code cancelled}.
	 * @return the outcome name
	 */
	String kind();

	/**
	 * Time from the start of the call to its end.
	 * @return the latency
	 */
	Duration latency();

	/**
	 * HTTP attempts made (0 when no request was sent).
	 * @return the attempt count
	 */
	int attempts();

	/**
	 * What went wrong in Chorus's own words, or {@code null} for success. Never holds a member's error text or
	 * an internal address, so it is safe to show any client.
	 * @return the error message
	 */
	String message();

	/**
	 * What the member or the transport said, verbatim (a member's error body, an exception's message with
	 * addresses), or {@code null}. Shown to clients only when the operator enables it.
	 * @return the raw detail
	 */
	default String detail() {
		return null;
	}

	/**
	 * Whether the member counts as failed for the quorum and the degraded flag.
	 * @return false for success and for a straggler cancelled because the answer no longer needed it
	 */
	default boolean failed() {
		return true;
	}

	/**
	 * The member answered with a well-formed response. Whether the answer counts as a success for the
	 * member's circuit breaker is decided by the fan-out, which alone can tell whether the answer fits the
	 * others': it settles {@code verdict} exactly once.
	 *
	 * @param response the decoded response
	 * @param latency the call latency
	 * @param attempts the attempts made
	 * @param verdict the breaker's pending verdict on the answering attempt
	 * @param hedged whether the answer came from a hedged attempt
	 */
	record Success(InferenceResponse response, Duration latency, int attempts, BreakerVerdict verdict,
			boolean hedged) implements MemberOutcome {

		/**
		 * An answer from the first attempt or its retries, not from a hedge.
		 * @param response the decoded response
		 * @param latency the call latency
		 * @param attempts the attempts made
		 * @param verdict the breaker's pending verdict on the answering attempt
		 */
		public Success(InferenceResponse response, Duration latency, int attempts, BreakerVerdict verdict) {
			this(response, latency, attempts, verdict, false);
		}

		@Override
		public String kind() {
			return "ok";
		}

		@Override
		public String message() {
			return null;
		}

		@Override
		public boolean failed() {
			return false;
		}
	}

	/**
	 * A member fault: the member answered with a status other than 200, 400 and 422, or the connection
	 * failed. Counted by the member's circuit breaker.
	 *
	 * @param message what happened, in Chorus's words
	 * @param status the HTTP status, or 0 for a transport failure
	 * @param detail the member's error text or the transport's message, or {@code null}
	 * @param latency the call latency
	 * @param attempts the attempts made
	 */
	record Failed(String message, int status, String detail, Duration latency, int attempts) implements MemberOutcome {
		@Override
		public String kind() {
			return "error";
		}
	}

	/**
	 * The member refused the client's input (HTTP 400 or 422): the client's fault, so the breaker ignores it.
	 *
	 * @param message the status, in Chorus's words
	 * @param status the HTTP status
	 * @param detail the member's error text, or {@code null}
	 * @param latency the call latency
	 * @param attempts the attempts made
	 */
	record RefusedInput(String message, int status, String detail, Duration latency, int attempts)
			implements MemberOutcome {
		@Override
		public String kind() {
			return "refused-input";
		}
	}

	/**
	 * The member did not answer within its own timeout: a member fault, counted by the breaker.
	 *
	 * @param message the timeout that passed
	 * @param latency the call latency
	 * @param attempts the attempts made
	 */
	record TimedOut(String message, Duration latency, int attempts) implements MemberOutcome {
		@Override
		public String kind() {
			return "timeout";
		}
	}

	/**
	 * The request's deadline budget, not the member's own timeout, ran out first, or too little of it was left
	 * to start an attempt: the caller's doing, so the breaker ignores it.
	 *
	 * @param message what ran out
	 * @param latency the call latency
	 * @param attempts the attempts made (0 when none could start)
	 */
	record DeadlineExceeded(String message, Duration latency, int attempts) implements MemberOutcome {
		@Override
		public String kind() {
			return "deadline";
		}
	}

	/**
	 * The member's circuit breaker is open; no request was sent.
	 *
	 * @param message the breaker state
	 * @param latency the time until the breaker refused
	 * @param attempts the attempts made before the breaker opened
	 */
	record ShortCircuited(String message, Duration latency, int attempts) implements MemberOutcome {
		@Override
		public String kind() {
			return "circuit-open";
		}
	}

	/**
	 * The member's bulkhead is full; no request was sent.
	 *
	 * @param message the limit hit
	 * @param latency the time until the refusal
	 */
	record Rejected(String message, Duration latency) implements MemberOutcome {
		@Override
		public String kind() {
			return "rejected";
		}

		@Override
		public int attempts() {
			return 0;
		}
	}

	/**
	 * The member answered, but the answer cannot be aggregated (malformed JSON, a missing output, a wrong
	 * shape or datatype, non-finite numbers).
	 *
	 * @param message what does not fit
	 * @param latency the call latency
	 * @param attempts the attempts made
	 */
	record Incompatible(String message, Duration latency, int attempts) implements MemberOutcome {
		@Override
		public String kind() {
			return "incompatible";
		}
	}

	/**
	 * The call was cancelled because the answer no longer needed it (quorum reached and grace over, or
	 * another member answered first under first-success, the quorum became impossible, or the client went
	 * away). Never counted by the breaker.
	 *
	 * @param message why it was cancelled
	 * @param latency the time until cancellation
	 */
	record Cancelled(String message, Duration latency) implements MemberOutcome {
		@Override
		public String kind() {
			return "cancelled";
		}

		@Override
		public int attempts() {
			return 1;
		}

		@Override
		public boolean failed() {
			return false;
		}
	}

}
