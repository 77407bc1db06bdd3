package io.chorus.gateway.ratelimit;

import java.time.Duration;
import java.util.List;

import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import reactor.core.Disposable;
import reactor.core.publisher.Mono;
import reactor.core.scheduler.Schedulers;
import reactor.util.retry.Retry;

import org.springframework.beans.factory.DisposableBean;
import org.springframework.data.redis.core.ReactiveStringRedisTemplate;
import org.springframework.data.redis.core.script.RedisScript;

/**
 * Opens Lettuce's shared reactive connection off the event loops, and warms the limiter up. Its first connect waits for
 * the TCP handshake (Spring Data opens the shared connection synchronously), which must never
 * happen on an event loop; so it is tried once at start-up and, if Redis is down then, again
 * every {@code retryEvery} on a bounded-elastic thread. The gateway starts either way and the
 * limiter fails open until the connection exists; afterwards Lettuce reconnects by itself.
 */
final class RedisConnector implements DisposableBean {

	private static final Logger log = LoggerFactory.getLogger(RedisConnector.class);

	/** Keys of the warm-up bucket, in Spring Cloud Gateway's key scheme (one hash slot). */
	private static final List<String> WARM_UP_KEYS = List.of("request_rate_limiter.{chorus-warm-up}.tokens",
			"request_rate_limiter.{chorus-warm-up}.timestamp");

	/** Replenish rate, burst capacity, time (empty: Redis's own), tokens requested. */
	private static final List<String> WARM_UP_ARGS = List.of("1", "1", "", "1");

	private final ReactiveStringRedisTemplate template;

	private final RedisBackendState state;

	private volatile boolean connected;

	private volatile Disposable retries;

	private final RedisScript<?> script;

	RedisConnector(ReactiveStringRedisTemplate template, RedisScript<?> script, RedisBackendState state) {
		this.template = template;
		this.script = script;
		this.state = state;
	}

	/**
	 * Connects now, or starts connecting in the background.
	 * @param retryEvery the pause between two attempts
	 */
	void start(Duration retryEvery) {
		try {
			connect();
		}
		catch (RuntimeException ex) {
			this.state.unavailable("not reachable at start-up: " + ex.getMessage());
			this.retries = Mono.fromRunnable(this::connect)
				.subscribeOn(Schedulers.boundedElastic())
				.retryWhen(Retry.fixedDelay(Long.MAX_VALUE, retryEvery))
				.subscribe(null, (failure) -> log.debug("Gave up connecting to Redis", failure));
		}
	}

	private void connect() {
		// Runs the limiter's script once for a bucket no client has, on this thread: it opens the
		// shared connection, loads the script into Redis and warms the code path, so the first real
		// requests answer well within the limiter's short timeout instead of failing open.
		this.template.execute(this.script, WARM_UP_KEYS, WARM_UP_ARGS).blockLast(Duration.ofSeconds(5));
		this.connected = true;
		this.state.answered();
	}

	boolean isConnected() {
		return this.connected;
	}

	@Override
	public void destroy() {
		Disposable pending = this.retries;
		if (pending != null) {
			pending.dispose();
		}
	}

}
