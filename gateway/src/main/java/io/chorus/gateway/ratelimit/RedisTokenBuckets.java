package io.chorus.gateway.ratelimit;

import java.util.Map;

import reactor.core.publisher.Mono;

import org.springframework.cloud.gateway.filter.ratelimit.RedisRateLimiter;

/**
 * Token buckets in Redis, shared by every gateway replica, through Spring Cloud Gateway's
 * {@link RedisRateLimiter} (one atomic Lua script per request). When Redis cannot be reached
 * the limiter lets requests pass (fails open) and logs the error.
 */
final class RedisTokenBuckets implements ClientRateLimiter {

	static final String KEY_PREFIX = "chorus:";

	private static final String DEFAULT_SETTINGS = "chorus-default";

	private final RedisRateLimiter limiter;

	private final RateLimitProperties properties;

	RedisTokenBuckets(RedisRateLimiter limiter, RateLimitProperties properties) {
		this.limiter = limiter;
		this.properties = properties;
		// RedisRateLimiter reads its settings by "route id" from a plain map: fill it once, here, and
		// never write it again while requests read it. The Redis keys come from the client name.
		limiter.getConfig().put(DEFAULT_SETTINGS, config(properties.defaults()));
		properties.clients().forEach((client, bucket) -> limiter.getConfig().put(settingsId(client), config(bucket)));
	}

	@Override
	public Mono<Decision> tryAcquire(String client) {
		RateLimitProperties.Bucket settings = this.properties.bucketFor(client);
		String settingsId = this.properties.clients().containsKey(client) ? settingsId(client) : DEFAULT_SETTINGS;
		return this.limiter.isAllowed(settingsId, KEY_PREFIX + client).map((response) -> {
			long tokens = parse(response.getHeaders());
			long remaining = (tokens < 0) ? -1 : tokens / settings.requestedTokens();
			if (response.isAllowed()) {
				return new Decision(true, remaining, 0);
			}
			return new Decision(false, Math.max(0, remaining), settings.secondsUntilRefilled(tokens));
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
