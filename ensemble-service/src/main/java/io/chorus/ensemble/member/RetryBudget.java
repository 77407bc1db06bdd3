package io.chorus.ensemble.member;

import java.util.concurrent.atomic.AtomicLong;

/**
 * Caps retries at a fraction of a member's calls, so retries cannot multiply load on a struggling
 * member. Each call deposits {@code ratio} of a token, each retry withdraws one; a floor of
 * {@code minRetries} tokens is always available for low traffic. Lock-free.
 */
final class RetryBudget {

	private static final long SCALE = 1000;

	private final long deposit;

	private final long cap;

	private final AtomicLong tokens;

	RetryBudget(double ratio, int minRetries) {
		this.deposit = Math.round(ratio * SCALE);
		this.cap = (minRetries + Math.max(1, Math.round(ratio * 1000))) * SCALE;
		this.tokens = new AtomicLong(minRetries * SCALE);
	}

	void deposit() {
		this.tokens.accumulateAndGet(this.deposit, (current, add) -> Math.min(this.cap, current + add));
	}

	boolean tryWithdraw() {
		while (true) {
			long current = this.tokens.get();
			if (current < SCALE) {
				return false;
			}
			if (this.tokens.compareAndSet(current, current - SCALE)) {
				return true;
			}
		}
	}

}
