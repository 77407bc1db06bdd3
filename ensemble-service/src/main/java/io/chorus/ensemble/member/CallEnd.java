package io.chorus.ensemble.member;

import java.util.concurrent.atomic.AtomicIntegerFieldUpdater;
import java.util.function.Function;

import io.github.resilience4j.bulkhead.Bulkhead;
import org.reactivestreams.Subscription;
import reactor.core.CoreSubscriber;
import reactor.core.publisher.Mono;
import reactor.core.publisher.MonoOperator;
import reactor.core.publisher.Operators;

/**
 * The end of one member call in one operator: turns its answer or its failure into a {@link MemberOutcome} (a
 * call never errors) and gives the bulkhead's permit back once, however the call ends (answer, failure, cancel).
 *
 * <p>Why one operator: it replaces resilience4j's {@code BulkheadOperator} (with the {@code transformDeferred}
 * around it), a {@code map} and an {@code onErrorResume} on every member call. The permit is taken by the caller
 * before subscribing ({@link Bulkhead#tryAcquirePermission()}), as the operator did on subscription.
 *
 * @param <T> the call's answer
 */
final class CallEnd<T> extends MonoOperator<T, MemberOutcome> {

	private final Bulkhead bulkhead;

	private final Function<? super T, MemberOutcome> answered;

	private final Function<Throwable, MemberOutcome> failed;

	CallEnd(Mono<? extends T> source, Bulkhead bulkhead, Function<? super T, MemberOutcome> answered,
			Function<Throwable, MemberOutcome> failed) {
		super(source);
		this.bulkhead = bulkhead;
		this.answered = answered;
		this.failed = failed;
	}

	@Override
	public void subscribe(CoreSubscriber<? super MemberOutcome> actual) {
		this.source.subscribe(new Subscriber<>(actual, this));
	}

	private static final class Subscriber<T> extends Operators.MonoSubscriber<T, MemberOutcome> {

		@SuppressWarnings("rawtypes")
		private static final AtomicIntegerFieldUpdater<Subscriber> RELEASED = AtomicIntegerFieldUpdater
			.newUpdater(Subscriber.class, "released");

		private final CallEnd<T> parent;

		private Subscription upstream;

		private boolean done;

		private volatile int released;

		Subscriber(CoreSubscriber<? super MemberOutcome> actual, CallEnd<T> parent) {
			super(actual);
			this.parent = parent;
		}

		@Override
		public void onSubscribe(Subscription s) {
			if (Operators.validate(this.upstream, s)) {
				this.upstream = s;
				this.actual.onSubscribe(this);
				s.request(Long.MAX_VALUE);
			}
		}

		@Override
		public void onNext(T answer) {
			if (this.done) {
				Operators.onNextDropped(answer, currentContext());
				return;
			}
			this.done = true;
			release();
			complete(this.parent.answered.apply(answer));
		}

		@Override
		public void onError(Throwable failure) {
			if (this.done) {
				Operators.onErrorDropped(failure, currentContext());
				return;
			}
			this.done = true;
			release();
			complete(this.parent.failed.apply(failure));
		}

		@Override
		public void onComplete() {
			if (!this.done) {
				this.done = true;
				release();
				this.actual.onComplete();
			}
		}

		@Override
		public void cancel() {
			super.cancel();
			this.upstream.cancel();
			release();
		}

		/** An outcome nobody will receive: a success's breaker permit goes back unrecorded. */
		@Override
		protected void discard(MemberOutcome outcome) {
			if (outcome instanceof MemberOutcome.Success success) {
				success.verdict().release();
			}
			super.discard(outcome);
		}

		private void release() {
			if (RELEASED.compareAndSet(this, 0, 1)) {
				this.parent.bulkhead.onComplete();
			}
		}

	}

}
