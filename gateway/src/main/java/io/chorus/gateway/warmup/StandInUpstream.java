package io.chorus.gateway.warmup;

import java.net.URI;
import java.nio.charset.StandardCharsets;

import reactor.core.publisher.Mono;
import reactor.netty.DisposableServer;
import reactor.netty.http.server.HttpServer;

/**
 * The upstream of the warm-up route: a loopback server that reads each request body and answers a small,
 * well-formed inference response, so the gateway's routing path (route matching, the proxying client, response
 * writing) runs for real without ensemble-service seeing any of it.
 */
final class StandInUpstream implements AutoCloseable {

	private static final byte[] ANSWER = ("{\"model_name\":\"chorus-warmup\",\"outputs\":[{\"name\":\"y\","
			+ "\"datatype\":\"FP64\",\"shape\":[4],\"data\":[0.25,0.25,0.25,0.25]}]}").getBytes(StandardCharsets.UTF_8);

	private final DisposableServer server;

	/** Binds the server; this waits for the bind, so it runs at start-up, never on an event loop. */
	StandInUpstream() {
		this.server = HttpServer.create()
			.host("127.0.0.1")
			.port(0)
			.handle((request, response) -> request.receive()
				.then()
				.then(response.header("Content-Type", "application/json").sendByteArray(Mono.just(ANSWER)).then()))
			.bindNow();
	}

	URI uri() {
		return URI.create("http://127.0.0.1:" + this.server.port());
	}

	/** Unbinds without waiting (this may run on an event loop). */
	@Override
	public void close() {
		this.server.dispose();
	}

}
