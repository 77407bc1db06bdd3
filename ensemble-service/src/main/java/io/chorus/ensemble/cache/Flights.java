package io.chorus.ensemble.cache;

import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;
import java.util.function.Consumer;
import java.util.function.Supplier;

import reactor.core.Disposable;
import reactor.core.publisher.Mono;
import reactor.core.publisher.Sinks;

import io.chorus.ensemble.fanout.EnsembleResult;

/**
 * Single-flight: the fan-outs running now, by request key. The first caller of a key starts the fan-out on a
 * subscription of its own; every caller, the first included, waits on the flight's result. A caller that goes
 * away only leaves; the fan-out is cancelled when the last caller has left.
 */
final class Flights {

	private final Map<String, Flight> running = new ConcurrentHashMap<>();

	/**
	 * Joins the flight of a key, starting it when there is none.
	 * @param key the request key (content and effective deadline)
	 * @param run starts the fan-out
	 * @param joined told whether the caller joined a running flight (true) or started one (false)
	 * @return the flight's result
	 */
	Mono<EnsembleResult> join(String key, Supplier<Mono<EnsembleResult>> run, Consumer<Boolean> joined) {
		Flight[] started = new Flight[1];
		Flight flight = this.running.compute(key, (k, existing) -> {
			if (existing != null && existing.join()) {
				return existing;
			}
			started[0] = new Flight();
			started[0].join();
			return started[0];
		});
		joined.accept(started[0] == null);
		if (started[0] != null) {
			flight.start(run.get().doFinally((signal) -> this.running.remove(key, flight)));
		}
		return flight.result().doOnCancel(flight::leave);
	}

	/** One shared fan-out. */
	private static final class Flight {

		private final Sinks.One<EnsembleResult> result = Sinks.one();

		private int callers;

		private boolean over;

		private Disposable run;

		synchronized boolean join() {
			if (this.over) {
				return false;
			}
			this.callers++;
			return true;
		}

		synchronized void leave() {
			if (!this.over && --this.callers == 0) {
				this.over = true;
				if (this.run != null) {
					this.run.dispose();
				}
			}
		}

		void start(Mono<EnsembleResult> fanout) {
			Disposable subscription = fanout.subscribe((value) -> {
				synchronized (this) {
					this.over = true;
				}
				this.result.tryEmitValue(value);
			}, this.result::tryEmitError);
			synchronized (this) {
				this.run = subscription;
				if (this.over && this.callers == 0) {
					subscription.dispose();
				}
			}
		}

		Mono<EnsembleResult> result() {
			return this.result.asMono();
		}

	}

}
