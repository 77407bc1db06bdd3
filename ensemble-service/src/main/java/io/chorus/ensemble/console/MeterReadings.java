package io.chorus.ensemble.console;

import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.TimeUnit;

import io.micrometer.core.instrument.Meter;
import io.micrometer.core.instrument.MeterRegistry;
import io.micrometer.core.instrument.distribution.CountAtBucket;
import io.micrometer.core.instrument.distribution.HistogramSnapshot;

/**
 * One reading of the cumulative meters the console shows, by {@code ensemble} and {@code ensemble/member}: the
 * member calls by outcome (and the answers' latency histogram), hedges, ensemble requests by outcome, agreement
 * and requests in flight. One pass over each meter name per tick, never per request.
 *
 * @param counters counts and sums by key, then by name ({@code outcome:ok}, {@code hedges.sent}, ...)
 * @param latencies the {@code ok} answers' latency histogram by member key
 */
record MeterReadings(Map<String, Map<String, Double>> counters, Map<String, RecentWindow.Buckets> latencies) {

	/** The prefix of the outcome counts' names. */
	static final String OUTCOME = "outcome:";

	static MeterReadings read(MeterRegistry registry) {
		Map<String, Map<String, Double>> counters = new HashMap<>();
		Map<String, RecentWindow.Buckets> latencies = new HashMap<>();
		registry.find("chorus.member.calls").timers().forEach((timer) -> {
			String key = key(timer, true);
			String outcome = timer.getId().getTag("outcome");
			counters.computeIfAbsent(key, (k) -> new HashMap<>()).put(OUTCOME + outcome, (double) timer.count());
			if ("ok".equals(outcome)) {
				latencies.put(key, buckets(timer.takeSnapshot()));
			}
		});
		for (String name : List.of("sent", "won")) {
			registry.find("chorus.member.hedges." + name).counters().forEach((counter) -> counters
				.computeIfAbsent(key(counter, true), (k) -> new HashMap<>()).put("hedges." + name, counter.count()));
		}
		registry.find("chorus.ensemble.requests").timers().forEach((timer) -> counters
			.computeIfAbsent(key(timer, false), (k) -> new HashMap<>())
			.put(OUTCOME + timer.getId().getTag("outcome"), (double) timer.count()));
		registry.find("chorus.ensemble.agreement").summaries().forEach((summary) -> {
			Map<String, Double> values = counters.computeIfAbsent(key(summary, false), (k) -> new HashMap<>());
			values.put("agreement.sum", summary.totalAmount());
			values.put("agreement.count", (double) summary.count());
		});
		registry.find("chorus.ensemble.in_flight").gauges().forEach((gauge) -> counters
			.computeIfAbsent(key(gauge, false), (k) -> new HashMap<>()).put("in-flight", gauge.value()));
		return new MeterReadings(counters, latencies);
	}

	private static RecentWindow.Buckets buckets(HistogramSnapshot snapshot) {
		CountAtBucket[] counts = snapshot.histogramCounts();
		double[] bounds = new double[counts.length];
		double[] values = new double[counts.length];
		for (int i = 0; i < counts.length; i++) {
			bounds[i] = counts[i].bucket(TimeUnit.MILLISECONDS);
			values[i] = counts[i].count();
		}
		return new RecentWindow.Buckets(bounds, values, snapshot.count());
	}

	private static String key(Meter meter, boolean member) {
		String ensemble = meter.getId().getTag("ensemble");
		return member ? ensemble + "/" + meter.getId().getTag("member") : ensemble;
	}

}
