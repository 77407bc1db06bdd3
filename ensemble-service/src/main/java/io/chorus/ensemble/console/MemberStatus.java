package io.chorus.ensemble.console;

import java.util.List;

import io.github.resilience4j.circuitbreaker.CircuitBreaker;

import io.chorus.ensemble.member.ReplicaState;

/**
 * One word for a member's health, so the page can color it: {@code unhealthy} while its breaker refuses calls,
 * {@code degraded} while the breaker probes (half-open), a replica is ejected, or a tenth or more of the window's
 * calls failed or timed out; {@code healthy} otherwise. It only reads states the breaker, outlier ejection and
 * the outcome meters already hold.
 */
final class MemberStatus {

	/** A failure and timeout share at or above which a member with a closed breaker is shown as degraded. */
	static final double DEGRADED_FAILURE_SHARE = 0.1;

	private MemberStatus() {
	}

	static String of(CircuitBreaker.State breaker, Double errorRate, Double timeoutRate, List<ReplicaState> replicas) {
		if (breaker == CircuitBreaker.State.OPEN || breaker == CircuitBreaker.State.FORCED_OPEN) {
			return "unhealthy";
		}
		double failing = ((errorRate != null) ? errorRate : 0) + ((timeoutRate != null) ? timeoutRate : 0);
		if (breaker == CircuitBreaker.State.HALF_OPEN || failing >= DEGRADED_FAILURE_SHARE
				|| replicas.stream().anyMatch(ReplicaState::ejected)) {
			return "degraded";
		}
		return "healthy";
	}

}
