package io.chorus.ensemble.shadow;

import java.time.Duration;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;

import io.micrometer.core.instrument.Counter;
import io.micrometer.core.instrument.DistributionSummary;
import io.micrometer.core.instrument.MeterRegistry;
import io.micrometer.core.instrument.Timer;

/**
 * The shadows' meters, tagged by ensemble and shadow (and outcome or output), all from configuration:
 * {@code chorus.shadow.calls} (timer by outcome), {@code chorus.shadow.label.rows} (rows whose label agreed or
 * not) and {@code chorus.shadow.abs.difference} (per answer, the mean absolute difference from the ensemble's
 * output, with a histogram).
 */
final class ShadowMeters {

	private final MeterRegistry registry;

	private final Map<String, Timer> calls = new ConcurrentHashMap<>();

	private final Map<String, Comparison> comparisons = new ConcurrentHashMap<>();

	ShadowMeters(MeterRegistry registry) {
		this.registry = registry;
	}

	void call(String ensemble, String shadow, String outcome, Duration latency) {
		this.calls.computeIfAbsent(ensemble + '\0' + shadow + '\0' + outcome, (key) -> Timer.builder("chorus.shadow.calls")
			.description("Calls to shadow members, by outcome")
			.tags("ensemble", ensemble, "shadow", shadow, "outcome", outcome)
			.publishPercentileHistogram()
			.register(this.registry)).record(latency);
	}

	Comparison of(String ensemble, String shadow) {
		return this.comparisons.computeIfAbsent(ensemble + '\0' + shadow,
				(key) -> new Comparison(this.registry, ensemble, shadow));
	}

	/** The agreement meters of one shadow. */
	static final class Comparison {

		private final MeterRegistry registry;

		private final String ensemble;

		private final String shadow;

		private final Counter agreed;

		private final Counter disagreed;

		private final Map<String, DistributionSummary> differences = new ConcurrentHashMap<>();

		Comparison(MeterRegistry registry, String ensemble, String shadow) {
			this.registry = registry;
			this.ensemble = ensemble;
			this.shadow = shadow;
			this.agreed = rows(true);
			this.disagreed = rows(false);
		}

		void labels(long agreeing, long rows) {
			this.agreed.increment(agreeing);
			this.disagreed.increment(rows - agreeing);
		}

		void difference(String output, double meanAbsoluteDifference) {
			this.differences.computeIfAbsent(output, (name) -> DistributionSummary.builder("chorus.shadow.abs.difference")
				.description("Per answer, the mean absolute difference between a shadow's output and the ensemble's")
				.tags("ensemble", this.ensemble, "shadow", this.shadow, "output", name)
				.publishPercentileHistogram()
				.register(this.registry)).record(meanAbsoluteDifference);
		}

		private Counter rows(boolean agreeing) {
			return Counter.builder("chorus.shadow.label.rows")
				.description("Rows a shadow labelled, by whether its label agreed with the ensemble's")
				.tags("ensemble", this.ensemble, "shadow", this.shadow, "agreed", Boolean.toString(agreeing))
				.register(this.registry);
		}

	}

}
