package io.chorus.weights.predict;

import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.util.List;
import java.util.Map;
import java.util.concurrent.CompletableFuture;

import io.chorus.protocol.InferenceCodec;
import io.chorus.protocol.InferenceRequest;
import io.chorus.protocol.InferenceResponse;
import io.chorus.protocol.RequestedOutput;
import io.chorus.protocol.Tensor;
import io.chorus.weights.config.MemberConfig;

/**
 * One member's inference call for a batch of rows, in the protocol the member speaks, encoded and decoded with the
 * protocol module's codec.
 */
final class BatchCall {

	private final HttpClient http;

	private final MemberConfig member;

	private final PredictOptions options;

	BatchCall(HttpClient http, MemberConfig member, PredictOptions options) {
		this.http = http;
		this.member = member;
		this.options = options;
	}

	/** Sends rows {@code [start, end)} to one replica; completes with one answer row per input row. */
	CompletableFuture<double[][]> send(int replica, double[][] inputs, int start, int end) {
		int columns = inputs[start].length;
		float[] values = new float[(end - start) * columns];
		for (int row = start; row < end; row++) {
			for (int c = 0; c < columns; c++) {
				values[(row - start) * columns + c] = (float) inputs[row][c];
			}
		}
		Tensor input = Tensor.fp32(this.options.inputName(), new long[] { end - start, columns }, values);
		String base = this.member.replicas().get(replica).toString();
		byte[] body;
		URI uri;
		if (this.member.v1()) {
			uri = URI.create(base + "/v1/models/" + this.member.model() + ":predict");
			body = InferenceCodec.writeV1Instances(input);
		}
		else {
			uri = URI.create(base + "/v2/models/" + this.member.model() + "/infer");
			body = InferenceCodec.write(new InferenceRequest("chorus-weights-" + start, Map.of(), List.of(input),
					List.of(new RequestedOutput(this.options.output(), Map.of()))));
		}
		HttpRequest request = HttpRequest.newBuilder(uri)
			.timeout(this.options.timeout())
			.header("Content-Type", "application/json")
			.POST(HttpRequest.BodyPublishers.ofByteArray(body))
			.build();
		String where = "member " + this.member.name() + " (" + uri + "), rows " + (start + 1) + "-" + end;
		return this.http.sendAsync(request, HttpResponse.BodyHandlers.ofByteArray())
			.handle((response, error) -> {
				if (error != null) {
					throw new IllegalStateException(where + ": " + error, error);
				}
				if (response.statusCode() != 200) {
					throw new IllegalStateException(where + ": HTTP " + response.statusCode() + " "
							+ new String(response.body(), StandardCharsets.UTF_8));
				}
				return rows(decode(response.body(), where), end - start, where);
			});
	}

	private Tensor decode(byte[] body, String where) {
		if (this.member.v1()) {
			return InferenceCodec.readV1Predictions(body, this.options.output());
		}
		InferenceResponse response = InferenceCodec.readResponse(body);
		return response.output(this.options.output())
			.orElseThrow(() -> new IllegalStateException(where + ": no output '" + this.options.output() + "'"));
	}

	private static double[][] rows(Tensor tensor, int expectedRows, String where) {
		if (tensor.rows() != expectedRows) {
			throw new IllegalStateException(where + ": " + tensor.rows() + " answer rows for " + expectedRows + " inputs");
		}
		int width = Math.max(1, tensor.rowWidth());
		double[][] rows = new double[expectedRows][width];
		for (int row = 0; row < expectedRows; row++) {
			for (int c = 0; c < width; c++) {
				rows[row][c] = tensor.data().doubleAt(row * width + c);
			}
		}
		return rows;
	}

}
