package io.chorus.gateway.limits;

import java.util.concurrent.atomic.AtomicLong;

import io.chorus.gateway.error.GatewayRejection;
import reactor.core.publisher.Flux;

import org.springframework.core.io.buffer.DataBuffer;
import org.springframework.core.io.buffer.DataBufferUtils;
import org.springframework.http.HttpStatus;
import org.springframework.http.server.reactive.ServerHttpRequest;
import org.springframework.http.server.reactive.ServerHttpRequestDecorator;

/**
 * A request whose body fails with 413 as soon as more than the limit has streamed through.
 * Buffers are passed on one by one, never collected.
 */
final class BodySizeLimitedRequest extends ServerHttpRequestDecorator {

	private final long maxBytes;

	BodySizeLimitedRequest(ServerHttpRequest delegate, long maxBytes) {
		super(delegate);
		this.maxBytes = maxBytes;
	}

	@Override
	public Flux<DataBuffer> getBody() {
		return Flux.defer(() -> {
			AtomicLong seen = new AtomicLong();
			return super.getBody().handle((buffer, sink) -> {
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

	static GatewayRejection tooLarge(long maxBytes) {
		return new GatewayRejection(HttpStatus.CONTENT_TOO_LARGE,
				"request body is larger than the limit of " + maxBytes + " bytes");
	}

}
