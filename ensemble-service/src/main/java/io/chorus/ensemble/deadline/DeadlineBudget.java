package io.chorus.ensemble.deadline;

import java.time.Duration;

/**
 * The time left before a request's deadline, measured on the monotonic clock.
 *
 * <p>Member calls clip their timeouts to {@link #remaining()} and pass it downstream, so no work
 * outlives the answer it was started for.
 */
public final class DeadlineBudget {

	private final long deadlineNanos;

	private final Duration total;

	private DeadlineBudget(long startNanos, Duration total) {
		this.total = total;
		this.deadlineNanos = startNanos + total.toNanos();
	}

	/**
	 * Starts a budget now.
	 * @param total the whole budget
	 * @return the budget
	 */
	public static DeadlineBudget start(Duration total) {
		return new DeadlineBudget(System.nanoTime(), total);
	}

	/**
	 * The budget this request started with.
	 * @return the total budget
	 */
	public Duration total() {
		return this.total;
	}

	/**
	 * The time left, never negative.
	 * @return the remaining budget
	 */
	public Duration remaining() {
		long left = this.deadlineNanos - System.nanoTime();
		return (left > 0) ? Duration.ofNanos(left) : Duration.ZERO;
	}

	/**
	 * Whether the deadline has passed.
	 * @return true when no time is left
	 */
	public boolean expired() {
		return this.deadlineNanos - System.nanoTime() <= 0;
	}

	/**
	 * Clips a timeout to the time left.
	 * @param timeout the timeout wanted
	 * @return the smaller of {@code timeout} and the time left
	 */
	public Duration clip(Duration timeout) {
		Duration left = remaining();
		return (timeout.compareTo(left) < 0) ? timeout : left;
	}

}
