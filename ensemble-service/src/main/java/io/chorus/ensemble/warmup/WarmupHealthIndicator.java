package io.chorus.ensemble.warmup;

import org.springframework.boot.health.contributor.Health;
import org.springframework.boot.health.contributor.HealthIndicator;

/**
 * Holds the readiness group DOWN while the warm-up runs, then reports what it did. Liveness does not include
 * it: a warming replica is alive, just not yet worth sending traffic to.
 */
final class WarmupHealthIndicator implements HealthIndicator {

	private final Warmup warmup;

	WarmupHealthIndicator(Warmup warmup) {
		this.warmup = warmup;
	}

	@Override
	public Health health() {
		Warmup.Report report = this.warmup.report();
		if (report == null) {
			return Health.outOfService().withDetail("warmup", "running").build();
		}
		Health.Builder health = Health.up();
		if (report.failure() != null) {
			health.withDetail("failure", report.failure());
		}
		return health.withDetail("tookMs", report.took().toMillis())
			.withDetail("rounds", report.rounds())
			.withDetail("answered", report.answered())
			.withDetail("replicasReached", report.replicasReached())
			.withDetail("replicasUnreachable", report.replicasUnreachable())
			.withDetail("cappedByMaxTime", report.capped())
			.withDetail("endedBy", report.endedBy().name().toLowerCase(java.util.Locale.ROOT))
			.build();
	}

}
