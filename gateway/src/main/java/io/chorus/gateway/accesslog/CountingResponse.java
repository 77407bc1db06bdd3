package io.chorus.gateway.accesslog;

import org.reactivestreams.Publisher;
import reactor.core.publisher.Flux;
import reactor.core.publisher.Mono;

import org.springframework.core.io.buffer.DataBuffer;
import org.springframework.http.server.reactive.ServerHttpResponse;
import org.springframework.http.server.reactive.ServerHttpResponseDecorator;

/**
 * Counts the response body bytes as the server takes each buffer to write it; nothing is held back. A body the
 * server never asked for (the client left first) is not counted. A single-buffer body stays a {@link Mono}, so
 * the server still sends it with a {@code Content-Length}.
 */
final class CountingResponse extends ServerHttpResponseDecorator {

	final AccessRecord record;

	CountingResponse(ServerHttpResponse delegate, AccessRecord record) {
		super(delegate);
		this.record = record;
	}

	@Override
	public Mono<Void> writeWith(Publisher<? extends DataBuffer> body) {
		if (body instanceof Mono<? extends DataBuffer> single) {
			return super.writeWith(single.doOnNext(this::count));
		}
		return super.writeWith(Flux.from(body).doOnNext(this::count));
	}

	@Override
	public Mono<Void> writeAndFlushWith(Publisher<? extends Publisher<? extends DataBuffer>> body) {
		return super.writeAndFlushWith(Flux.from(body).map((chunk) -> Flux.from(chunk).doOnNext(this::count)));
	}

	private void count(DataBuffer buffer) {
		this.record.responseBytes.addAndGet(buffer.readableByteCount());
	}

}
