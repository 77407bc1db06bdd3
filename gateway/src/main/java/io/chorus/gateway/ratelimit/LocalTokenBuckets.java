package io.chorus.gateway.ratelimit;

import java.time.Duration;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;

import io.github.bucket4j.Bucket;
import io.github.bucket4j.ConsumptionProbe;
import io.github.bucket4j.TimeMeter;
import reactor.core.publisher.Mono;

/**
 * In-process token buckets (Bucket4j, lock-free), one per client name. Client names come from
 * configuration, so the map stays small.
 */
final class LocalTokenBuckets implements ClientRateLimiter {

	private final RateLimitProperties properties;

	private final TimeMeter clock;

	private final Map<String, Bucket> buckets = new ConcurrentHashMap<>();

	LocalTokenBuckets(RateLimitProperties properties, TimeMeter clock) {
		this.properties = properties;
		this.clock = clock;
	}

	@Override
	public Mono<Decision> tryAcquire(String client) {
		RateLimitProperties.Bucket settings = this.properties.bucketFor(client);
		Bucket bucket = this.buckets.get(client);
		if (bucket == null) {
			// Only a client's first request builds its bucket (and the capturing lambda).
			bucket = this.buckets.computeIfAbsent(client, (name) -> newBucket(settings));
		}
		ConsumptionProbe probe = bucket.tryConsumeAndReturnRemaining(settings.requestedTokens());
		long remaining = probe.getRemainingTokens() / settings.requestedTokens();
		if (probe.isConsumed()) {
			return Mono.just(new Decision(true, remaining, 0));
		}
		long retryAfter = Math.max(1, (probe.getNanosToWaitForRefill() + 999_999_999L) / 1_000_000_000L);
		return Mono.just(new Decision(false, remaining, retryAfter));
	}

	private Bucket newBucket(RateLimitProperties.Bucket settings) {
		return Bucket.builder()
			.addLimit((limit) -> limit.capacity(settings.burstCapacity())
				.refillGreedy(settings.replenishRate(), Duration.ofSeconds(1)))
			.withCustomTimePrecision(this.clock)
			.build();
	}

}
