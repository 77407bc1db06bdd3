package io.chorus.ensemble.member;

import org.junit.jupiter.api.Test;

import static org.assertj.core.api.Assertions.assertThat;

class RetryBudgetTests {

	@Test
	void allowsTheMinimumRetriesWithoutTraffic() {
		RetryBudget budget = new RetryBudget(0.1, 3);
		assertThat(budget.tryWithdraw()).isTrue();
		assertThat(budget.tryWithdraw()).isTrue();
		assertThat(budget.tryWithdraw()).isTrue();
		assertThat(budget.tryWithdraw()).isFalse();
	}

	@Test
	void earnsOneRetryPerTenCallsAtTenPercent() {
		RetryBudget budget = new RetryBudget(0.1, 0);
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
	void capsSavedRetriesSoAQuietPeriodCannotFundAStorm() {
		RetryBudget budget = new RetryBudget(0.1, 0);
		for (int i = 0; i < 1_000_000; i++) {
			budget.deposit();
		}
		int allowed = 0;
		while (budget.tryWithdraw()) {
			allowed++;
		}
		assertThat(allowed).isEqualTo(100);
	}

}
