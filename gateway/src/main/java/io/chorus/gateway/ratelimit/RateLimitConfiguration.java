package io.chorus.gateway.ratelimit;

import java.io.IOException;
import java.io.InputStream;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.List;
import java.util.concurrent.TimeUnit;

import io.chorus.gateway.management.ManagementPort;
import io.github.bucket4j.TimeMeter;
import io.lettuce.core.ClientOptions;
import io.lettuce.core.resource.Delay;
import io.micrometer.core.instrument.MeterRegistry;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

import org.springframework.beans.factory.ObjectProvider;
import org.springframework.boot.autoconfigure.condition.ConditionalOnProperty;
import org.springframework.boot.data.redis.autoconfigure.ClientResourcesBuilderCustomizer;
import org.springframework.boot.data.redis.autoconfigure.LettuceClientOptionsBuilderCustomizer;
import org.springframework.cloud.gateway.filter.ratelimit.RedisRateLimiter;
import org.springframework.context.annotation.Bean;
import org.springframework.cloud.gateway.support.ConfigurationService;
import org.springframework.context.annotation.Configuration;
import org.springframework.core.env.Environment;
import org.springframework.core.io.ClassPathResource;
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
			ObjectProvider<ReactiveStringRedisTemplate> redisTemplate, ObjectProvider<RedisConnector> connector,
			ObjectProvider<RedisBackendState> state, ConfigurationService configurationService, Environment environment) {
		ClientBucketKeys.check(environment);
		if (properties.backend() == RateLimitProperties.Backend.REDIS) {
			ReactiveStringRedisTemplate template = redisTemplate.getIfAvailable();
			if (template == null) {
				throw new IllegalStateException(
						"chorus.gateway.rate-limit.backend=redis needs Spring Data Redis (spring.data.redis.*)");
			}
			RedisRateLimiter limiter = new RedisRateLimiter(template, loadScript(), configurationService);
			log.info("Rate limits are shared through Redis");
			return new RedisTokenBuckets(limiter, properties, state.getObject(), connector.getObject()::isConnected);
		}
		log.info("Rate limits are kept in this process (one bucket set per replica)");
		return new LocalTokenBuckets(properties, TimeMeter.SYSTEM_NANOTIME);
	}

	@Bean
	@ConditionalOnProperty(name = "chorus.gateway.rate-limit.backend", havingValue = "redis")
	RedisBackendState rateLimiterHealthIndicator(MeterRegistry meters) {
		return new RedisBackendState(meters);
	}

	@Bean
	@ConditionalOnProperty(name = "chorus.gateway.rate-limit.backend", havingValue = "redis")
	RedisConnector redisConnector(ReactiveStringRedisTemplate template, RedisBackendState state) {
		RedisConnector connector = new RedisConnector(template, loadScript(), state);
		connector.start(Duration.ofSeconds(1));
		return connector;
	}

	/**
	 * While Redis is away, Lettuce rejects commands at once instead of queueing them until it
	 * reconnects (the default), so a request waits for nothing before the limiter fails open.
	 */
	@Bean
	LettuceClientOptionsBuilderCustomizer rejectCommandsWhileDisconnected() {
		return (options) -> options.disconnectedBehavior(ClientOptions.DisconnectedBehavior.REJECT_COMMANDS);
	}

	/**
	 * Lettuce reconnects with a delay growing up to 30 s by default, so rate limits could stay off
	 * for half a minute after Redis is back; two seconds at most is cheap for one connection.
	 */
	@Bean
	ClientResourcesBuilderCustomizer reconnectQuickly() {
		return (resources) -> resources.reconnectDelay(
				Delay.exponential(Duration.ofMillis(100), Duration.ofSeconds(2), 2, TimeUnit.MILLISECONDS));
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

}
