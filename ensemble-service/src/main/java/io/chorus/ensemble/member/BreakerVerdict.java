package io.chorus.ensemble.member;

import java.util.concurrent.atomic.AtomicBoolean;

import io.github.resilience4j.circuitbreaker.CircuitBreaker;

/**
 * The circuit breaker's verdict on one attempt that got an answer, given exactly once.
 *
 * <p>An answer that decodes can still be unusable: its shape can disagree with the other members', which only
 * the fan-out can tell once gathering ends. So the breaker's permit is held until then and settled here:
 * {@link #accept()} records a success, {@link #reject(String)} a member fault, and {@link #release()} gives
 * the permit back unrecorded (the answer was not judged, for example because the client went away). Failed
 * attempts are settled by {@link MemberClient} itself, through the breaker's own record/ignore predicates.
 */
public final class BreakerVerdict {

	private final CircuitBreaker breaker;

	private final long start;

	private final AtomicBoolean settled = new AtomicBoolean();

	/**
	 * Starts the verdict on a call the breaker has just permitted; its duration is measured from now.
	 * @param breaker the breaker whose permit the call holds
	 */
	public BreakerVerdict(CircuitBreaker breaker) {
		this.breaker = breaker;
		this.start = breaker.getCurrentTimestamp();
	}

	/** Records the answer as the member's success. */
	public void accept() {
		if (this.settled.compareAndSet(false, true)) {
			this.breaker.onSuccess(elapsed(), this.breaker.getTimestampUnit());
		}
	}

	/**
	 * Records the answer as a member fault: it cannot be used.
	 * @param reason what is wrong with it
	 */
	public void reject(String reason) {
		if (this.settled.compareAndSet(false, true)) {
			this.breaker.onError(elapsed(), this.breaker.getTimestampUnit(), MemberCallException.incompatible(reason));
		}
	}

	/** Gives the permit back without recording anything. */
	public void release() {
		if (this.settled.compareAndSet(false, true)) {
			this.breaker.releasePermission();
		}
	}

	/**
	 * Settles a failed attempt; the breaker's predicates decide whether it counts or is ignored.
	 * @param failure what went wrong
	 */
	void fail(Throwable failure) {
		if (this.settled.compareAndSet(false, true)) {
			this.breaker.onError(elapsed(), this.breaker.getTimestampUnit(), failure);
		}
	}

	private long elapsed() {
		return this.breaker.getCurrentTimestamp() - this.start;
	}

}
