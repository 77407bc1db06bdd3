package io.chorus.ensemble.member;

import java.util.concurrent.RejectedExecutionException;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicIntegerFieldUpdater;
import java.util.function.Supplier;

import org.reactivestreams.Subscription;
import reactor.core.CoreSubscriber;
import reactor.core.Disposable;
import reactor.core.publisher.Mono;
import reactor.core.publisher.MonoOperator;
import reactor.core.publisher.Operators;
import reactor.core.scheduler.Scheduler;
import reactor.util.context.Context;

/**
 * One attempt's timeout and bookkeeping in one operator: the first of the answer, a failure, the timeout and a
 * cancel ends the attempt, and its {@link Ending} is told exactly once.
 *
 * <p>Why one operator: it replaces {@code timeout} (which subscribed a {@code Mono.delay} and two inner subscribers
 * per attempt) and seven peeks ({@code doOnNext, doOnError, doFinally, map, doOnError, doOnCancel, doOnNext}) that
 * every attempt of every member call went through, and that every context lookup upstream walked. The timer is
 * scheduled directly on the given scheduler ({@link LoopTimer}: the calling event loop), and cancelled when the
 * attempt ends first.
 *
 * <p>When the timer fires, the HTTP exchange is cancelled and the timeout's error is signalled from the timer's
 * thread, as {@code timeout} did. An answer that comes after that is dropped.
 *
 * @param <T> the answer
 * @param <R> what the attempt emits for it
 */
final class TimedAttempt<T, R> extends MonoOperator<T, R> {

	/**
	 * What an attempt does when it ends; exactly one method is called, once.
	 *
	 * @param <T> the answer
	 * @param <R> what the attempt emits for it
	 */
	interface Ending<T, R> {

		/** The answer came in time: book it and say what to emit. */
		R answered(T answer);

		/** The attempt failed, or timed out (the failure is then the timeout's error). */
		void failed(Throwable failure);

		/** Cancelled (or completed empty) before any answer or failure. */
		void unanswered();

	}

	private final long timeoutNanos;

	private final Supplier<? extends Throwable> timeoutError;

	private final Scheduler timer;

	private final Ending<T, R> ending;

	TimedAttempt(Mono<? extends T> source, long timeoutNanos, Supplier<? extends Throwable> timeoutError,
			Scheduler timer, Ending<T, R> ending) {
		super(source);
		this.timeoutNanos = timeoutNanos;
		this.timeoutError = timeoutError;
		this.timer = timer;
		this.ending = ending;
	}

	@Override
	public void subscribe(CoreSubscriber<? super R> actual) {
		this.source.subscribe(new Subscriber<>(actual, this));
	}

	private static final class Subscriber<T, R> implements CoreSubscriber<T>, Subscription, Runnable {

		@SuppressWarnings("rawtypes")
		private static final AtomicIntegerFieldUpdater<Subscriber> ENDED = AtomicIntegerFieldUpdater
			.newUpdater(Subscriber.class, "ended");

		private final CoreSubscriber<? super R> actual;

		private final TimedAttempt<T, R> parent;

		private Subscription upstream;

		private volatile Disposable timeout;

		private volatile int ended;

		Subscriber(CoreSubscriber<? super R> actual, TimedAttempt<T, R> parent) {
			this.actual = actual;
			this.parent = parent;
		}

		@Override
		public Context currentContext() {
			return this.actual.currentContext();
		}

		@Override
		public void onSubscribe(Subscription s) {
			if (!Operators.validate(this.upstream, s)) {
				return;
			}
			this.upstream = s;
			this.actual.onSubscribe(this);
			Disposable task;
			try {
				task = this.parent.timer.schedule(this, this.parent.timeoutNanos, TimeUnit.NANOSECONDS);
			}
			catch (RejectedExecutionException ex) {
				// The timer is shutting down (so is the service): end the attempt now rather than never.
				run();
				return;
			}
			this.timeout = task;
			if (this.ended != 0) {
				// Ended while the timer was being scheduled: it must not stay queued until it fires.
				task.dispose();
			}
		}

		/** The timer fired. */
		@Override
		public void run() {
			if (ENDED.compareAndSet(this, 0, 1)) {
				this.upstream.cancel();
				Throwable failure = this.parent.timeoutError.get();
				this.parent.ending.failed(failure);
				this.actual.onError(failure);
			}
		}

		@Override
		public void onNext(T answer) {
			if (!ENDED.compareAndSet(this, 0, 1)) {
				Operators.onDiscard(answer, currentContext());
				return;
			}
			cancelTimeout();
			R value;
			try {
				value = this.parent.ending.answered(answer);
			}
			catch (RuntimeException ex) {
				this.actual.onError(Operators.onOperatorError(ex, currentContext()));
				return;
			}
			this.actual.onNext(value);
			this.actual.onComplete();
		}

		@Override
		public void onError(Throwable failure) {
			if (!ENDED.compareAndSet(this, 0, 1)) {
				Operators.onErrorDropped(failure, currentContext());
				return;
			}
			cancelTimeout();
			this.parent.ending.failed(failure);
			this.actual.onError(failure);
		}

		@Override
		public void onComplete() {
			if (ENDED.compareAndSet(this, 0, 1)) {
				cancelTimeout();
				this.parent.ending.unanswered();
				this.actual.onComplete();
			}
		}

		@Override
		public void request(long n) {
			this.upstream.request(n);
		}

		@Override
		public void cancel() {
			if (ENDED.compareAndSet(this, 0, 1)) {
				cancelTimeout();
				this.upstream.cancel();
				this.parent.ending.unanswered();
			}
		}

		private void cancelTimeout() {
			Disposable task = this.timeout;
			if (task != null) {
				task.dispose();
			}
		}

	}

}
