package io.chorus.bench.floor;

import java.time.Duration;
import java.util.Arrays;
import java.util.List;
import java.util.Map;
import java.util.Optional;

import io.chorus.protocol.InferenceCodec;
import io.chorus.protocol.InferenceRequest;
import io.chorus.protocol.InferenceResponse;
import io.chorus.protocol.Tensor;
import io.netty.handler.codec.http.HttpHeaderNames;
import io.netty.handler.codec.http.HttpResponseStatus;
import reactor.core.publisher.Flux;
import reactor.core.publisher.Mono;
import reactor.netty.DisposableServer;
import reactor.netty.http.client.HttpClient;
import reactor.netty.http.server.HttpServer;
import reactor.netty.resources.ConnectionProvider;

/**
 * The floor of the benchmark: the least code that does the ensemble's job on Reactor Netty. It reads the
 * request, sends it to every member at once, waits for all of them (each bounded by the same timeout), takes
 * the element-wise mean of their {@code probabilities} and answers. No Spring, no resilience, no metrics.
 *
 * <p>Settings are system properties: {@code port}, {@code members} (comma-separated infer URLs),
 * {@code timeoutMs}, {@code output} (default {@code probabilities}).
 */
public final class FloorServer {

	private FloorServer() {
	}

	public static void main(String[] args) {
		int port = Integer.getInteger("port", 19200);
		List<String> members = Arrays.asList(System.getProperty("members").split(","));
		Duration timeout = Duration.ofMillis(Long.getLong("timeoutMs", 1000));
		String output = System.getProperty("output", "probabilities");
		HttpClient client = HttpClient
			.create(ConnectionProvider.builder("members").maxConnections(50_000).pendingAcquireMaxCount(-1).build())
			.headers((h) -> h.set(HttpHeaderNames.CONTENT_TYPE, "application/json"));
		DisposableServer server = HttpServer.create()
			.host("127.0.0.1")
			.port(port)
			.route((routes) -> routes.post("/v2/models/{name}/infer", (req, res) -> req.receive()
				.aggregate()
				.asByteArray()
				.flatMap((body) -> Flux.fromIterable(members)
					.flatMap((url) -> call(client, url, body, timeout, output))
					.collectList()
					.map((answers) -> answer(req.param("name"), InferenceCodec.readRequest(body), answers,
							members.size(), output)))
				.flatMap((reply) -> res.status(reply.status())
					.header(HttpHeaderNames.CONTENT_TYPE, "application/json")
					.sendByteArray(Mono.just(reply.body()))
					.then())))
			.bindNow();
		System.out.println("floor listening on " + server.port() + ", members " + members);
		server.onDispose().block();
	}

	private static Mono<Optional<Tensor>> call(HttpClient client, String url, byte[] body, Duration timeout,
			String output) {
		return client.post()
			.uri(url)
			.send((r, out) -> out.sendByteArray(Mono.just(body)))
			.responseSingle((r, bytes) -> (r.status().code() == 200) ? bytes.asByteArray()
					: Mono.error(new IllegalStateException("HTTP " + r.status().code())))
			.map((bytes) -> InferenceCodec.readResponse(bytes).output(output))
			.timeout(timeout)
			.onErrorReturn(Optional.empty());
	}

	private static Reply answer(String name, InferenceRequest request, List<Optional<Tensor>> answers,
			int memberCount, String output) {
		List<Tensor> ok = answers.stream().flatMap(Optional::stream).toList();
		if (ok.isEmpty()) {
			return new Reply(HttpResponseStatus.SERVICE_UNAVAILABLE,
					InferenceCodec.error("no member answered"));
		}
		Tensor first = ok.get(0);
		float[] mean = new float[first.data().size()];
		for (int i = 0; i < mean.length; i++) {
			double sum = 0;
			for (Tensor t : ok) {
				sum += t.data().doubleAt(i);
			}
			mean[i] = (float) (sum / ok.size());
		}
		Map<String, Object> parameters = Map.of("chorus.answered", ok.size(), "chorus.failed",
				memberCount - ok.size(), "chorus.degraded", ok.size() < memberCount);
		InferenceResponse response = new InferenceResponse(name, "1", request.id(), parameters,
				List.of(Tensor.fp32(output, first.shape(), mean)));
		return new Reply(HttpResponseStatus.OK, InferenceCodec.write(response));
	}

	private record Reply(HttpResponseStatus status, byte[] body) {
	}

}
