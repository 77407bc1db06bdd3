package io.chorus.ensemble.member;

import java.time.Duration;

import org.junit.jupiter.api.Test;

import static org.assertj.core.api.Assertions.assertThat;

class BackoffTests {

	private final Backoff backoff = new Backoff(Duration.ofMillis(10), Duration.ofMillis(200), 0.5);

	@Test
	void doublesFromTheFirstBackoffUpToTheMaximum() {
		assertThat(this.backoff.delay(0, 0)).isEqualTo(Duration.ofMillis(10));
		assertThat(this.backoff.delay(1, 0)).isEqualTo(Duration.ofMillis(20));
		assertThat(this.backoff.delay(3, 0)).isEqualTo(Duration.ofMillis(80));
		assertThat(this.backoff.delay(5, 0)).isEqualTo(Duration.ofMillis(200));
		assertThat(this.backoff.delay(80, 0)).isEqualTo(Duration.ofMillis(200));
	}

	@Test
	void jitterMovesTheDelayEitherWayWithinTheMaximum() {
		assertThat(this.backoff.delay(1, -1)).isEqualTo(Duration.ofMillis(10));
		assertThat(this.backoff.delay(1, 1)).isEqualTo(Duration.ofMillis(30));
		assertThat(this.backoff.delay(6, 1)).isEqualTo(Duration.ofMillis(200));
		for (int i = 0; i < 1000; i++) {
			assertThat(this.backoff.delay(2)).isBetween(Duration.ofMillis(20), Duration.ofMillis(60));
		}
	}

}
