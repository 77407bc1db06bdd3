package io.chorus.gateway.limits;

import java.time.Duration;
import java.util.concurrent.TimeoutException;
import java.util.concurrent.atomic.AtomicLong;

import io.chorus.gateway.error.GatewayRejection;
import reactor.core.publisher.Flux;

import org.springframework.core.io.buffer.DataBuffer;
import org.springframework.core.io.buffer.DataBufferUtils;
import org.springframework.http.HttpStatus;
import org.springframework.http.server.reactive.ServerHttpRequest;
import org.springframework.http.server.reactive.ServerHttpRequestDecorator;

/**
 * A request whose body is the client's responsibility: it fails with 413 as soon as more than
 * the limit has streamed through, with 408 when the client sends nothing for the read timeout
 * (a trickling, slowloris-style upload), and with a {@link GatewayRejection} whenever reading it
 * fails (the client went away). Every such failure is a {@code GatewayRejection}, so the route's
 * circuit breaker, which ignores them, never blames the upstream for a client's body. Buffers
 * are passed on one by one, never collected.
 */
final class ClientBodyRequest extends ServerHttpRequestDecorator {

	private final long maxBytes;

	private final Duration readTimeout;

	ClientBodyRequest(ServerHttpRequest delegate, long maxBytes, Duration readTimeout) {
		super(delegate);
		this.maxBytes = maxBytes;
		this.readTimeout = readTimeout;
	}

	@Override
	public Flux<DataBuffer> getBody() {
		return Flux.defer(() -> {
			AtomicLong seen = new AtomicLong();
			// timeout(Duration) restarts with every buffer: it measures silence, not the whole upload.
			return super.getBody()
				.timeout(this.readTimeout)
				.onErrorMap((ex) -> !(ex instanceof GatewayRejection), this::clientFault)
				.handle((buffer, sink) -> {
					if (seen.addAndGet(buffer.readableByteCount()) > this.maxBytes) {
						DataBufferUtils.release(buffer);
						sink.error(tooLarge(this.maxBytes));
					}
					else {
						sink.next(buffer);
					}
				});
		});
	}

	private GatewayRejection clientFault(Throwable failure) {
		if (failure instanceof TimeoutException) {
			return new GatewayRejection(HttpStatus.REQUEST_TIMEOUT,
					"request body stalled: nothing received for " + this.readTimeout.toMillis() + " ms");
		}
		return new GatewayRejection(HttpStatus.BAD_REQUEST, "request body could not be read: " + failure.getClass().getSimpleName());
	}

	static GatewayRejection tooLarge(long maxBytes) {
		return new GatewayRejection(HttpStatus.CONTENT_TOO_LARGE,
				"request body is larger than the limit of " + maxBytes + " bytes");
	}

}
