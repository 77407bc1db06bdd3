package io.chorus.mock.model;

import java.io.InputStream;
import java.nio.file.Path;
import java.util.Map;

import org.junit.jupiter.api.Test;
import tools.jackson.databind.JsonNode;
import tools.jackson.databind.json.JsonMapper;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.within;

class IrisTrainerTests {

	@Test
	void retrainingReproducesTheShippedWeights() throws Exception {
		if (Boolean.getBoolean("iris.write")) {
			IrisTrainer.write(Path.of("src/main/resources/io/chorus/mock/model/iris-weights.json"));
		}
		JsonNode trained = JsonMapper.shared().readTree(IrisTrainer.json(IrisTrainer.train(IrisDataset.load())));
		JsonNode shipped;
		try (InputStream in = ModelCatalog.class.getResourceAsStream(ModelCatalog.WEIGHTS)) {
			shipped = JsonMapper.shared().readTree(in);
		}
		assertThat(shipped.propertyNames()).containsExactlyElementsOf(trained.propertyNames());
		for (Map.Entry<String, JsonNode> model : trained.properties()) {
			assertNumbersClose(model.getKey(), model.getValue(), shipped.get(model.getKey()));
		}
	}

	private static void assertNumbersClose(String where, JsonNode expected, JsonNode actual) {
		if (expected.isNumber()) {
			assertThat(actual.doubleValue()).as(where).isCloseTo(expected.doubleValue(), within(1e-6));
		}
		else if (expected.isContainer()) {
			assertThat(actual.size()).as(where).isEqualTo(expected.size());
			for (String name : expected.propertyNames()) {
				assertNumbersClose(where + "." + name, expected.get(name), actual.get(name));
			}
			for (int i = 0; expected.isArray() && i < expected.size(); i++) {
				assertNumbersClose(where + "[" + i + "]", expected.get(i), actual.get(i));
			}
		}
		else {
			assertThat(actual).as(where).isEqualTo(expected);
		}
	}

}
