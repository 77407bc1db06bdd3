package io.chorus.ensemble.deadline;

import java.time.Duration;

import org.junit.jupiter.api.Test;

import static org.assertj.core.api.Assertions.assertThat;

class DeadlineBudgetTests {

	@Test
	void clipsATimeoutToTheTimeLeft() {
		DeadlineBudget budget = DeadlineBudget.start(Duration.ofMillis(200));
		assertThat(budget.clip(Duration.ofSeconds(5))).isLessThanOrEqualTo(Duration.ofMillis(200));
		assertThat(budget.clip(Duration.ofMillis(10))).isEqualTo(Duration.ofMillis(10));
		assertThat(budget.expired()).isFalse();
	}

	@Test
	void anExpiredBudgetHasNothingLeft() {
		DeadlineBudget budget = DeadlineBudget.start(Duration.ZERO);
		assertThat(budget.expired()).isTrue();
		assertThat(budget.remaining()).isEqualTo(Duration.ZERO);
		assertThat(budget.clip(Duration.ofSeconds(1))).isEqualTo(Duration.ZERO);
	}

}
