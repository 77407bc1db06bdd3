package io.chorus.ensemble.member;

import java.time.Duration;
import java.util.concurrent.atomic.AtomicLong;

import org.junit.jupiter.api.Test;

import static org.assertj.core.api.Assertions.assertThat;

class RetryBudgetTests {

	private final AtomicLong now = new AtomicLong();

	private RetryBudget budget(double ratio, int minRetries) {
		return new RetryBudget(ratio, minRetries, Duration.ofSeconds(10), this.now::get);
	}

	@Test
	void allowsTheMinimumRetriesWithoutTraffic() {
		RetryBudget budget = budget(0.1, 3);
		assertThat(budget.tryWithdraw()).isTrue();
		assertThat(budget.tryWithdraw()).isTrue();
		assertThat(budget.tryWithdraw()).isTrue();
		assertThat(budget.tryWithdraw()).isFalse();
	}

	@Test
	void earnsOneRetryPerTenCallsAtTenPercent() {
		RetryBudget budget = budget(0.1, 0);
		assertThat(budget.tryWithdraw()).isFalse();
		for (int i = 0; i < 9; i++) {
			budget.deposit();
		}
		assertThat(budget.tryWithdraw()).isFalse();
		budget.deposit();
		assertThat(budget.tryWithdraw()).isTrue();
		assertThat(budget.tryWithdraw()).isFalse();
	}

	@Test
	void depositsExpireSoAHealthySpellCannotFundALaterStorm() {
		RetryBudget budget = budget(0.1, 0);
		for (int i = 0; i < 1_000_000; i++) {
			budget.deposit();
		}
		// An hour later the million healthy calls no longer pay for anything.
		this.now.addAndGet(Duration.ofHours(1).toNanos());
		assertThat(budget.tryWithdraw()).isFalse();
		for (int i = 0; i < 20; i++) {
			budget.deposit();
		}
		assertThat(budget.tryWithdraw()).isTrue();
		assertThat(budget.tryWithdraw()).isTrue();
		assertThat(budget.tryWithdraw()).isFalse();
	}

	@Test
	void theMinimumRefillsWithEveryWindow() {
		RetryBudget budget = budget(0.0, 2);
		assertThat(budget.tryWithdraw()).isTrue();
		assertThat(budget.tryWithdraw()).isTrue();
		assertThat(budget.tryWithdraw()).isFalse();
		this.now.addAndGet(Duration.ofSeconds(5).toNanos());
		assertThat(budget.tryWithdraw()).as("half a window later the first retries still count").isFalse();
		this.now.addAndGet(Duration.ofSeconds(6).toNanos());
		assertThat(budget.tryWithdraw()).as("a window later they have expired").isTrue();
	}

	@Test
	void retriesWithinTheWindowCountAgainstTheRatio() {
		RetryBudget budget = budget(0.5, 0);
		for (int i = 0; i < 4; i++) {
			budget.deposit();
		}
		assertThat(budget.tryWithdraw()).isTrue();
		this.now.addAndGet(Duration.ofSeconds(3).toNanos());
		assertThat(budget.tryWithdraw()).isTrue();
		assertThat(budget.tryWithdraw()).isFalse();
	}

}
