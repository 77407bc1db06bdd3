package io.chorus.weights;

import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.PrintStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;

import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import io.chorus.mock.MockServer;
import io.chorus.weights.evaluate.CandidateResult;
import io.chorus.weights.evaluate.Score;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatIllegalArgumentException;
import static org.assertj.core.api.Assertions.within;

/**
 * The command end to end against the mock model servers on a free port: the real demo ensembles' YAML (with the
 * mock's address), the shipped data file, real Open Inference Protocol calls.
 */
class FitWeightsIntegrationTests {

	static final Path DEMO = Path.of("../ensemble-service/src/main/resources/application-demo.yml");

	static MockServer mock;

	@TempDir
	static Path dir;

	static Path config;

	@BeforeAll
	static void start() throws IOException {
		mock = MockServer.startDemo();
		config = dir.resolve("application-demo.yml");
		Files.writeString(config, Files.readString(DEMO).replace("http://127.0.0.1:9101", mock.baseUrl()));
	}

	@AfterAll
	static void stop() {
		mock.close();
	}

	@Test
	void fitsAndCrossValidatesTheIrisSoftVote() {
		ByteArrayOutputStream out = new ByteArrayOutputStream();
		List<CandidateResult> results = FitWeights.run(new PrintStream(out, true, StandardCharsets.UTF_8), "--config",
				config.toString(), "--ensemble", "iris", "--data", "data/iris.csv", "--label", "species", "--classes",
				"setosa,versicolor,virginica", "--batch-size", "16", "--concurrency", "2");

		assertThat(results).extracting(CandidateResult::name)
			.containsExactly("sepal alone", "petal alone", "full alone", "equal weights", "configured weights",
					"fitted weights");
		// Stratified folds of 30 rows: the mean over folds is the accuracy over all 150 rows (docs/mock-endpoints.md).
		assertThat(results.get(0).mean(Score::accuracy)).isCloseTo(125 / 150.0, within(1e-9));
		assertThat(results.get(2).mean(Score::accuracy)).isCloseTo(147 / 150.0, within(1e-9));
		assertThat(results.get(5).weights()).hasSize(5)
			.allSatisfy((weights) -> assertThat(weights[0] + weights[1] + weights[2]).isCloseTo(1, within(1e-9)));
		String report = out.toString(StandardCharsets.UTF_8);
		assertThat(report).contains("## Held-out scores: 5-fold cross-validation, stratified by class")
			.contains("chorus:\n  ensembles:\n    iris:\n      strategy: soft-vote\n")
			.contains("- name: full\n          weight: ");
		assertThat(mock.stats("iris-full").received()).isGreaterThanOrEqualTo(150 / 16);
	}

	@Test
	void fitsTheRegressionDemoOnSquaredError() {
		ByteArrayOutputStream out = new ByteArrayOutputStream();
		List<CandidateResult> results = FitWeights.run(new PrintStream(out, true, StandardCharsets.UTF_8), "--config",
				config.toString(), "--ensemble", "petal-width", "--data", "data/iris.csv", "--target", "petal_width",
				"--inputs", "sepal_length,sepal_width,petal_length,petal_width");

		assertThat(results.get(0).mean(Score::rmse)).isBetween(0.15, 0.25);
		assertThat(results.get(0).mean(Score::accuracy)).isNaN();
		assertThat(out.toString(StandardCharsets.UTF_8)).contains("strategy: weighted-mean");
	}

	@Test
	void scoresTheSubspaceMembersOnRowsTheyWereNotTrainedOn() {
		List<CandidateResult> results = FitWeights.run(new PrintStream(new ByteArrayOutputStream(), true,
				StandardCharsets.UTF_8), "--config", config.toString(), "--ensemble", "iris-subspace", "--data",
				"data/iris-holdout.csv", "--label", "species", "--classes", "setosa,versicolor,virginica");

		assertThat(results).hasSize(6 + 3);
		// pl-pw on the 75 odd-numbered rows it never saw: 71 right (docs/weights.md).
		assertThat(results.get(5).name()).isEqualTo("pl-pw alone");
		assertThat(results.get(5).mean(Score::accuracy)).isCloseTo(71 / 75.0, within(1e-9));
	}

	@Test
	void refusesAVoteWhichHasNoProbabilitiesToWeigh() {
		assertThatIllegalArgumentException()
			.isThrownBy(() -> FitWeights.run(System.out, "--config", config.toString(), "--ensemble", "iris-vote",
					"--data", "data/iris.csv", "--label", "species"))
			.withMessageContaining("majority-vote");
	}

}
