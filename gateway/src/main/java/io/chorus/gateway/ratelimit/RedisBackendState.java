package io.chorus.gateway.ratelimit;

import java.util.concurrent.atomic.AtomicBoolean;

import io.micrometer.core.instrument.Counter;
import io.micrometer.core.instrument.Gauge;
import io.micrometer.core.instrument.MeterRegistry;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

import org.springframework.boot.health.contributor.Health;
import org.springframework.boot.health.contributor.HealthIndicator;

/**
 * Whether the Redis rate-limit backend answers, told once per change: one WARN when an outage
 * starts, one INFO when Redis is back, never a line per request. Published as the gauge
 * {@code chorus_gateway_rate_limit_backend_up} (1 or 0), the counter
 * {@code chorus_gateway_rate_limit_fail_open_total} (requests let through unlimited) and the
 * health component {@code rateLimiter}. The component is always UP: a limiter that fails open
 * must not take the gateway out of service, so it reports the mode as a detail instead.
 */
final class RedisBackendState implements HealthIndicator {

	private static final Logger log = LoggerFactory.getLogger(RedisBackendState.class);

	private final AtomicBoolean up = new AtomicBoolean(true);

	private final Counter failOpen;

	RedisBackendState(MeterRegistry meters) {
		Gauge.builder("chorus.gateway.rate.limit.backend.up", this.up, (value) -> value.get() ? 1 : 0)
			.description("Whether the Redis rate-limit backend answers (1) or requests pass unlimited (0)")
			.register(meters);
		this.failOpen = Counter.builder("chorus.gateway.rate.limit.fail.open")
			.description("Requests let through without a rate limit because Redis did not answer")
			.register(meters);
	}

	/**
	 * Records a request let through because Redis did not answer; logs a WARN if this starts an outage.
	 * @param why what went wrong, without a stack trace
	 */
	void failedOpen(String why) {
		this.failOpen.increment();
		unavailable(why);
	}

	/**
	 * Records that Redis cannot be used; logs a WARN if this starts an outage.
	 * @param why what went wrong, without a stack trace
	 */
	void unavailable(String why) {
		if (this.up.compareAndSet(true, false)) {
			log.warn("Redis rate-limit backend is unavailable ({}): requests pass without a shared rate limit "
					+ "(fail open) until it answers again", why);
		}
	}

	/** Records an answer from Redis; logs an INFO if this ends an outage. */
	void answered() {
		if (this.up.compareAndSet(false, true)) {
			log.info("Redis rate-limit backend answers again: shared rate limits apply");
		}
	}

	boolean isUp() {
		return this.up.get();
	}

	@Override
	public Health health() {
		boolean reachable = this.up.get();
		return Health.up()
			.withDetail("backend", "redis")
			.withDetail("reachable", reachable)
			.withDetail("mode", reachable ? "shared" : "fail-open")
			.build();
	}

}
