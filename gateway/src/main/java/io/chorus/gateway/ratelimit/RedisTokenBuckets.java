package io.chorus.gateway.ratelimit;

import java.time.Duration;
import java.util.Map;
import java.util.function.BooleanSupplier;

import reactor.core.publisher.Mono;

import org.springframework.cloud.gateway.filter.ratelimit.RedisRateLimiter;

/**
 * Token buckets in Redis, shared by every gateway replica, through Spring Cloud Gateway's
 * {@link RedisRateLimiter} (one atomic Lua script per request). When Redis does not answer
 * within the timeout, or is not connected, the request passes (fails open) at once.
 *
 * <p>{@code RedisRateLimiter} swallows Redis errors itself and answers "allowed, -1 tokens
 * left"; a working script never leaves fewer than 0 tokens, so -1 is how a failure is told
 * apart here.
 */
final class RedisTokenBuckets implements ClientRateLimiter {

	private static final String DEFAULT_SETTINGS = "chorus-default";

	private static final Decision FAIL_OPEN = new Decision(true, -1, 0);

	private final RedisRateLimiter limiter;

	private final RateLimitProperties properties;

	private final RedisBackendState state;

	private final BooleanSupplier connected;

	private final Duration timeout;

	RedisTokenBuckets(RedisRateLimiter limiter, RateLimitProperties properties, RedisBackendState state,
			BooleanSupplier connected) {
		this.limiter = limiter;
		this.properties = properties;
		this.state = state;
		this.connected = connected;
		this.timeout = properties.redisTimeout();
		// RedisRateLimiter reads its settings by "route id" from a plain map: fill it once, here, and
		// never write it again while requests read it. The Redis keys come from the client name.
		limiter.getConfig().put(DEFAULT_SETTINGS, config(properties.defaults()));
		properties.clients().forEach((client, bucket) -> limiter.getConfig().put(settingsId(client), config(bucket)));
	}

	@Override
	public Mono<Decision> tryAcquire(String client) {
		if (!this.connected.getAsBoolean()) {
			// Never connected yet (Redis was down at start-up): opening the connection here would wait
			// on an event loop, so the background connector does it and requests pass meanwhile.
			this.state.failedOpen("not connected since start-up");
			return Mono.just(FAIL_OPEN);
		}
		RateLimitProperties.Bucket settings = this.properties.bucketFor(client);
		String settingsId = this.properties.clients().containsKey(client) ? settingsId(client) : DEFAULT_SETTINGS;
		return this.limiter.isAllowed(settingsId, this.properties.keyPrefix() + client)
			.timeout(this.timeout)
			.map((response) -> {
				long tokens = parse(response.getHeaders());
				if (tokens < 0) {
					this.state.failedOpen("no answer to the rate-limit script");
					return FAIL_OPEN;
				}
				this.state.answered();
				long remaining = tokens / settings.requestedTokens();
				if (response.isAllowed()) {
					return new Decision(true, remaining, 0);
				}
				return new Decision(false, remaining, settings.secondsUntilRefilled(tokens));
			})
			.onErrorResume((ex) -> {
				this.state.failedOpen(ex.getClass().getSimpleName() + " after at most " + this.timeout.toMillis() + " ms");
				return Mono.just(FAIL_OPEN);
			});
	}

	private static String settingsId(String client) {
		return "chorus-client:" + client;
	}

	private static RedisRateLimiter.Config config(RateLimitProperties.Bucket bucket) {
		return new RedisRateLimiter.Config().setReplenishRate(bucket.replenishRate())
			.setBurstCapacity(bucket.burstCapacity())
			.setRequestedTokens(bucket.requestedTokens());
	}

	private static long parse(Map<String, String> headers) {
		String value = headers.get(RedisRateLimiter.REMAINING_HEADER);
		try {
			return (value != null) ? Long.parseLong(value) : -1;
		}
		catch (NumberFormatException ex) {
			return -1;
		}
	}

}
