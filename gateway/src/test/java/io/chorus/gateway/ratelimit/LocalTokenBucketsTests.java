package io.chorus.gateway.ratelimit;

import java.time.Duration;
import java.util.Map;
import java.util.concurrent.TimeUnit;

import io.github.bucket4j.TimeMeter;
import org.junit.jupiter.api.Test;
import reactor.test.StepVerifier;

class LocalTokenBucketsTests {

	private final ManualClock clock = new ManualClock();

	private final LocalTokenBuckets buckets = new LocalTokenBuckets(new RateLimitProperties(true,
			RateLimitProperties.Backend.LOCAL, new RateLimitProperties.Bucket(10, 20, 1),
			Map.of("slow", new RateLimitProperties.Bucket(1, 4, 2)), Duration.ofMillis(100), "chorus:"), this.clock);

	@Test
	void allowsABurstThenRefusesWithTheTimeToWait() {
		StepVerifier.create(this.buckets.tryAcquire("slow")).expectNext(new Decision(true, 1, 0)).verifyComplete();
		StepVerifier.create(this.buckets.tryAcquire("slow")).expectNext(new Decision(true, 0, 0)).verifyComplete();
		StepVerifier.create(this.buckets.tryAcquire("slow")).expectNext(new Decision(false, 0, 2)).verifyComplete();
		this.clock.advanceSeconds(1);
		StepVerifier.create(this.buckets.tryAcquire("slow")).expectNext(new Decision(false, 0, 1)).verifyComplete();
		this.clock.advanceSeconds(1);
		StepVerifier.create(this.buckets.tryAcquire("slow")).expectNext(new Decision(true, 0, 0)).verifyComplete();
	}

	@Test
	void keepsOneBucketPerClientWithTheDefaultsForUnlistedClients() {
		for (int i = 0; i < 20; i++) {
			StepVerifier.create(this.buckets.tryAcquire("other")).expectNextMatches(Decision::allowed).verifyComplete();
		}
		StepVerifier.create(this.buckets.tryAcquire("other")).expectNextMatches((d) -> !d.allowed()).verifyComplete();
		StepVerifier.create(this.buckets.tryAcquire("slow")).expectNextMatches(Decision::allowed).verifyComplete();
	}

	private static final class ManualClock implements TimeMeter {

		private long nanos;

		void advanceSeconds(long seconds) {
			this.nanos += TimeUnit.SECONDS.toNanos(seconds);
		}

		@Override
		public long currentTimeNanos() {
			return this.nanos;
		}

		@Override
		public boolean isWallClockBased() {
			return false;
		}

	}

}
