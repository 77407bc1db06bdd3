package io.chorus.ensemble.console;

import java.util.List;
import java.util.Map;

import io.chorus.ensemble.member.ReplicaState;

/**
 * What the console shows at one tick: every served ensemble with its members. Rates, percentiles and agreement
 * are over the last {@code windowSeconds}; {@code null} means "no traffic in the window", never zero.
 *
 * @param at when it was computed, in epoch milliseconds
 * @param windowSeconds the window that rates are computed over
 * @param ensembles the ensembles served now, by name
 */
record ConsoleSnapshot(long at, double windowSeconds, List<Ensemble> ensembles) {

	/**
	 * One ensemble.
	 * @param name the ensemble name
	 * @param strategy the aggregation strategy
	 * @param quorum how many members must answer
	 * @param inFlight requests in flight now
	 * @param requestsPerSecond requests ended per second in the window
	 * @param outcomes requests ended in the window, by outcome
	 * @param agreement mean fraction of answering members that agreed with the ensemble's label, or {@code null}
	 * @param members its live members, in declaration order
	 */
	record Ensemble(String name, String strategy, int quorum, int inFlight, double requestsPerSecond,
			Map<String, Long> outcomes, Double agreement, List<Member> members) {
	}

	/**
	 * One member.
	 * @param name the member name
	 * @param model the model it calls
	 * @param status {@code healthy}, {@code degraded} or {@code unhealthy} (see {@link MemberStatus})
	 * @param breaker the circuit breaker's state ({@code CLOSED}, {@code OPEN}, {@code HALF_OPEN}, ...)
	 * @param breakerFailureRate the failure rate in the breaker's own sliding window, or {@code null} before it
	 * has its minimum number of calls
	 * @param callsPerSecond member calls ended per second in the window
	 * @param outcomes member calls ended in the window, by outcome
	 * @param errorRate share of the window's calls that ended in {@code error} or {@code incompatible}
	 * @param timeoutRate share of the window's calls that ended in {@code timeout}
	 * @param p50Millis median latency of the window's answers ({@code ok}), or {@code null}
	 * @param p99Millis 99th percentile latency of the window's answers, or {@code null}
	 * @param hedges the hedges sent and won per second, or {@code null} when the member does not hedge
	 * @param replicas each replica's state
	 */
	record Member(String name, String model, String status, String breaker, Double breakerFailureRate,
			double callsPerSecond, Map<String, Long> outcomes, Double errorRate, Double timeoutRate, Double p50Millis,
			Double p99Millis, Hedges hedges, List<ReplicaState> replicas) {
	}

	/**
	 * A member's hedging in the window.
	 * @param sentPerSecond hedged attempts sent per second
	 * @param wonPerSecond calls per second whose answer came from the hedge
	 */
	record Hedges(double sentPerSecond, double wonPerSecond) {
	}

}
