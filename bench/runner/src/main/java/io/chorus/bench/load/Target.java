package io.chorus.bench.load;

import java.util.List;
import java.util.Map;

import io.chorus.protocol.InferenceCodec;
import io.chorus.protocol.InferenceResponse;
import io.chorus.protocol.Tensor;
import io.netty.handler.codec.http.HttpHeaderNames;
import reactor.core.publisher.Flux;
import reactor.core.publisher.Mono;
import reactor.netty.http.client.HttpClient;

/**
 * One logical request against a system: a function that, subscribed, sends it and checks the answer.
 */
@FunctionalInterface
public interface Target {

	/**
	 * Sends one request.
	 * @return exactly one outcome, never an error signal
	 */
	Mono<Outcome> call();

	/**
	 * An ensemble-like endpoint: POST the body, expect 200, {@code chorus.degraded} not true and the expected
	 * mean in {@code output} (within {@code 1e-4}).
	 * @param client the shared HTTP client
	 * @param url the infer URL
	 * @param headers extra request headers (for example the API key)
	 * @param body the request body
	 * @param output the output tensor checked
	 * @param expected the expected values
	 * @return the target
	 */
	static Target inference(HttpClient client, String url, Map<String, String> headers, byte[] body, String output,
			float[] expected) {
		HttpClient configured = client.headers((h) -> headers.forEach(h::set));
		return () -> configured.post()
			.uri(url)
			.send((r, out) -> out.sendByteArray(Mono.just(body)))
			.responseSingle((r, bytes) -> bytes.asByteArray()
				.defaultIfEmpty(new byte[0])
				.map((b) -> check(r.status().code(), b, output, expected)))
			.onErrorResume((e) -> Mono.just(Outcome.failed(reason(e))))
			.defaultIfEmpty(Outcome.failed("no-response"));
	}

	/**
	 * The oracle: the same request sent straight to every member at once; done when the slowest answers.
	 * @param client the shared HTTP client
	 * @param memberUrls the members' infer URLs
	 * @param body the request body
	 * @return the target
	 */
	static Target oracle(HttpClient client, List<String> memberUrls, byte[] body) {
		HttpClient configured = client.headers((h) -> h.set(HttpHeaderNames.CONTENT_TYPE, "application/json"));
		return () -> Flux.fromIterable(memberUrls)
			.flatMap((url) -> configured.post()
				.uri(url)
				.send((r, out) -> out.sendByteArray(Mono.just(body)))
				.responseSingle((r, bytes) -> bytes.asByteArray()
					.defaultIfEmpty(new byte[0])
					.map((b) -> (r.status().code() == 200 && b.length > 0) ? Outcome.OK
							: Outcome.failed("HTTP " + r.status().code())))
				.onErrorResume((e) -> Mono.just(Outcome.failed(reason(e)))))
			.reduce((a, b) -> a.ok() ? b : a)
			.defaultIfEmpty(Outcome.failed("no-response"));
	}

	private static Outcome check(int status, byte[] body, String output, float[] expected) {
		if (status != 200) {
			return Outcome.failed("HTTP " + status);
		}
		try {
			InferenceResponse response = InferenceCodec.readResponse(body);
			if (Boolean.TRUE.equals(response.parameters().get("chorus.degraded"))) {
				return Outcome.failed("degraded");
			}
			Tensor tensor = response.output(output).orElse(null);
			if (tensor == null || tensor.data().size() != expected.length) {
				return Outcome.failed("wrong-output");
			}
			for (int i = 0; i < expected.length; i++) {
				if (Math.abs(tensor.data().doubleAt(i) - expected[i]) > 1e-4) {
					return Outcome.failed("wrong-output");
				}
			}
			return Outcome.OK;
		}
		catch (RuntimeException ex) {
			return Outcome.failed("bad-body");
		}
	}

	private static String reason(Throwable error) {
		String name = error.getClass().getSimpleName();
		return name.isEmpty() ? "exception" : name;
	}

}
