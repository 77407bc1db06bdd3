package io.chorus.mock;

import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.time.Duration;
import java.util.List;

import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.ExtendWith;
import reactor.core.publisher.Flux;
import reactor.core.publisher.Mono;
import reactor.netty.ByteBufFlux;
import reactor.netty.http.HttpProtocol;
import reactor.netty.http.client.Http2AllocationStrategy;
import reactor.netty.resources.ConnectionProvider;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * The inference port serves HTTP/2 cleartext next to HTTP/1.1: with prior knowledge (what ensemble-service's
 * {@code http2: true} members send) and through an HTTP/1.1 upgrade, many streams on one connection.
 */
@ExtendWith(BlockHoundExtension.class)
class MockServerHttp2IntegrationTests {

	@Test
	void servesManyConcurrentPriorKnowledgeStreamsOnOneConnection() {
		// Strict reuse: a new connection only when the open ones have no stream left (the default pool opens
		// dozens while the first one is still being set up).
		ConnectionProvider pool = ConnectionProvider.builder("h2c-test")
			.allocationStrategy(Http2AllocationStrategy.builder()
				.maxConnections(500)
				.minConnections(1)
				.strictConnectionReuse(true)
				.build())
			.build();
		try (MockServer mock = MockServer.startDemo()) {
			reactor.netty.http.client.HttpClient client = reactor.netty.http.client.HttpClient.create(pool)
				.protocol(HttpProtocol.H2C);
			// A first call opens the connection, then 200 calls at once share it.
			List<String> first = call(client, mock, 1);
			List<String> answers = call(client, mock, 200);
			assertThat(first).containsOnly("HTTP/2.0 200");
			assertThat(answers).hasSize(200).containsOnly("HTTP/2.0 200");
			assertThat(mock.connectionsAccepted()).isEqualTo(1);
			assertThat(mock.stats("iris-full").received()).isEqualTo(201);
			pool.disposeLater().block(Duration.ofSeconds(5));
		}
	}

	@Test
	void upgradesAnHttp11ConnectionToH2c() throws Exception {
		try (MockServer mock = MockServer.startDemo()) {
			// The JDK client asks for "Upgrade: h2c" on an http:// URL when HTTP/2 is preferred.
			HttpClient client = HttpClient.newBuilder().version(HttpClient.Version.HTTP_2).build();
			HttpResponse<String> response = client.send(HttpRequest.newBuilder(URI.create(mock.baseUrl() + "/v2"))
				.timeout(Duration.ofSeconds(10))
				.build(), HttpResponse.BodyHandlers.ofString());
			assertThat(response.statusCode()).isEqualTo(200);
			assertThat(response.version()).isEqualTo(HttpClient.Version.HTTP_2);
		}
	}

	@Test
	void upgradesAPostWithABody() throws Exception {
		try (MockServer mock = MockServer.startDemo()) {
			HttpClient client = HttpClient.newBuilder().version(HttpClient.Version.HTTP_2).build();
			HttpResponse<String> response = client.send(HttpRequest
				.newBuilder(URI.create(mock.baseUrl() + "/v2/models/iris-full/infer"))
				.POST(HttpRequest.BodyPublishers.ofString(MockHttp.ONE_ROW))
				.timeout(Duration.ofSeconds(10))
				.build(), HttpResponse.BodyHandlers.ofString());
			assertThat(response.statusCode()).isEqualTo(200);
			assertThat(response.body()).contains("\"outputs\"");
		}
	}

	@Test
	void stillServesPlainHttp11() throws Exception {
		try (MockServer mock = MockServer.startDemo()) {
			HttpResponse<String> response = MockHttp.post(mock.baseUrl() + "/v2/models/iris-full/infer",
					MockHttp.ONE_ROW);
			assertThat(response.statusCode()).isEqualTo(200);
			assertThat(response.version()).isEqualTo(HttpClient.Version.HTTP_1_1);
		}
	}

	private static List<String> call(reactor.netty.http.client.HttpClient client, MockServer mock, int calls) {
		return Flux.range(0, calls)
			.flatMap((i) -> client.post()
				.uri(mock.baseUrl() + "/v2/models/iris-full/infer")
				.send(ByteBufFlux.fromString(Mono.just(MockHttp.ONE_ROW)))
				.responseSingle((response, body) -> body.asString()
					.map((text) -> response.version() + " " + response.status().code())), calls)
			.collectList()
			.block(Duration.ofSeconds(30));
	}

}
