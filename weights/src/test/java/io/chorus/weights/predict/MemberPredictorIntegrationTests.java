package io.chorus.weights.predict;

import java.net.URI;
import java.net.http.HttpClient;
import java.nio.file.Path;
import java.time.Duration;
import java.util.List;

import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

import io.chorus.mock.MockServer;
import io.chorus.weights.config.EnsembleConfig;
import io.chorus.weights.config.MemberConfig;
import io.chorus.weights.data.Dataset;
import io.chorus.weights.data.DatasetSpec;
import io.chorus.weights.fit.MemberAnswers;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatIllegalStateException;
import static org.assertj.core.api.Assertions.within;

class MemberPredictorIntegrationTests {

	static MockServer mock;

	static Dataset iris;

	@BeforeAll
	static void start() {
		mock = MockServer.startDemo();
		iris = Dataset.read(new DatasetSpec(Path.of("data/iris.csv"), List.of(), "species",
				List.of("setosa", "versicolor", "virginica")));
	}

	@AfterAll
	static void stop() {
		mock.close();
	}

	@Test
	void aV1MemberAndAV2MemberOfTheSameModelGiveTheSameAnswers() {
		URI url = URI.create(mock.baseUrl());
		EnsembleConfig ensemble = new EnsembleConfig("e", "soft-vote", List.of("probabilities"),
				List.of(new MemberConfig("v2", "iris-full", List.of(url), "v2", 1, 10_000, null),
						new MemberConfig("v1", "iris-full", List.of(url, url), "v1", 1, 10_000, "probabilities")));

		MemberAnswers answers = predictor(7, 4).predict(ensemble, iris);

		assertThat(answers.rows()).isEqualTo(150);
		assertThat(answers.width()).isEqualTo(3);
		// The mock computes a v1 answer from FP64 instances and a v2 answer from our FP32 tensor: equal to float precision.
		for (int i = 0; i < 150 * 3; i++) {
			assertThat(answers.values().get(1)[i]).isCloseTo(answers.values().get(0)[i], within(1e-6));
		}
	}

	@Test
	void neverHasMoreRequestsInFlightThanTheMemberAllows() {
		mock.behavior("iris-petal", "{\"latency\": {\"type\": \"fixed\", \"ms\": 200}}");
		try {
			EnsembleConfig ensemble = new EnsembleConfig("e", "soft-vote", List.of("probabilities"),
					List.of(new MemberConfig("petal", "iris-petal", List.of(URI.create(mock.baseUrl())), "v2", 1, 2,
							null)));
			long start = System.nanoTime();

			predictor(20, 8).predict(ensemble, iris);

			// 8 batches of up to 20 rows, 200 ms each, at most 2 at once (max-concurrent-calls wins over 8): >= 800 ms.
			assertThat(Duration.ofNanos(System.nanoTime() - start)).isGreaterThanOrEqualTo(Duration.ofMillis(780));
			assertThat(mock.stats("iris-petal").received()).isGreaterThanOrEqualTo(8);
		}
		finally {
			mock.resetBehavior("iris-petal");
		}
	}

	@Test
	void aFailingMemberFailsTheRunNamingTheMemberAndRows() {
		mock.behavior("iris-sepal", "{\"errorRate\": 1.0, \"errorStatus\": 503}");
		try {
			EnsembleConfig ensemble = new EnsembleConfig("e", "soft-vote", List.of("probabilities"),
					List.of(new MemberConfig("sepal", "iris-sepal", List.of(URI.create(mock.baseUrl())), "v2", 1,
							10_000, null)));

			assertThatIllegalStateException().isThrownBy(() -> predictor(50, 2).predict(ensemble, iris))
				.withMessageContaining("member sepal")
				.withMessageContaining("rows ")
				.withMessageContaining("HTTP 503");
		}
		finally {
			mock.resetBehavior("iris-sepal");
		}
	}

	private static MemberPredictor predictor(int batchSize, int concurrency) {
		return new MemberPredictor(HttpClient.newBuilder().version(HttpClient.Version.HTTP_1_1).build(),
				new PredictOptions("features", "probabilities", batchSize, concurrency, Duration.ofSeconds(10)));
	}

}
