package io.chorus.ensemble.tracing;

import java.util.concurrent.atomic.AtomicIntegerFieldUpdater;
import java.util.function.Function;

import io.micrometer.common.KeyValue;
import io.micrometer.common.KeyValues;
import io.micrometer.observation.Observation;
import io.micrometer.observation.contextpropagation.ObservationThreadLocalAccessor;
import org.reactivestreams.Subscription;
import reactor.core.CoreSubscriber;
import reactor.core.publisher.Mono;
import reactor.core.publisher.MonoOperator;
import reactor.core.publisher.Operators;
import reactor.util.context.Context;

/**
 * One span's life around a {@link Mono} in one operator: tags how it ended (value, error or cancel before a value),
 * stops the observation once, and puts the observation in its upstream's context so spans made inside are its
 * children.
 *
 * <p>Why one operator: the chain {@code doOnNext, doOnError, doOnCancel, doFinally, contextWrite} it replaces put
 * five subscribers per span on every member call and attempt, and every context lookup upstream walked them
 * ({@code InnerOperator.currentContext} was the hottest method in the JFR profile of bench/ANALYSIS.md).
 */
final class ObservedMono<T> extends MonoOperator<T, T> {

	private final Observation observation;

	private final Function<? super T, KeyValues> ended;

	private final Function<Throwable, KeyValues> failed;

	ObservedMono(Mono<? extends T> source, Observation observation, Function<? super T, KeyValues> ended,
			Function<Throwable, KeyValues> failed) {
		super(source);
		this.observation = observation;
		this.ended = ended;
		this.failed = failed;
	}

	@Override
	public void subscribe(CoreSubscriber<? super T> actual) {
		this.source.subscribe(new Subscriber<>(actual, this));
	}

	private static final class Subscriber<T> implements CoreSubscriber<T>, Subscription {

		@SuppressWarnings("rawtypes")
		private static final AtomicIntegerFieldUpdater<Subscriber> STOPPED = AtomicIntegerFieldUpdater
			.newUpdater(Subscriber.class, "stopped");

		private final CoreSubscriber<? super T> actual;

		private final ObservedMono<T> parent;

		private final Context context;

		private Subscription upstream;

		/** Whether the work gave its value or failed: a cancel after that leaves the outcome as it was. */
		private volatile boolean settled;

		private volatile int stopped;

		Subscriber(CoreSubscriber<? super T> actual, ObservedMono<T> parent) {
			this.actual = actual;
			this.parent = parent;
			this.context = actual.currentContext().put(ObservationThreadLocalAccessor.KEY, parent.observation);
		}

		@Override
		public Context currentContext() {
			return this.context;
		}

		@Override
		public void onSubscribe(Subscription s) {
			if (Operators.validate(this.upstream, s)) {
				this.upstream = s;
				this.actual.onSubscribe(this);
			}
		}

		@Override
		public void onNext(T value) {
			this.settled = true;
			this.parent.observation.highCardinalityKeyValues(this.parent.ended.apply(value));
			this.actual.onNext(value);
		}

		@Override
		public void onError(Throwable ex) {
			this.settled = true;
			this.parent.observation.highCardinalityKeyValues(this.parent.failed.apply(ex));
			this.parent.observation.error(ex);
			this.actual.onError(ex);
			stop();
		}

		@Override
		public void onComplete() {
			this.actual.onComplete();
			stop();
		}

		@Override
		public void request(long n) {
			this.upstream.request(n);
		}

		@Override
		public void cancel() {
			if (!this.settled) {
				this.parent.observation.highCardinalityKeyValue(KeyValue.of("outcome", "cancelled"));
			}
			this.upstream.cancel();
			stop();
		}

		private void stop() {
			if (STOPPED.compareAndSet(this, 0, 1)) {
				this.parent.observation.stop();
			}
		}

	}

}
