package io.chorus.bench.load;

import java.util.List;
import java.util.Map;

/**
 * What one load run measured. Latencies are in milliseconds, from each request's scheduled start.
 *
 * @param requests requests scheduled
 * @param ok correct answers
 * @param errors everything else, including requests still unanswered when the run gave up waiting
 * @param errorKinds errors by reason
 * @param seconds from the first scheduled start to the last answer (or the end of the schedule, if later)
 * @param p50 median latency of correct answers
 * @param p99 99th percentile
 * @param p999 99.9th percentile
 * @param max the largest latency
 * @param maxInFlight the most requests in flight at once
 * @param maxLagMs how late the generator sent its most delayed request (a sanity check of the generator)
 * @param p99BySecond the 99th percentile of the answers to the requests scheduled in each second of the run, in
 * order (how long a cold start's tail lasts, where one p99 over the whole run cannot say)
 */
public record RunStats(long requests, long ok, long errors, Map<String, Long> errorKinds, double seconds, double p50,
		double p99, double p999, double max, long maxInFlight, double maxLagMs, List<Double> p99BySecond) {

	/**
	 * Correct answers per second.
	 * @return the throughput
	 */
	public double throughput() {
		return (this.seconds > 0) ? this.ok / this.seconds : 0;
	}

	/**
	 * The share of requests that were not a correct 200.
	 * @return between 0 and 1
	 */
	public double errorShare() {
		return (this.requests > 0) ? (double) this.errors / this.requests : 0;
	}

}
