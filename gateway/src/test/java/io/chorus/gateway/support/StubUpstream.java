package io.chorus.gateway.support;

import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import java.util.concurrent.BlockingQueue;
import java.util.concurrent.LinkedBlockingQueue;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicReference;

import io.netty.handler.codec.http.HttpHeaderNames;
import io.netty.handler.codec.http.HttpHeaders;
import reactor.core.publisher.Mono;
import reactor.netty.DisposableServer;
import reactor.netty.http.server.HttpServer;

/**
 * A stand-in for ensemble-service (or a model server): a real Reactor Netty server on a random
 * port of 127.0.0.1 that records what it received, can answer slowly, and can be stopped.
 */
public final class StubUpstream implements AutoCloseable {

	private final BlockingQueue<Received> received = new LinkedBlockingQueue<>();

	private final AtomicReference<Duration> delay = new AtomicReference<>(Duration.ZERO);

	private final DisposableServer server;

	private StubUpstream() {
		this.server = HttpServer.create()
			.host("127.0.0.1")
			.port(0)
			.handle((request, response) -> request.receive()
				.aggregate()
				.asString(StandardCharsets.UTF_8)
				.defaultIfEmpty("")
				.flatMap((body) -> {
					this.received.add(new Received(request.method().name(), request.uri(),
							copy(request.requestHeaders()), body.length()));
					String json = "{\"model_name\":\"stub\",\"outputs\":[]}";
					return Mono.delay(this.delay.get())
						.then(response.header(HttpHeaderNames.CONTENT_TYPE, "application/json")
							.header("X-Frame-Options", "SAMEORIGIN")
							.sendString(Mono.just(json))
							.then());
				}))
			.bindNow();
	}

	/**
	 * Starts a stub.
	 * @return the running stub
	 */
	public static StubUpstream start() {
		return new StubUpstream();
	}

	public String uri() {
		return "http://127.0.0.1:" + this.server.port();
	}

	public void delayResponses(Duration delay) {
		this.delay.set(delay);
	}

	/**
	 * Waits for the next request the stub received.
	 * @return the request
	 */
	public Received takeRequest() throws InterruptedException {
		Received next = this.received.poll(10, TimeUnit.SECONDS);
		if (next == null) {
			throw new AssertionError("the upstream received no request within 10 s");
		}
		return next;
	}

	/**
	 * Returns and forgets what the stub received so far, without waiting.
	 * @return the requests
	 */
	public List<Received> drain() {
		List<Received> all = new java.util.ArrayList<>();
		this.received.drainTo(all);
		return all;
	}

	@Override
	public void close() {
		this.server.disposeNow(Duration.ofSeconds(5));
	}

	private static Map<String, List<String>> copy(HttpHeaders headers) {
		Map<String, List<String>> copy = new java.util.TreeMap<>(String.CASE_INSENSITIVE_ORDER);
		for (String name : headers.names()) {
			copy.put(name, headers.getAll(name));
		}
		return copy;
	}

	/**
	 * One request as the upstream saw it.
	 *
	 * @param method the method
	 * @param uri the path and query
	 * @param headers the headers, by case-insensitive name
	 * @param bodyLength the body length in characters
	 */
	public record Received(String method, String uri, Map<String, List<String>> headers, int bodyLength) {

		public String header(String name) {
			List<String> values = this.headers.get(name);
			return (values == null || values.isEmpty()) ? null : values.get(0);
		}

	}

}
