package io.chorus.gateway.ratelimit;

import java.io.IOException;
import java.io.InputStream;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.util.List;

import io.chorus.gateway.management.ManagementPort;
import io.github.bucket4j.TimeMeter;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

import org.springframework.beans.factory.ObjectProvider;
import org.springframework.boot.autoconfigure.condition.ConditionalOnProperty;
import org.springframework.cloud.gateway.filter.ratelimit.RedisRateLimiter;
import org.springframework.context.annotation.Bean;
import org.springframework.cloud.gateway.support.ConfigurationService;
import org.springframework.context.annotation.Configuration;
import org.springframework.core.io.ClassPathResource;
import org.springframework.data.redis.connection.ReactiveRedisConnection;
import org.springframework.data.redis.connection.ReactiveRedisConnectionFactory;
import org.springframework.data.redis.core.ReactiveStringRedisTemplate;
import org.springframework.data.redis.core.script.DefaultRedisScript;
import org.springframework.data.redis.core.script.RedisScript;

/**
 * Chooses the token bucket backend and registers the rate-limit filter.
 */
@Configuration(proxyBeanMethods = false)
@ConditionalOnProperty(name = "chorus.gateway.rate-limit.enabled", matchIfMissing = true)
class RateLimitConfiguration {

	private static final String SCRIPT = "META-INF/scripts/request_rate_limiter.lua";

	private static final Logger log = LoggerFactory.getLogger(RateLimitConfiguration.class);

	@Bean
	ClientRateLimiter clientRateLimiter(RateLimitProperties properties,
			ObjectProvider<ReactiveStringRedisTemplate> redisTemplate,
			ObjectProvider<ReactiveRedisConnectionFactory> connections, ConfigurationService configurationService) {
		if (properties.backend() == RateLimitProperties.Backend.REDIS) {
			ReactiveStringRedisTemplate template = redisTemplate.getIfAvailable();
			if (template == null) {
				throw new IllegalStateException(
						"chorus.gateway.rate-limit.backend=redis needs Spring Data Redis (spring.data.redis.*)");
			}
			warmUp(connections.getObject());
			RedisRateLimiter limiter = new RedisRateLimiter(template, loadScript(), configurationService);
			log.info("Rate limits are shared through Redis");
			return new RedisTokenBuckets(limiter, properties);
		}
		log.info("Rate limits are kept in this process (one bucket set per replica)");
		return new LocalTokenBuckets(properties, TimeMeter.SYSTEM_NANOTIME);
	}

	/**
	 * Reads Spring Cloud Gateway's token bucket script once, here. The gateway's own script bean
	 * reads its classpath resource again whenever it computes the SHA (a file read that would run
	 * on an event loop); a script held as text never touches the file system after start-up.
	 */
	@SuppressWarnings({ "unchecked", "rawtypes" })
	private static RedisScript<List<Long>> loadScript() {
		try (InputStream in = new ClassPathResource(SCRIPT).getInputStream()) {
			DefaultRedisScript script = new DefaultRedisScript<>();
			script.setScriptText(new String(in.readAllBytes(), StandardCharsets.UTF_8));
			script.setResultType(List.class);
			script.getSha1();
			return script;
		}
		catch (IOException ex) {
			throw new UncheckedIOException("Cannot read " + SCRIPT + " from Spring Cloud Gateway", ex);
		}
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
