package io.chorus.ensemble.member;

import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.TimeoutException;

import org.junit.jupiter.api.Test;
import reactor.core.publisher.Mono;
import reactor.core.publisher.Sinks;
import reactor.test.StepVerifier;
import reactor.test.scheduler.VirtualTimeScheduler;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * An attempt ends exactly once, by its answer, its failure, its timeout or a cancel, and tells its ending which.
 */
class TimedAttemptTests {

	private final VirtualTimeScheduler timer = VirtualTimeScheduler.create();

	private final Recorder ending = new Recorder();

	@Test
	void anAnswerInTimeIsMappedAndTheTimerIsCancelled() {
		Sinks.One<String> answer = Sinks.one();
		StepVerifier.create(attempt(answer.asMono(), 100))
			.then(() -> this.timer.advanceTimeBy(Duration.ofMillis(50)))
			.then(() -> answer.tryEmitValue("a"))
			.expectNext("answered:a")
			.verifyComplete();
		this.timer.advanceTimeBy(Duration.ofSeconds(1));
		assertThat(this.ending.events).containsExactly("answered:a");
	}

	@Test
	void noAnswerInTimeFailsWithTheTimeoutsErrorAndCancelsTheCall() {
		Sinks.One<String> answer = Sinks.one();
		StepVerifier.create(attempt(answer.asMono(), 100))
			.then(() -> this.timer.advanceTimeBy(Duration.ofMillis(99)))
			.expectNoEvent(Duration.ZERO)
			.then(() -> this.timer.advanceTimeBy(Duration.ofMillis(1)))
			.verifyError(TimeoutException.class);
		assertThat(answer.currentSubscriberCount()).isZero();
		// A late answer is dropped: the attempt has ended.
		answer.tryEmitValue("late");
		assertThat(this.ending.events).containsExactly("failed:TimeoutException");
	}

	@Test
	void aFailureEndsTheAttemptOnce() {
		StepVerifier.create(attempt(Mono.error(new IllegalStateException("boom")), 100))
			.verifyError(IllegalStateException.class);
		this.timer.advanceTimeBy(Duration.ofSeconds(1));
		assertThat(this.ending.events).containsExactly("failed:IllegalStateException");
	}

	@Test
	void aCancelBeforeTheAnswerIsUnansweredAndCancelsTheCall() {
		Sinks.One<String> answer = Sinks.one();
		StepVerifier.create(attempt(answer.asMono(), 100))
			.expectSubscription()
			.thenCancel()
			.verify();
		this.timer.advanceTimeBy(Duration.ofSeconds(1));
		assertThat(answer.currentSubscriberCount()).isZero();
		assertThat(this.ending.events).containsExactly("unanswered");
	}

	@Test
	void aCancelAfterTheAnswerChangesNothing() {
		StepVerifier.create(attempt(Mono.just("a"), 100))
			.expectNext("answered:a")
			.thenCancel()
			.verify();
		assertThat(this.ending.events).containsExactly("answered:a");
	}

	private Mono<String> attempt(Mono<String> call, long timeoutMillis) {
		return new TimedAttempt<>(call, Duration.ofMillis(timeoutMillis).toNanos(), TimeoutException::new, this.timer,
				this.ending);
	}

	private static final class Recorder implements TimedAttempt.Ending<String, String> {

		final List<String> events = new ArrayList<>();

		@Override
		public String answered(String answer) {
			this.events.add("answered:" + answer);
			return "answered:" + answer;
		}

		@Override
		public void failed(Throwable failure) {
			this.events.add("failed:" + failure.getClass().getSimpleName());
		}

		@Override
		public void unanswered() {
			this.events.add("unanswered");
		}

	}

}
