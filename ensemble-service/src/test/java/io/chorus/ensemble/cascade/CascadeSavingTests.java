package io.chorus.ensemble.cascade;

import java.io.IOException;
import java.net.http.HttpResponse;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Arrays;
import java.util.Locale;

import io.micrometer.core.instrument.MeterRegistry;
import org.junit.jupiter.api.Test;
import tools.jackson.databind.JsonNode;

import org.springframework.beans.factory.annotation.Autowired;

import io.chorus.ensemble.support.EnsembleServiceIntegrationTest;
import io.chorus.mock.model.IrisDataset;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * Measures what the demo cascade saves against the demo's plain fan-out, on the 150 bundled Iris rows (one row
 * per request, the two ensembles interleaved, each member answering after 10 ms): member calls per request, p50
 * latency, the share answered by the first stage, and accuracy, which must not drop by more than
 * {@link #TOLERANCE}. Writes {@code target/cascade-saving.md}; docs/benchmarks.md quotes it.
 */
class CascadeSavingTests extends EnsembleServiceIntegrationTest {

	/** The largest accuracy drop the cascade may cost: 2 percentage points (3 of 150 rows). */
	static final double TOLERANCE = 0.02;

	@Autowired
	private MeterRegistry meters;

	@Test
	void theCascadeSavesMemberCallsWithinTheAccuracyTolerance() throws IOException {
		IrisDataset iris = IrisDataset.load();
		int rows = iris.labels().length;
		for (int i = 0; i < rows; i++) {
			call("iris-plain", iris.features()[i]);
			call("iris-cascade", iris.features()[i]);
		}
		double callsBefore = cascadeCalls();
		double stage1Before = stage1();
		long[] plainNanos = new long[rows];
		long[] cascadeNanos = new long[rows];
		int plainRight = 0;
		int cascadeRight = 0;
		for (int i = 0; i < rows; i++) {
			long start = System.nanoTime();
			int plain = call("iris-plain", iris.features()[i]);
			plainNanos[i] = System.nanoTime() - start;
			start = System.nanoTime();
			int cascade = call("iris-cascade", iris.features()[i]);
			cascadeNanos[i] = System.nanoTime() - start;
			plainRight += (plain == iris.labels()[i]) ? 1 : 0;
			cascadeRight += (cascade == iris.labels()[i]) ? 1 : 0;
		}
		double cascadeCallsPerRequest = (cascadeCalls() - callsBefore) / rows;
		double stage1Share = (stage1() - stage1Before) / rows;
		double plainAccuracy = (double) plainRight / rows;
		double cascadeAccuracy = (double) cascadeRight / rows;
		String report = String.format(Locale.ROOT, """
				| ensemble | member calls per request | p50 (ms) | answered by stage 1 | accuracy (150 Iris rows) |
				|---|---:|---:|---:|---:|
				| iris (plain fan-out of 3) | 3.00 | %.1f | – | %.3f |
				| iris-cascade (petal ≥ 0.9, else all 3) | %.2f | %.1f | %.1f %% | %.3f |
				""", p50(plainNanos), plainAccuracy, cascadeCallsPerRequest, p50(cascadeNanos), 100 * stage1Share,
				cascadeAccuracy);
		System.out.println(report);
		Files.writeString(Path.of("target", "cascade-saving.md"), report);

		assertThat(cascadeCallsPerRequest).isLessThan(3.0);
		assertThat(cascadeAccuracy).isGreaterThanOrEqualTo(plainAccuracy - TOLERANCE);
	}

	private int call(String ensemble, double[] row) {
		HttpResponse<String> response = post("/v2/models/" + ensemble + "/infer", irisRequest("b", row));
		assertThat(response.statusCode()).isEqualTo(200);
		JsonNode outputs = json(response).get("outputs");
		for (JsonNode output : outputs) {
			if (output.get("name").asString().equals("label")) {
				return output.get("data").get(0).asInt();
			}
		}
		throw new AssertionError("no label in " + response.body());
	}

	private double cascadeCalls() {
		var summary = this.meters.find("chorus.cascade.member.calls").tags("ensemble", "iris-cascade").summary();
		return (summary != null) ? summary.totalAmount() : 0;
	}

	private double stage1() {
		var counter = this.meters.find("chorus.cascade.answered").tags("ensemble", "iris-cascade", "stage", "1").counter();
		return (counter != null) ? counter.count() : 0;
	}

	private static double p50(long[] nanos) {
		long[] sorted = nanos.clone();
		Arrays.sort(sorted);
		return sorted[sorted.length / 2] / 1e6;
	}

}
