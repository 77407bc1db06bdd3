package io.chorus.ensemble.metrics;

import java.time.Duration;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.atomic.AtomicInteger;

import io.micrometer.core.instrument.Counter;
import io.micrometer.core.instrument.DistributionSummary;
import io.micrometer.core.instrument.MeterRegistry;
import io.micrometer.core.instrument.Timer;

/**
 * The service's Micrometer meters: one timer per ensemble request (ensemble, outcome) and per member call
 * (ensemble, member, outcome), both with histograms; counters of degraded and failed requests; an
 * in-flight gauge per ensemble. Every tag value comes from configuration or a fixed set, so cardinality
 * stays bounded.
 */
public final class EnsembleMetrics {

	private final MeterRegistry registry;

	// Nested maps keyed by the callers' own strings: a lookup on the request path allocates nothing.
	private final Map<String, Map<String, Map<String, Timer>>> memberTimers = new ConcurrentHashMap<>();

	private final Map<String, Map<String, Timer>> requestTimers = new ConcurrentHashMap<>();

	private final Map<String, Map<String, Counter>> counters = new ConcurrentHashMap<>();

	private final Map<String, AtomicInteger> inFlight = new ConcurrentHashMap<>();

	private final Map<String, DistributionSummary> agreements = new ConcurrentHashMap<>();

	/**
	 * Creates the meters' home.
	 * @param registry the registry to publish to
	 */
	public EnsembleMetrics(MeterRegistry registry) {
		this.registry = registry;
	}

	/**
	 * Records one member call.
	 * @param ensemble the ensemble name
	 * @param member the member name
	 * @param outcome the outcome kind
	 * @param latency how long it took
	 */
	public void memberCall(String ensemble, String member, String outcome, Duration latency) {
		Map<String, Timer> byOutcome = level(level(this.memberTimers, ensemble), member);
		Timer timer = byOutcome.get(outcome);
		if (timer == null) {
			timer = byOutcome.computeIfAbsent(outcome, (key) -> Timer.builder("chorus.member.calls")
				.description("Calls from an ensemble to one member, by outcome")
				.tags("ensemble", ensemble, "member", member, "outcome", outcome)
				.publishPercentileHistogram()
				.register(this.registry));
		}
		timer.record(latency);
	}

	/**
	 * Records one ensemble request.
	 * @param ensemble the ensemble name
	 * @param outcome {@code ok}, {@code degraded}, {@code quorum-lost}, {@code deadline}, {@code rejected-input}
	 * @param latency how long it took
	 */
	public void request(String ensemble, String outcome, Duration latency) {
		Map<String, Timer> byOutcome = level(this.requestTimers, ensemble);
		Timer timer = byOutcome.get(outcome);
		if (timer == null) {
			timer = byOutcome.computeIfAbsent(outcome, (key) -> Timer.builder("chorus.ensemble.requests")
				.description("Ensemble requests, by outcome")
				.tags("ensemble", ensemble, "outcome", outcome)
				.publishPercentileHistogram()
				.register(this.registry));
		}
		timer.record(latency);
		if (!outcome.equals("ok")) {
			Map<String, Counter> counters = level(this.counters, ensemble);
			Counter counter = counters.get(outcome);
			if (counter == null) {
				String name = outcome.equals("degraded") ? "chorus.ensemble.degraded" : "chorus.ensemble.failed";
				counter = counters.computeIfAbsent(outcome, (key) -> Counter.builder(name)
					.description(outcome.equals("degraded") ? "Requests answered without every member"
							: "Requests that got no aggregated answer")
					.tags("ensemble", ensemble, "outcome", outcome)
					.register(this.registry));
			}
			counter.increment();
		}
	}

	/**
	 * Records how far the members of one answered request agreed with the ensemble's labels.
	 * @param ensemble the ensemble name
	 * @param agreement the fraction of answering members whose label equals the ensemble's, between 0 and 1
	 */
	public void agreement(String ensemble, double agreement) {
		DistributionSummary summary = this.agreements.get(ensemble);
		if (summary == null) {
			summary = this.agreements.computeIfAbsent(ensemble, (key) -> DistributionSummary
				.builder("chorus.ensemble.agreement")
				.description("Fraction of answering members whose label equals the ensemble's, per answered request")
				.tags("ensemble", ensemble)
				.register(this.registry));
		}
		summary.record(agreement);
	}

	private static <V> Map<String, V> level(Map<String, Map<String, V>> map, String key) {
		Map<String, V> inner = map.get(key);
		return (inner != null) ? inner : map.computeIfAbsent(key, (k) -> new ConcurrentHashMap<>());
	}

	/**
	 * The in-flight request count of an ensemble, registered as a gauge on first use.
	 * @param ensemble the ensemble name
	 * @return the counter to increment on start and decrement on end
	 */
	public AtomicInteger inFlight(String ensemble) {
		return this.inFlight.computeIfAbsent(ensemble, (name) -> this.registry.gauge("chorus.ensemble.in_flight",
				java.util.List.of(io.micrometer.core.instrument.Tag.of("ensemble", name)), new AtomicInteger()));
	}

}
