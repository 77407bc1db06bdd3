package io.chorus.gateway.apidocs;

import java.util.List;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.concurrent.atomic.AtomicReference;
import java.util.stream.Collectors;

import io.netty.handler.codec.http.HttpHeaderNames;
import reactor.core.publisher.Mono;
import reactor.netty.DisposableServer;
import reactor.netty.http.server.HttpServer;

/**
 * A stand-in for ensemble-service's catalog: answers {@code POST /v2/repository/index} with the names it is
 * given, counts the reads, and can answer 503 or be stopped.
 */
final class CatalogStub implements AutoCloseable {

	private final AtomicReference<List<String>> names;

	private final AtomicInteger reads = new AtomicInteger();

	private volatile boolean down;

	private final AtomicInteger closeWithoutAnswer = new AtomicInteger();

	private final DisposableServer server;

	CatalogStub(List<String> names) {
		this.names = new AtomicReference<>(names);
		this.server = HttpServer.create()
			.host("127.0.0.1")
			.port(0)
			.route((routes) -> routes.post("/v2/repository/index", (request, response) -> {
				this.reads.incrementAndGet();
				if (this.closeWithoutAnswer.getAndUpdate((n) -> Math.max(0, n - 1)) > 0) {
					response.withConnection((connection) -> connection.channel().close());
					return Mono.never();
				}
				if (this.down) {
					return request.receive().then(response.status(503).send());
				}
				String json = this.names.get()
					.stream()
					.map((name) -> "{\"name\":\"" + name + "\",\"version\":\"1\",\"state\":\"READY\"}")
					.collect(Collectors.joining(",", "[", "]"));
				return request.receive()
					.then(response.header(HttpHeaderNames.CONTENT_TYPE, "application/json")
						.sendString(Mono.just(json))
						.then());
			}))
			.bindNow();
	}

	String uri() {
		return "http://127.0.0.1:" + this.server.port();
	}

	void serve(List<String> names) {
		this.names.set(names);
	}

	/** Closes the connection of the next {@code count} reads without answering, as a stale pooled connection does. */
	void closeWithoutAnswer(int count) {
		this.closeWithoutAnswer.set(count);
	}

	/** Answers 503 from now on, as an ensemble-service that is shutting down does. */
	void goDown() {
		this.down = true;
	}

	int reads() {
		return this.reads.get();
	}

	@Override
	public void close() {
		this.server.disposeNow();
	}

}
