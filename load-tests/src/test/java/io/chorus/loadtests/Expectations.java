package io.chorus.loadtests;

import java.io.IOException;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

import io.chorus.protocol.InferenceCodec;
import io.chorus.protocol.InferenceResponse;
import io.chorus.protocol.Tensor;

/**
 * Judges one ensemble answer. The mock models are deterministic, so each member's answer to each row is asked
 * once, straight from the mocks, before the load starts; an answer is right when:
 * <ul>
 * <li>{@code chorus.answered + chorus.failed} is the member count and matches the per-member outcomes;</li>
 * <li>{@code chorus.degraded} is true exactly when some member failed;</li>
 * <li>{@code probabilities} is the mean of the answering members' probabilities for that row.</li>
 * </ul>
 */
final class Expectations {

	private static final double TOLERANCE = 1e-4;

	/** Per row, per member, the member's probabilities. */
	private final List<Map<String, float[]>> answers;

	private Expectations(List<Map<String, float[]>> answers) {
		this.answers = answers;
	}

	static Expectations ask(String mocksUrl) {
		HttpClient client = HttpClient.newHttpClient();
		List<Map<String, float[]>> answers = new ArrayList<>();
		for (int row = 0; row < IrisRows.ROWS.size(); row++) {
			Map<String, float[]> byMember = new LinkedHashMap<>();
			for (String member : ChorusStack.MEMBERS) {
				try {
					HttpResponse<byte[]> r = client.send(
							HttpRequest.newBuilder(URI.create(mocksUrl + "/v2/models/" + member + "/infer"))
								.header("Content-Type", "application/json")
								.POST(HttpRequest.BodyPublishers.ofString(IrisRows.requestBody(row)))
								.build(),
							HttpResponse.BodyHandlers.ofByteArray());
					byMember.put(member, floats(InferenceCodec.readResponse(r.body()).output("probabilities")
						.orElseThrow()));
				}
				catch (IOException ex) {
					throw new IllegalStateException(ex);
				}
				catch (InterruptedException ex) {
					Thread.currentThread().interrupt();
					throw new IllegalStateException(ex);
				}
			}
			answers.add(byMember);
		}
		return new Expectations(answers);
	}

	/**
	 * Judges a 200 body.
	 * @param body the response body
	 * @param row the row that was sent
	 * @return {@code ok}, or what is wrong (Gatling shows it as the check's found value)
	 */
	String judge(byte[] body, int row) {
		InferenceResponse response;
		try {
			response = InferenceCodec.readResponse(body);
		}
		catch (RuntimeException ex) {
			return "unreadable body: " + ex.getMessage();
		}
		Map<String, Object> p = response.parameters();
		if (!(p.get("chorus.degraded") instanceof Boolean degraded)) {
			return "no chorus.degraded";
		}
		int answered = number(p.get("chorus.answered"));
		int failed = number(p.get("chorus.failed"));
		List<String> ok = new ArrayList<>();
		List<String> notOk = new ArrayList<>();
		for (String member : ChorusStack.MEMBERS) {
			Object outcome = p.get("chorus.member." + member + ".outcome");
			if (outcome == null) {
				return "no outcome for member " + member;
			}
			("ok".equals(outcome) ? ok : notOk).add(member + "=" + outcome);
		}
		if (answered != ok.size() || failed != notOk.size()) {
			return "answered/failed " + answered + "/" + failed + " but outcomes " + ok + " " + notOk;
		}
		if (degraded != !notOk.isEmpty()) {
			return "degraded=" + degraded + " but failed members " + notOk;
		}
		Tensor output = response.output("probabilities").orElse(null);
		if (output == null) {
			return "no probabilities output";
		}
		float[] got = floats(output);
		Map<String, float[]> expected = this.answers.get(row);
		for (int i = 0; i < got.length; i++) {
			double sum = 0;
			for (String member : ok) {
				sum += expected.get(member.substring(0, member.indexOf('=')))[i];
			}
			double mean = sum / ok.size();
			if (Math.abs(got[i] - mean) > TOLERANCE) {
				return "probabilities[" + i + "]=" + got[i] + ", expected mean " + mean + " of " + ok;
			}
		}
		return "ok";
	}

	private static int number(Object value) {
		return (value instanceof Number n) ? n.intValue() : -1;
	}

	private static float[] floats(Tensor tensor) {
		float[] values = new float[tensor.data().size()];
		for (int i = 0; i < values.length; i++) {
			values[i] = (float) tensor.data().doubleAt(i);
		}
		return values;
	}

}
