package io.chorus.gateway.warmup;

import org.springframework.boot.health.contributor.Health;
import org.springframework.boot.health.contributor.HealthIndicator;

/**
 * Holds the readiness group OUT_OF_SERVICE while the warm-up runs, then reports what it did. Liveness does not
 * include it: a warming gateway is alive, just not yet worth sending traffic to.
 */
final class WarmupHealthIndicator implements HealthIndicator {

	private final GatewayWarmup warmup;

	WarmupHealthIndicator(GatewayWarmup warmup) {
		this.warmup = warmup;
	}

	@Override
	public Health health() {
		GatewayWarmup.Report report = this.warmup.report();
		if (report == null) {
			return Health.outOfService().withDetail("warmup", "running").build();
		}
		Health.Builder health = Health.up();
		if (report.failure() != null) {
			health.withDetail("failure", report.failure());
		}
		return health.withDetail("tookMs", report.took().toMillis())
			.withDetail("loopbackRequests", report.loopbackRequests())
			.withDetail("loopbackAnswered", report.loopbackAnswered())
			.withDetail("upstreamReached", report.upstreamReached())
			.withDetail("upstreamUnreachable", report.upstreamUnreachable())
			.withDetail("cappedByMaxTime", report.capped())
			.withDetail("endedBy", report.endedBy().name().toLowerCase(java.util.Locale.ROOT))
			.build();
	}

}
