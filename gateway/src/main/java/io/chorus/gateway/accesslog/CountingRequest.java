package io.chorus.gateway.accesslog;

import reactor.core.publisher.Flux;

import org.springframework.core.io.buffer.DataBuffer;
import org.springframework.http.server.reactive.ServerHttpRequest;
import org.springframework.http.server.reactive.ServerHttpRequestDecorator;

/**
 * Counts the request body bytes as they are read, buffer by buffer; nothing is held back.
 */
final class CountingRequest extends ServerHttpRequestDecorator {

	private final AccessRecord record;

	CountingRequest(ServerHttpRequest delegate, AccessRecord record) {
		super(delegate);
		this.record = record;
	}

	@Override
	public Flux<DataBuffer> getBody() {
		return super.getBody().doOnNext((buffer) -> this.record.requestBytes.addAndGet(buffer.readableByteCount()));
	}

}
