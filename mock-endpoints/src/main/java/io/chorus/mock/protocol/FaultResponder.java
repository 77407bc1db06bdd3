package io.chorus.mock.protocol;

import java.time.Duration;
import java.util.Arrays;
import java.util.function.Supplier;

import io.chorus.mock.behavior.Decision;
import io.chorus.mock.stats.RequestStats;
import io.netty.buffer.Unpooled;
import io.netty.handler.codec.http.HttpHeaderNames;
import io.netty.handler.codec.http.HttpHeaderValues;
import reactor.core.publisher.Flux;
import reactor.core.publisher.Mono;
import reactor.netty.Connection;
import reactor.netty.http.server.HttpServerResponse;

/**
 * Answers a valid request as a {@link Decision} says: after the drawn delay, correctly or with the drawn fault.
 */
final class FaultResponder {

	/** Trickled bodies go out in chunks at least this far apart, in milliseconds. */
	private static final long MIN_TRICKLE_INTERVAL_MS = 20;

	private static final int MAX_TRICKLE_CHUNKS = 50;

	private FaultResponder() {
	}

	/**
	 * The bodies a request can be answered with, computed only when needed.
	 *
	 * @param body the correct JSON body
	 * @param wrongShape a valid JSON body whose first output has the wrong shape
	 */
	record Answer(Supplier<byte[]> body, Supplier<byte[]> wrongShape) {
	}

	static Mono<Void> respond(HttpServerResponse res, Connection connection, Decision decision, Answer answer,
			RequestStats.Exchange exchange) {
		if (decision.fault() == Decision.Fault.HANG) {
			// Never answers; the subscription ends when the client closes the connection (see InferenceHandler).
			return Mono.never();
		}
		Mono<Void> reply = Mono.defer(() -> switch (decision.fault()) {
			case ERROR -> {
				if (decision.errorStatus() == 429 || decision.errorStatus() == 503) {
					res.header(HttpHeaderNames.RETRY_AFTER, "1");
				}
				yield JsonResponses.error(res, decision.errorStatus(),
						"injected fault: HTTP " + decision.errorStatus());
			}
			case CLOSE -> {
				// The mock has done its job: count the request completed before the close would count it cancelled.
				exchange.complete();
				connection.channel().close();
				yield Mono.never();
			}
			case MALFORMED -> {
				byte[] body = answer.body().get();
				yield JsonResponses.send(res, 200, Arrays.copyOf(body, body.length / 2));
			}
			case WRONG_SHAPE -> JsonResponses.send(res, 200, answer.wrongShape().get());
			case TRICKLE -> trickle(res, answer.body().get(), decision.trickleMs());
			default -> JsonResponses.send(res, 200, answer.body().get());
		});
		return (decision.delayMs() > 0) ? Mono.delay(Duration.ofMillis(decision.delayMs())).then(reply) : reply;
	}

	private static Mono<Void> trickle(HttpServerResponse res, byte[] body, long trickleMs) {
		int chunks = (int) Math.max(1, Math.min(Math.min(body.length, MAX_TRICKLE_CHUNKS),
				trickleMs / MIN_TRICKLE_INTERVAL_MS));
		int size = (body.length + chunks - 1) / chunks;
		int count = (body.length + size - 1) / size;
		Duration interval = Duration.ofMillis(trickleMs / count);
		Flux<io.netty.buffer.ByteBuf> parts = Flux.range(0, count)
			.delayElements(interval)
			.map((i) -> Unpooled.wrappedBuffer(body, i * size, Math.min(size, body.length - i * size)));
		return res.status(200)
			.header(HttpHeaderNames.CONTENT_TYPE, HttpHeaderValues.APPLICATION_JSON)
			.header(HttpHeaderNames.CONTENT_LENGTH, Integer.toString(body.length))
			.send(parts)
			.then();
	}

}
