package io.chorus.gateway.ratelimit;

import java.time.Duration;
import java.util.Map;

import jakarta.validation.Valid;
import jakarta.validation.constraints.Min;
import jakarta.validation.constraints.NotNull;

import org.springframework.boot.context.properties.ConfigurationProperties;
import org.springframework.boot.context.properties.bind.DefaultValue;
import org.springframework.validation.annotation.Validated;

/**
 * Per-client token buckets.
 *
 * @param enabled whether requests are rate limited at all
 * @param backend where the buckets live: {@code local} (in this process) or {@code redis}
 * (shared by all replicas through {@code spring.data.redis.*})
 * @param defaults the bucket of any client without an entry in {@code clients}
 * @param clients buckets by client name; a name with dots needs brackets
 * ({@code clients[partner.acme].replenish-rate})
 * @param keyPrefix with the {@code redis} backend, the prefix of every bucket's key, so that several installs
 * can share one Redis without sharing buckets (the chart sets it per release)
 * @param redisTimeout with the {@code redis} backend, the longest a request waits for Redis before it
 * passes without a limit (fails open)
 */
@Validated
@ConfigurationProperties("chorus.gateway.rate-limit")
public record RateLimitProperties(
		@DefaultValue("true") boolean enabled,
		@DefaultValue("local") @NotNull Backend backend,
		@DefaultValue @Valid Bucket defaults,
		@DefaultValue @Valid Map<String, Bucket> clients,
		@DefaultValue("100ms") @NotNull Duration redisTimeout,
		@DefaultValue("chorus:") @NotNull String keyPrefix) {

	public RateLimitProperties {
		clients = Map.copyOf(clients);
	}

	/**
	 * Returns the bucket settings of a client.
	 * @param client the client name
	 * @return its own settings, or the defaults
	 */
	public Bucket bucketFor(String client) {
		return this.clients.getOrDefault(client, this.defaults);
	}

	/** Where token buckets are kept. */
	public enum Backend {

		/** In this process (Bucket4j): each replica limits on its own. */
		LOCAL,

		/** In Redis (Spring Cloud Gateway's RedisRateLimiter): one limit across replicas. */
		REDIS

	}

	/**
	 * One token bucket. A request costs {@code requestedTokens}, so the sustained rate is
	 * {@code replenishRate / requestedTokens} requests per second and a burst holds
	 * {@code burstCapacity / requestedTokens} requests.
	 *
	 * @param replenishRate tokens added per second
	 * @param burstCapacity the most tokens the bucket holds
	 * @param requestedTokens tokens one request costs (raise it for rates below one per second)
	 */
	public record Bucket(
			@DefaultValue("50") @Min(1) int replenishRate,
			@DefaultValue("100") @Min(1) int burstCapacity,
			@DefaultValue("1") @Min(1) int requestedTokens) {

		/**
		 * Returns how many seconds a client should wait before enough tokens are back.
		 * @param tokensLeft the tokens in the bucket now
		 * @return whole seconds, at least 1
		 */
		public long secondsUntilRefilled(long tokensLeft) {
			long missing = Math.max(1, this.requestedTokens - Math.max(0, tokensLeft));
			return Math.max(1, (missing + this.replenishRate - 1) / this.replenishRate);
		}

	}

}
