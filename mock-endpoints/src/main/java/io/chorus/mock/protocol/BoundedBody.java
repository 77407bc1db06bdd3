package io.chorus.mock.protocol;

import java.util.Arrays;

import io.netty.buffer.ByteBuf;
import io.netty.handler.codec.http.HttpHeaderNames;
import reactor.core.publisher.Mono;
import reactor.netty.http.server.HttpServerRequest;

/**
 * Reads a whole request body into one array, failing with {@link TooLarge} past a limit.
 */
final class BoundedBody {

	private byte[] bytes;

	private int size;

	private final int limit;

	private BoundedBody(int initial, int limit) {
		this.bytes = new byte[initial];
		this.limit = limit;
	}

	static Mono<byte[]> read(HttpServerRequest req, int limit) {
		String length = req.requestHeaders().get(HttpHeaderNames.CONTENT_LENGTH);
		long declared = parse(length);
		if (declared > limit) {
			return Mono.error(new TooLarge(limit));
		}
		int initial = (declared >= 0) ? (int) declared : 1024;
		// receive() releases each buffer after onNext, so the bytes are copied synchronously in append().
		return req.receive()
			.reduceWith(() -> new BoundedBody(initial, limit), BoundedBody::append)
			.map(BoundedBody::toArray)
			.defaultIfEmpty(new byte[0]);
	}

	private BoundedBody append(ByteBuf chunk) {
		int n = chunk.readableBytes();
		if ((long) this.size + n > this.limit) {
			throw new TooLarge(this.limit);
		}
		if (this.size + n > this.bytes.length) {
			this.bytes = Arrays.copyOf(this.bytes, Math.min(this.limit, Math.max(this.size + n, this.bytes.length * 2)));
		}
		chunk.getBytes(chunk.readerIndex(), this.bytes, this.size, n);
		this.size += n;
		return this;
	}

	private byte[] toArray() {
		return (this.size == this.bytes.length) ? this.bytes : Arrays.copyOf(this.bytes, this.size);
	}

	private static long parse(String length) {
		if (length == null) {
			return -1;
		}
		try {
			return Long.parseLong(length.trim());
		}
		catch (NumberFormatException ex) {
			return -1;
		}
	}

	/** The body is larger than the limit. */
	static final class TooLarge extends RuntimeException {

		TooLarge(int limit) {
			super("request body is larger than " + limit + " bytes", null, false, false);
		}

	}

}
