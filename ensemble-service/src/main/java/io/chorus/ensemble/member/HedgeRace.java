package io.chorus.ensemble.member;

import java.time.Duration;
import java.util.NoSuchElementException;
import java.util.concurrent.TimeUnit;
import java.util.function.BooleanSupplier;
import java.util.function.Consumer;

import reactor.core.Disposable;
import reactor.core.Disposables;
import reactor.core.publisher.Mono;
import reactor.core.publisher.MonoSink;
import reactor.core.scheduler.Scheduler;

/**
 * A hedged call: the primary runs; if it has neither answered nor failed after a delay, and {@code admit} allows
 * it, one backup starts. The first value wins and the other call is cancelled. A failure never starts the
 * backup (that would be a retry); a failed call only loses once the other has failed too, and then the
 * primary's failure is the result.
 *
 * <p>resilience4j has no reactive hedge in the versions Chorus uses, hence this one operator.
 */
final class HedgeRace {

	private HedgeRace() {
	}

	/**
	 * The winning value and whether it came from the backup.
	 *
	 * @param value the value
	 * @param hedged true when the backup won
	 * @param <T> the value type
	 */
	record Won<T>(T value, boolean hedged) {
	}

	/**
	 * Races a primary against a delayed backup.
	 * @param primary the first call
	 * @param backup the hedge, subscribed at most once
	 * @param delay how long the primary may run alone
	 * @param admit asked once when the delay ends; false means no hedge (budget spent, too little time left)
	 * @param discard receives a value that arrived after the race was decided (its resources must be freed)
	 * @param timer the scheduler the delay runs on
	 * @param <T> the value type
	 * @return the winner; cancelling it cancels both calls
	 */
	static <T> Mono<Won<T>> race(Mono<T> primary, Mono<T> backup, Duration delay, BooleanSupplier admit,
			Consumer<T> discard, Scheduler timer) {
		return Mono.create((sink) -> new Race<>(sink, backup, admit, discard).start(primary, delay, timer));
	}

	private static final class Race<T> {

		private final MonoSink<Won<T>> sink;

		private final Mono<T> backup;

		private final BooleanSupplier admit;

		private final Consumer<T> discard;

		private final Disposable.Swap primarySubscription = Disposables.swap();

		private final Disposable.Swap backupSubscription = Disposables.swap();

		private final Disposable.Swap timerTask = Disposables.swap();

		// Guarded by this.
		private boolean over;

		private boolean backupStarted;

		private boolean primaryFailed;

		private boolean backupFailed;

		private Throwable primaryFailure;

		Race(MonoSink<Won<T>> sink, Mono<T> backup, BooleanSupplier admit, Consumer<T> discard) {
			this.sink = sink;
			this.backup = backup;
			this.admit = admit;
			this.discard = discard;
		}

		void start(Mono<T> primary, Duration delay, Scheduler timer) {
			this.sink.onCancel(this::cancelAll);
			this.primarySubscription.update(subscribe(primary, false));
			synchronized (this) {
				if (this.over) {
					return;
				}
			}
			this.timerTask.update(timer.schedule(this::fire, delay.toNanos(), TimeUnit.NANOSECONDS));
		}

		private Disposable subscribe(Mono<T> call, boolean hedged) {
			return call.switchIfEmpty(Mono.error(() -> new NoSuchElementException("the call completed empty")))
				.subscribe((value) -> won(value, hedged), (failure) -> failed(failure, hedged));
		}

		private void fire() {
			synchronized (this) {
				if (this.over || !this.admit.getAsBoolean()) {
					return;
				}
				this.backupStarted = true;
			}
			this.backupSubscription.update(subscribe(this.backup, true));
		}

		private void won(T value, boolean hedged) {
			synchronized (this) {
				if (this.over) {
					this.discard.accept(value);
					return;
				}
				this.over = true;
			}
			// Only the loser and the timer: the winner has completed, its subscription is spent.
			this.timerTask.dispose();
			(hedged ? this.primarySubscription : this.backupSubscription).dispose();
			this.sink.success(new Won<>(value, hedged));
		}

		private void failed(Throwable failure, boolean hedged) {
			Throwable result;
			synchronized (this) {
				if (this.over) {
					return;
				}
				if (hedged) {
					this.backupFailed = true;
				}
				else {
					this.primaryFailed = true;
					this.primaryFailure = failure;
				}
				boolean othersRunning = hedged ? !this.primaryFailed : (this.backupStarted && !this.backupFailed);
				if (othersRunning) {
					return;
				}
				this.over = true;
				result = this.primaryFailure;
			}
			this.timerTask.dispose();
			this.sink.error(result);
		}

		private void cancelAll() {
			synchronized (this) {
				this.over = true;
			}
			this.timerTask.dispose();
			this.primarySubscription.dispose();
			this.backupSubscription.dispose();
		}

	}

}
