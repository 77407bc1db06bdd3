package io.chorus.gateway.ratelimit;

import java.nio.ByteBuffer;
import java.nio.charset.StandardCharsets;
import java.time.Duration;

import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import reactor.core.Disposable;
import reactor.core.publisher.Mono;
import reactor.core.scheduler.Schedulers;
import reactor.util.retry.Retry;

import org.springframework.beans.factory.DisposableBean;
import org.springframework.data.redis.connection.ReactiveRedisConnection;
import org.springframework.data.redis.connection.ReactiveRedisConnectionFactory;
import org.springframework.data.redis.core.script.RedisScript;

/**
 * Opens Lettuce's shared reactive connection off the event loops. Its first connect waits for
 * the TCP handshake (Spring Data opens the shared connection synchronously), which must never
 * happen on an event loop; so it is tried once at start-up and, if Redis is down then, again
 * every {@code retryEvery} on a bounded-elastic thread. The gateway starts either way and the
 * limiter fails open until the connection exists; afterwards Lettuce reconnects by itself.
 */
final class RedisConnector implements DisposableBean {

	private static final Logger log = LoggerFactory.getLogger(RedisConnector.class);

	private final ReactiveRedisConnectionFactory connections;

	private final RedisBackendState state;

	private volatile boolean connected;

	private volatile Disposable retries;

	private final RedisScript<?> script;

	RedisConnector(ReactiveRedisConnectionFactory connections, RedisScript<?> script, RedisBackendState state) {
		this.connections = connections;
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
		ReactiveRedisConnection connection = this.connections.getReactiveConnection();
		try {
			// Loads the script now, off the event loops: the first requests then find it cached in
			// Redis and run warm code, well within the limiter's short timeout.
			connection.scriptingCommands()
				.scriptLoad(ByteBuffer.wrap(this.script.getScriptAsString().getBytes(StandardCharsets.UTF_8)))
				.block(Duration.ofSeconds(5));
		}
		finally {
			// Releases this handle only: the shared native connection stays open.
			connection.closeLater().subscribe();
		}
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
