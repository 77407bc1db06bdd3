package io.chorus.gateway.ratelimit;

import io.chorus.gateway.management.ManagementPort;
import io.github.bucket4j.TimeMeter;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

import org.springframework.beans.factory.ObjectProvider;
import org.springframework.boot.autoconfigure.condition.ConditionalOnProperty;
import org.springframework.cloud.gateway.filter.ratelimit.RedisRateLimiter;
import org.springframework.context.annotation.Bean;
import org.springframework.context.annotation.Configuration;
import org.springframework.data.redis.connection.ReactiveRedisConnection;
import org.springframework.data.redis.connection.ReactiveRedisConnectionFactory;

/**
 * Chooses the token bucket backend and registers the rate-limit filter.
 */
@Configuration(proxyBeanMethods = false)
@ConditionalOnProperty(name = "chorus.gateway.rate-limit.enabled", matchIfMissing = true)
class RateLimitConfiguration {

	private static final Logger log = LoggerFactory.getLogger(RateLimitConfiguration.class);

	@Bean
	ClientRateLimiter clientRateLimiter(RateLimitProperties properties, ObjectProvider<RedisRateLimiter> redis,
			ObjectProvider<ReactiveRedisConnectionFactory> connections) {
		if (properties.backend() == RateLimitProperties.Backend.REDIS) {
			RedisRateLimiter limiter = redis.getIfAvailable();
			if (limiter == null) {
				throw new IllegalStateException("chorus.gateway.rate-limit.backend=redis needs Spring Data Redis "
						+ "(spring.data.redis.*) and spring.cloud.gateway.server.webflux.redis.enabled=true");
			}
			warmUp(connections.getObject());
			log.info("Rate limits are shared through Redis");
			return new RedisTokenBuckets(limiter, properties);
		}
		log.info("Rate limits are kept in this process (one bucket set per replica)");
		return new LocalTokenBuckets(properties, TimeMeter.SYSTEM_NANOTIME);
	}

	@Bean
	RateLimitWebFilter rateLimitWebFilter(ClientRateLimiter limiter, ManagementPort managementPort) {
		return new RateLimitWebFilter(limiter, managementPort);
	}

	/**
	 * Opens Lettuce's shared reactive connection now, on the start-up thread. Its first connect
	 * waits for the TCP handshake, which must never happen on an event loop; once open, Lettuce
	 * reconnects in the background and the limiter fails open while Redis is away. So Redis must
	 * be reachable at start-up: the gateway refuses to start otherwise.
	 */
	private static void warmUp(ReactiveRedisConnectionFactory connections) {
		try {
			ReactiveRedisConnection connection = connections.getReactiveConnection();
			// Releases this handle only: the shared native connection stays open.
			connection.closeLater().subscribe();
		}
		catch (RuntimeException ex) {
			throw new IllegalStateException("chorus.gateway.rate-limit.backend=redis but Redis is not reachable "
					+ "at start-up (spring.data.redis.*): " + ex.getMessage(), ex);
		}
	}

}
