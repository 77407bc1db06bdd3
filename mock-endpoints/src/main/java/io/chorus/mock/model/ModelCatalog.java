package io.chorus.mock.model;

import java.io.IOException;
import java.io.InputStream;
import java.io.UncheckedIOException;
import java.util.Collections;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.Set;

import tools.jackson.databind.JsonNode;
import tools.jackson.databind.json.JsonMapper;

/**
 * The demo functions a mock can serve, loaded once from the shipped weights resource
 * {@code io/chorus/mock/model/iris-weights.json} (fitted offline on the Iris data set by {@code IrisTrainer}).
 */
public final class ModelCatalog {

	/** The weights resource, next to this class. */
	static final String WEIGHTS = "iris-weights.json";

	private static final Map<String, Model> MODELS = load();

	private ModelCatalog() {
	}

	/**
	 * The names of the demo functions.
	 * @return the names, in the order of the weights file
	 */
	public static Set<String> functions() {
		return MODELS.keySet();
	}

	/**
	 * Looks up a demo function.
	 * @param function its name, for example {@code iris-full}
	 * @return the model
	 * @throws IllegalArgumentException when there is no such function
	 */
	public static Model get(String function) {
		Model model = MODELS.get(function);
		if (model == null) {
			throw new IllegalArgumentException("unknown model function '" + function + "'; known: " + MODELS.keySet());
		}
		return model;
	}

	private static Map<String, Model> load() {
		try (InputStream in = ModelCatalog.class.getResourceAsStream(WEIGHTS)) {
			if (in == null) {
				throw new IllegalStateException("missing resource " + WEIGHTS);
			}
			JsonNode root = JsonMapper.shared().readTree(in);
			Map<String, Model> models = new LinkedHashMap<>();
			for (Map.Entry<String, JsonNode> entry : root.properties()) {
				models.put(entry.getKey(), model(entry.getValue()));
			}
			return Collections.unmodifiableMap(models);
		}
		catch (IOException ex) {
			throw new UncheckedIOException(ex);
		}
	}

	private static Model model(JsonNode node) {
		int[] features = ints(node.get("features"));
		if ("softmax".equals(node.get("kind").stringValue())) {
			JsonNode w = node.get("weights");
			double[][] weights = new double[w.size()][];
			for (int k = 0; k < weights.length; k++) {
				weights[k] = doubles(w.get(k));
			}
			return new SoftmaxClassifier(features, weights, doubles(node.get("bias")));
		}
		return new LinearRegression(features, doubles(node.get("weights")), node.get("bias").doubleValue());
	}

	private static int[] ints(JsonNode array) {
		int[] out = new int[array.size()];
		for (int i = 0; i < out.length; i++) {
			out[i] = array.get(i).intValue();
		}
		return out;
	}

	private static double[] doubles(JsonNode array) {
		double[] out = new double[array.size()];
		for (int i = 0; i < out.length; i++) {
			out[i] = array.get(i).doubleValue();
		}
		return out;
	}

}
