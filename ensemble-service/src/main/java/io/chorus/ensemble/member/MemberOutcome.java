package io.chorus.ensemble.member;

import java.time.Duration;

import io.chorus.protocol.InferenceResponse;

/**
 * How one member call ended. Every call ends in exactly one outcome, so one bad member never fails a
 * fan-out by exception.
 */
public sealed interface MemberOutcome permits MemberOutcome.Success, MemberOutcome.Failed, MemberOutcome.TimedOut,
		MemberOutcome.ShortCircuited, MemberOutcome.Rejected, MemberOutcome.Incompatible, MemberOutcome.Cancelled {

	/**
	 * The outcome's name as clients and metrics see it: {@code ok}, {@code error}, {@code timeout},
	 * {@code circuit-open}, {@code rejected}, {@code incompatible} or {@code cancelled}.
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
	 * What went wrong, or {@code null} for success.
	 * @return the error message
	 */
	String message();

	/**
	 * Whether the member counts as failed for the quorum and the degraded flag.
	 * @return false for success and for a straggler cancelled because the answer no longer needed it
	 */
	default boolean failed() {
		return true;
	}

	/**
	 * The member answered with a well-formed response.
	 *
	 * @param response the decoded response
	 * @param latency the call latency
	 * @param attempts the attempts made
	 */
	record Success(InferenceResponse response, Duration latency, int attempts) implements MemberOutcome {
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
	 * The member answered with an error status or the connection failed.
	 *
	 * @param message what happened
	 * @param status the HTTP status, or 0 for a transport failure
	 * @param latency the call latency
	 * @param attempts the attempts made
	 */
	record Failed(String message, int status, Duration latency, int attempts) implements MemberOutcome {
		@Override
		public String kind() {
			return "error";
		}

		/**
		 * Whether the member refused the input itself (a 4xx other than 408 and 429).
		 * @return true for a client error status
		 */
		public boolean clientError() {
			return this.status >= 400 && this.status < 500 && this.status != 408 && this.status != 429;
		}
	}

	/**
	 * The member did not answer within its timeout or the deadline.
	 *
	 * @param message which limit passed
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
	 * another member answered first under first-success, or the quorum became impossible).
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
