package io.chorus.weights.data;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;

import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatIllegalArgumentException;

class DatasetTests {

	@Test
	void readsTheShippedIrisCsvWithClassNames() {
		Dataset iris = Dataset.read(new DatasetSpec(Path.of("data/iris.csv"), List.of(), "species",
				List.of("setosa", "versicolor", "virginica")));

		assertThat(iris.size()).isEqualTo(150);
		assertThat(iris.inputColumns()).containsExactly("sepal_length", "sepal_width", "petal_length", "petal_width");
		assertThat(iris.inputs()[149]).containsExactly(5.9, 3.0, 5.1, 1.8);
		assertThat(iris.labels()[0]).isZero();
		assertThat(iris.labels()[149]).isEqualTo(2);
	}

	@Test
	void readsJsonLinesWithAnArrayInputAndANumericTarget(@TempDir Path dir) throws IOException {
		Path file = dir.resolve("rows.jsonl");
		Files.writeString(file, """
				{"features": [1, 2], "extra": 3, "y": 0.5}

				{"features": [4, 5], "extra": 6, "y": 1.5}
				""");

		Dataset data = Dataset.read(new DatasetSpec(file, List.of("features", "extra"), "y", List.of()));

		assertThat(data.inputs()).isDeepEqualTo(new double[][] { { 1, 2, 3 }, { 4, 5, 6 } });
		assertThat(data.targets()).containsExactly(0.5, 1.5);
	}

	@Test
	void namesTheRowAndColumnOfABadCell(@TempDir Path dir) throws IOException {
		Path file = dir.resolve("rows.csv");
		Files.writeString(file, "x,y\n1,2\nabc,3\n");

		assertThatIllegalArgumentException()
			.isThrownBy(() -> Dataset.read(new DatasetSpec(file, List.of(), "y", List.of())))
			.withMessageContaining("row 2")
			.withMessageContaining("'x'");
	}

}
