package io.chorus.gateway.route;

import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.Iterator;
import java.util.concurrent.CompletableFuture;
import java.util.stream.Stream;

import io.chorus.gateway.support.GatewayInstance;
import io.netty.buffer.Unpooled;
import io.netty.handler.codec.http.HttpHeaderNames;
import org.junit.jupiter.api.Test;
import reactor.core.publisher.Flux;
import reactor.core.publisher.Mono;
import reactor.netty.DisposableServer;
import reactor.netty.http.server.HttpServer;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * ensemble-service's Server-Sent Events (infer with {@code Accept: text/event-stream}) pass through the gateway
 * one event at a time: the upstream sends its second event only after the client has read the first through the
 * gateway, so a gateway that buffered the response would never deliver either.
 */
class EventStreamPassThroughIntegrationTests {

	@Test
	void deliversEachEventBeforeTheUpstreamSendsTheNext() throws Exception {
		CompletableFuture<String> accept = new CompletableFuture<>();
		CompletableFuture<Void> firstRead = new CompletableFuture<>();
		DisposableServer upstream = HttpServer.create()
			.host("127.0.0.1")
			.port(0)
			.handle((request, response) -> {
				accept.complete(request.requestHeaders().get("Accept"));
				Flux<String> events = Flux.concat(Mono.just("event: member\ndata: {\"member\":\"a\"}\n\n"),
						Mono.fromFuture(firstRead).timeout(Duration.ofSeconds(20))
							.then(Mono.just("event: result\ndata: {\"model_name\":\"m\"}\n\n")));
				return response.header(HttpHeaderNames.CONTENT_TYPE, "text/event-stream")
					.send(events.map((e) -> Unpooled.copiedBuffer(e, StandardCharsets.UTF_8)), (buffer) -> true)
					.then();
			})
			.bindNow();
		try (GatewayInstance gateway = GatewayInstance.start(GatewayInstance.baseProperties("http://127.0.0.1:" + upstream.port()))) {
			HttpRequest request = HttpRequest
				.newBuilder(URI.create("http://127.0.0.1:" + gateway.port() + "/v2/models/iris/infer"))
				.header("Content-Type", "application/json")
				.header("Accept", "text/event-stream")
				.header("X-API-Key", GatewayInstance.ACME_KEY)
				.timeout(Duration.ofSeconds(30))
				.POST(HttpRequest.BodyPublishers.ofString("{\"inputs\":[]}"))
				.build();
			HttpResponse<Stream<String>> response = HttpClient.newHttpClient().send(request,
					HttpResponse.BodyHandlers.ofLines());
			assertThat(response.statusCode()).isEqualTo(200);
			assertThat(response.headers().firstValue("Content-Type")).hasValueSatisfying(
					(type) -> assertThat(type).startsWith("text/event-stream"));
			try (Stream<String> lines = response.body()) {
				Iterator<String> it = lines.iterator();
				assertThat(it.next()).isEqualTo("event: member");
				assertThat(it.next()).isEqualTo("data: {\"member\":\"a\"}");
				firstRead.complete(null);
				assertThat(it.next()).isEmpty();
				assertThat(it.next()).isEqualTo("event: result");
			}
			assertThat(accept.get()).isEqualTo("text/event-stream");
		}
		finally {
			upstream.disposeNow(Duration.ofSeconds(5));
		}
	}

}
