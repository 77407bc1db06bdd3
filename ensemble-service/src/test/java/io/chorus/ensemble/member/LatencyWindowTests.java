package io.chorus.ensemble.member;

import java.time.Duration;
import java.util.concurrent.atomic.AtomicLong;

import org.junit.jupiter.api.Test;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.within;

class LatencyWindowTests {

	private final AtomicLong now = new AtomicLong();

	private final LatencyWindow window = new LatencyWindow(95, Duration.ofSeconds(10), this.now::get);

	@Test
	void isUnknownUntilEnoughAnswersAreInCompletedSlices() {
		for (int i = 0; i < 100; i++) {
			this.window.record(millis(10));
		}
		assertThat(this.window.percentile()).isNull();
		this.now.addAndGet(Duration.ofSeconds(1).toNanos());
		assertThat(this.window.percentile()).isNotNull();
	}

	@Test
	void followsThePercentileOfTheWindow() {
		for (int i = 1; i <= 100; i++) {
			this.window.record(millis(i));
		}
		this.now.addAndGet(Duration.ofSeconds(1).toNanos());
		assertThat(this.window.percentile().toMillis()).isCloseTo(95, within(2L));
		assertThat(this.window.median().toMillis()).isCloseTo(50, within(1L));
	}

	@Test
	void forgetsAnswersOlderThanTheWindow() {
		for (int i = 0; i < 100; i++) {
			this.window.record(millis(500));
		}
		this.now.addAndGet(Duration.ofSeconds(5).toNanos());
		for (int i = 0; i < 100; i++) {
			this.window.record(millis(10));
		}
		this.now.addAndGet(Duration.ofSeconds(1).toNanos());
		assertThat(this.window.percentile().toMillis()).isCloseTo(500, within(5L));
		this.now.addAndGet(Duration.ofSeconds(5).toNanos());
		assertThat(this.window.percentile().toMillis()).isCloseTo(10, within(1L));
		this.now.addAndGet(Duration.ofSeconds(30).toNanos());
		assertThat(this.window.percentile()).isNull();
	}

	private static long millis(long ms) {
		return Duration.ofMillis(ms).toNanos();
	}

}
