package io.chorus.ensemble.cache;

import java.time.Duration;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;
import java.util.function.Supplier;

import com.github.benmanes.caffeine.cache.Cache;
import com.github.benmanes.caffeine.cache.Caffeine;
import io.micrometer.core.instrument.Counter;
import io.micrometer.core.instrument.MeterRegistry;
import reactor.core.publisher.Mono;

import io.chorus.ensemble.config.ChorusProperties;
import io.chorus.ensemble.config.EnsembleSpec;
import io.chorus.ensemble.fanout.EnsembleResult;
import io.chorus.protocol.InferenceRequest;

/**
 * Lets identical requests to an ensemble share answers: concurrent ones share one fan-out (single-flight, when
 * the ensemble sets {@code coalesce}), and answers are kept for a while (when it enables its {@code cache}).
 * Requests are identical when the hash of their canonical inputs, parameters and requested outputs is; a
 * fan-out is shared only between requests with the same effective deadline, so no caller's shorter deadline cuts
 * another's fan-out short. A shared fan-out runs until it decides or until every caller has gone away: one
 * caller leaving never cancels it for the others.
 *
 * <p>What is shared is the ensemble's result; each caller's response is built from it with the caller's own
 * {@code id} and request id, so a cached answer is byte-identical to a fresh one apart from {@code id}.
 */
public final class SharedAnswers {

	private final MeterRegistry registry;

	/** Per ensemble, the state of the definition it is served with now (a reloaded definition starts afresh). */
	private final Map<String, PerEnsemble> ensembles = new ConcurrentHashMap<>();

	/**
	 * Creates the shared answers.
	 * @param registry where hits, misses and coalesced requests are counted
	 */
	public SharedAnswers(MeterRegistry registry) {
		this.registry = registry;
	}

	/**
	 * Answers a request from the cache, from a fan-out already running for an identical request, or from a new
	 * fan-out.
	 * @param spec the ensemble
	 * @param request the client's request
	 * @param deadline the request's effective deadline
	 * @param noCache whether the client asked not to be answered from the cache ({@code Cache-Control: no-cache})
	 * @param run starts the fan-out; called at most once per shared fan-out
	 * @return the result; cancelling it leaves a shared fan-out running for its other callers
	 */
	public Mono<EnsembleResult> answer(EnsembleSpec spec, InferenceRequest request, Duration deadline,
			boolean noCache, Supplier<Mono<EnsembleResult>> run) {
		ChorusProperties.Cache cache = spec.features().cache();
		if (!spec.features().coalesce() && !cache.enabled()) {
			return run.get();
		}
		return Mono.defer(() -> {
			PerEnsemble state = of(spec);
			String key = RequestKeys.of(request);
			if (cache.enabled() && !noCache) {
				EnsembleResult.Answered cached = state.cache.getIfPresent(key);
				if (cached != null) {
					state.count("hit");
					return Mono.just(cached);
				}
			}
			Supplier<Mono<EnsembleResult>> caching = cache.enabled() ? () -> run.get().doOnNext((result) -> {
				if (result instanceof EnsembleResult.Answered answered && (cache.degraded() || !answered.degraded())) {
					state.cache.put(key, answered);
				}
			}) : run;
			if (!spec.features().coalesce()) {
				state.count(noCache ? "bypass" : "miss");
				return caching.get();
			}
			return state.flights.join(key + '/' + deadline.toMillis(), caching, (joined) -> state.count(joined
					? "coalesced" : (noCache && cache.enabled()) ? "bypass" : "miss"));
		});
	}

	private PerEnsemble of(EnsembleSpec spec) {
		PerEnsemble state = this.ensembles.get(spec.name());
		if (state == null || state.spec != spec) {
			state = this.ensembles.compute(spec.name(),
					(name, old) -> (old != null && old.spec == spec) ? old : new PerEnsemble(spec, this.registry));
		}
		return state;
	}

	/** One ensemble definition's cache, flights and counters. */
	private static final class PerEnsemble {

		private final EnsembleSpec spec;

		private final Cache<String, EnsembleResult.Answered> cache;

		private final Flights flights = new Flights();

		private final Map<String, Counter> counters = new ConcurrentHashMap<>();

		private final MeterRegistry registry;

		PerEnsemble(EnsembleSpec spec, MeterRegistry registry) {
			this.spec = spec;
			this.registry = registry;
			ChorusProperties.Cache settings = spec.features().cache();
			this.cache = settings.enabled()
					? Caffeine.newBuilder().maximumSize(settings.maxSize()).expireAfterWrite(settings.ttl()).build()
					: null;
		}

		void count(String result) {
			this.counters.computeIfAbsent(result, (tag) -> Counter.builder("chorus.cache.requests")
				.description("Requests to ensembles that coalesce or cache, by where their answer came from")
				.tags("ensemble", this.spec.name(), "result", tag)
				.register(this.registry)).increment();
		}

	}

}
