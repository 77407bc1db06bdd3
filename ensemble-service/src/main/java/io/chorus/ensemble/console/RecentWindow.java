package io.chorus.ensemble.console;

import java.util.ArrayList;
import java.util.List;
import java.util.Map;

/**
 * The readings of one ensemble's or member's cumulative meters over the recent window, so that rates and
 * percentiles describe the last seconds rather than everything since start-up: the console subtracts the oldest
 * reading in the window from the newest, as Prometheus's {@code rate()} and {@code histogram_quantile()} do. It
 * relies on the registry keeping counts and histogram buckets cumulative, as the Prometheus registry does (its
 * histograms never expire); a negative growth is read as none.
 * Only the console's ticker thread touches it.
 */
final class RecentWindow {

	private final long windowNanos;

	private final List<Reading> readings = new ArrayList<>();

	RecentWindow(long windowNanos) {
		this.windowNanos = windowNanos;
	}

	/**
	 * One reading of cumulative meters.
	 * @param nanos when it was taken
	 * @param counters counts and sums by name
	 * @param latency the answers' latency histogram, or {@code null}
	 */
	record Reading(long nanos, Map<String, Double> counters, Buckets latency) {
	}

	/**
	 * A cumulative histogram: {@code counts[i]} values at most {@code boundsMillis[i]}, {@code total} in all.
	 * @param boundsMillis the bucket upper bounds
	 * @param counts the cumulative counts
	 * @param total every value counted
	 */
	record Buckets(double[] boundsMillis, double[] counts, double total) {
	}

	/**
	 * Adds the newest reading and drops those older than the window, keeping one at or before its start.
	 * @param reading the reading
	 */
	void add(Reading reading) {
		this.readings.add(reading);
		while (this.readings.size() > 2 && reading.nanos() - this.readings.get(1).nanos() >= this.windowNanos) {
			this.readings.remove(0);
		}
	}

	/**
	 * The time between the oldest and the newest reading.
	 * @return seconds, 0 with fewer than two readings
	 */
	double seconds() {
		return (this.readings.size() < 2) ? 0 : (newest().nanos() - oldest().nanos()) / 1e9;
	}

	/**
	 * How much a cumulative meter grew over the window (a meter absent from the oldest reading started at 0).
	 * @param name the meter's name in the readings
	 * @return the growth, never negative
	 */
	double delta(String name) {
		if (this.readings.isEmpty()) {
			return 0;
		}
		return Math.max(0, newest().counters().getOrDefault(name, 0.0) - oldest().counters().getOrDefault(name, 0.0));
	}

	/**
	 * The names of the newest reading's meters that start with a prefix.
	 * @param prefix the prefix
	 * @return the names without the prefix
	 */
	List<String> names(String prefix) {
		if (this.readings.isEmpty()) {
			return List.of();
		}
		return newest().counters().keySet().stream().filter((name) -> name.startsWith(prefix))
			.map((name) -> name.substring(prefix.length())).toList();
	}

	/**
	 * A quantile of the values recorded in the window, interpolated linearly inside its bucket.
	 * @param q the quantile, between 0 and 1
	 * @return milliseconds, or {@code null} when nothing was recorded in the window
	 */
	Double quantile(double q) {
		if (this.readings.size() < 2 || newest().latency() == null) {
			return null;
		}
		Buckets now = newest().latency();
		Buckets then = oldest().latency();
		boolean comparable = then != null && then.boundsMillis().length == now.boundsMillis().length;
		double total = now.total() - (comparable ? then.total() : 0);
		if (total <= 0) {
			return null;
		}
		double rank = q * total;
		double lowerBound = 0;
		double lowerCount = 0;
		for (int i = 0; i < now.boundsMillis().length; i++) {
			double count = Math.max(0, now.counts()[i] - (comparable ? then.counts()[i] : 0));
			if (count >= rank && count > lowerCount) {
				if (Double.isInfinite(now.boundsMillis()[i])) {
					// Prometheus's +Inf bucket: nothing to interpolate towards, so the highest finite bound.
					return lowerBound;
				}
				return lowerBound + (now.boundsMillis()[i] - lowerBound) * (rank - lowerCount) / (count - lowerCount);
			}
			lowerBound = now.boundsMillis()[i];
			lowerCount = Math.max(lowerCount, count);
		}
		return lowerBound;
	}

	private Reading oldest() {
		return this.readings.get(0);
	}

	private Reading newest() {
		return this.readings.get(this.readings.size() - 1);
	}

}
