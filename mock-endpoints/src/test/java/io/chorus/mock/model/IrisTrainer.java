package io.chorus.mock.model;

import java.nio.file.Files;
import java.nio.file.Path;
import java.util.LinkedHashMap;
import java.util.Map;

import tools.jackson.databind.SerializationFeature;
import tools.jackson.databind.json.JsonMapper;

/**
 * Fits the demo models offline on the bundled Iris data and writes {@code iris-weights.json}.
 *
 * <p>Classifiers: multinomial logistic regression, full-batch gradient descent on standardized features
 * from zero weights, {@value #ITERATIONS} iterations, learning rate {@value #LEARNING_RATE}, L2 penalty
 * {@value #L2} on the weights; the fitted weights are then folded back to raw centimetres, so the shipped
 * function is {@code softmax(W x + b)} on the raw input. Regressions: ordinary least squares via the
 * normal equations. No randomness anywhere, so a re-run reproduces the shipped file.
 *
 * <p>Regenerate the shipped file with
 * {@code ./mvnw -q -B -o -pl mock-endpoints test -Dtest=IrisTrainerTests -Diris.write=true};
 * {@code IrisTrainerTests} otherwise checks that a re-run reproduces the shipped file.
 */
public final class IrisTrainer {

	static final int ITERATIONS = 20_000;

	static final double LEARNING_RATE = 0.5;

	static final double L2 = 0.001;

	private IrisTrainer() {
	}

	/**
	 * Trains all models and writes the weights file.
	 * @param out the output path
	 * @throws java.io.IOException on I/O failure
	 */
	static void write(Path out) throws java.io.IOException {
		Files.write(out, json(train(IrisDataset.load())));
	}

	static byte[] json(Map<String, Map<String, Object>> models) {
		return JsonMapper.builder().enable(SerializationFeature.INDENT_OUTPUT).build().writeValueAsBytes(models);
	}

	static Map<String, Map<String, Object>> train(IrisDataset data) {
		Map<String, Map<String, Object>> models = new LinkedHashMap<>();
		models.put("iris-sepal", softmax(data, new int[] { 0, 1 }));
		models.put("iris-petal", softmax(data, new int[] { 2, 3 }));
		models.put("iris-full", softmax(data, new int[] { 0, 1, 2, 3 }));
		models.put("iris-petal-width", leastSquares(data, new int[] { 0, 1, 2 }, 3));
		models.put("iris-petal-width-petal", leastSquares(data, new int[] { 2 }, 3));
		// Random-subspace members for the weight-fitting demo (docs/weights.md): each sees one pair of features
		// (or one feature) and only the even-numbered rows, so the odd-numbered rows stay held out for scoring.
		IrisDataset even = evenRows(data);
		String[] names = { "sl", "sw", "pl", "pw" };
		for (int a = 0; a < 4; a++) {
			for (int b = a + 1; b < 4; b++) {
				models.put("iris-half-" + names[a] + "-" + names[b], trainedOnEvenRows(softmax(even, new int[] { a, b })));
			}
		}
		for (int a = 0; a < 3; a++) {
			models.put("iris-half-pw-from-" + names[a], trainedOnEvenRows(leastSquares(even, new int[] { a }, 3)));
		}
		return models;
	}

	/** Rows 0, 2, 4, ... of the file (0-based): 25 of each class, since each class fills 50 consecutive rows. */
	static IrisDataset evenRows(IrisDataset data) {
		int n = (data.size() + 1) / 2;
		double[][] features = new double[n][];
		int[] labels = new int[n];
		for (int i = 0; i < n; i++) {
			features[i] = data.features()[2 * i];
			labels[i] = data.labels()[2 * i];
		}
		return new IrisDataset(features, labels);
	}

	private static Map<String, Object> trainedOnEvenRows(Map<String, Object> model) {
		model.put("trainedOn", "even rows (0, 2, 4, ...; 75 rows); accuracy/rmse are on those rows");
		return model;
	}

	static Map<String, Object> softmax(IrisDataset data, int[] features) {
		int n = data.size();
		int d = features.length;
		int classes = 3;
		double[] mean = new double[d];
		double[] std = new double[d];
		double[][] x = standardize(data, features, mean, std);
		double[][] w = new double[classes][d];
		double[] b = new double[classes];
		double[] p = new double[classes];
		for (int iteration = 0; iteration < ITERATIONS; iteration++) {
			double[][] gw = new double[classes][d];
			double[] gb = new double[classes];
			for (int i = 0; i < n; i++) {
				softmaxRow(w, b, x[i], p);
				for (int k = 0; k < classes; k++) {
					double err = p[k] - ((data.labels()[i] == k) ? 1 : 0);
					gb[k] += err / n;
					for (int j = 0; j < d; j++) {
						gw[k][j] += err * x[i][j] / n;
					}
				}
			}
			for (int k = 0; k < classes; k++) {
				b[k] -= LEARNING_RATE * gb[k];
				for (int j = 0; j < d; j++) {
					w[k][j] -= LEARNING_RATE * (gw[k][j] + L2 * w[k][j]);
				}
			}
		}
		// Fold the standardization into the weights: w (x - mean) / std + b = (w / std) x + (b - w mean / std).
		double[][] rawW = new double[classes][d];
		double[] rawB = b.clone();
		for (int k = 0; k < classes; k++) {
			for (int j = 0; j < d; j++) {
				rawW[k][j] = w[k][j] / std[j];
				rawB[k] -= w[k][j] * mean[j] / std[j];
			}
		}
		Map<String, Object> model = new LinkedHashMap<>();
		model.put("kind", "softmax");
		model.put("features", features);
		model.put("classes", IrisDataset.CLASSES);
		model.put("weights", rawW);
		model.put("bias", rawB);
		model.put("accuracy", accuracy(data, new SoftmaxClassifier(features, rawW, rawB)));
		return model;
	}

	static Map<String, Object> leastSquares(IrisDataset data, int[] features, int target) {
		int d = features.length + 1;
		double[][] a = new double[d][d + 1];
		for (int i = 0; i < data.size(); i++) {
			double[] row = new double[d];
			for (int j = 0; j < features.length; j++) {
				row[j] = data.features()[i][features[j]];
			}
			row[d - 1] = 1;
			for (int r = 0; r < d; r++) {
				for (int c = 0; c < d; c++) {
					a[r][c] += row[r] * row[c];
				}
				a[r][d] += row[r] * data.features()[i][target];
			}
		}
		double[] solution = solve(a);
		double[] weights = java.util.Arrays.copyOf(solution, features.length);
		LinearRegression model = new LinearRegression(features, weights, solution[d - 1]);
		Map<String, Object> out = new LinkedHashMap<>();
		out.put("kind", "linear");
		out.put("features", features);
		out.put("target", target);
		out.put("weights", weights);
		out.put("bias", solution[d - 1]);
		out.put("rmse", rmse(data, model, target));
		return out;
	}

	static double accuracy(IrisDataset data, SoftmaxClassifier model) {
		int correct = 0;
		double[] z = new double[3];
		io.chorus.protocol.TensorData x = flat(data);
		for (int i = 0; i < data.size(); i++) {
			correct += (model.probabilities(x, i, z) == data.labels()[i]) ? 1 : 0;
		}
		return (double) correct / data.size();
	}

	static double rmse(IrisDataset data, LinearRegression model, int target) {
		double sum = 0;
		io.chorus.protocol.TensorData x = flat(data);
		for (int i = 0; i < data.size(); i++) {
			double err = model.value(x, i) - data.features()[i][target];
			sum += err * err;
		}
		return Math.sqrt(sum / data.size());
	}

	static io.chorus.protocol.TensorData flat(IrisDataset data) {
		double[] flat = new double[data.size() * 4];
		for (int i = 0; i < data.size(); i++) {
			System.arraycopy(data.features()[i], 0, flat, i * 4, 4);
		}
		return io.chorus.protocol.TensorData.of(flat);
	}

	private static double[][] standardize(IrisDataset data, int[] features, double[] mean, double[] std) {
		int n = data.size();
		double[][] x = new double[n][features.length];
		for (int j = 0; j < features.length; j++) {
			for (int i = 0; i < n; i++) {
				mean[j] += data.features()[i][features[j]] / n;
			}
			for (int i = 0; i < n; i++) {
				double dev = data.features()[i][features[j]] - mean[j];
				std[j] += dev * dev / n;
			}
			std[j] = Math.sqrt(std[j]);
			for (int i = 0; i < n; i++) {
				x[i][j] = (data.features()[i][features[j]] - mean[j]) / std[j];
			}
		}
		return x;
	}

	private static void softmaxRow(double[][] w, double[] b, double[] x, double[] p) {
		double max = Double.NEGATIVE_INFINITY;
		for (int k = 0; k < p.length; k++) {
			double z = b[k];
			for (int j = 0; j < x.length; j++) {
				z += w[k][j] * x[j];
			}
			p[k] = z;
			max = Math.max(max, z);
		}
		double total = 0;
		for (int k = 0; k < p.length; k++) {
			p[k] = Math.exp(p[k] - max);
			total += p[k];
		}
		for (int k = 0; k < p.length; k++) {
			p[k] /= total;
		}
	}

	/** Gauss-Jordan elimination with partial pivoting on an augmented matrix. */
	private static double[] solve(double[][] a) {
		int n = a.length;
		for (int col = 0; col < n; col++) {
			int pivot = col;
			for (int r = col + 1; r < n; r++) {
				if (Math.abs(a[r][col]) > Math.abs(a[pivot][col])) {
					pivot = r;
				}
			}
			double[] tmp = a[col];
			a[col] = a[pivot];
			a[pivot] = tmp;
			for (int r = 0; r < n; r++) {
				if (r != col) {
					double factor = a[r][col] / a[col][col];
					for (int c = col; c <= n; c++) {
						a[r][c] -= factor * a[col][c];
					}
				}
			}
		}
		double[] x = new double[n];
		for (int r = 0; r < n; r++) {
			x[r] = a[r][n] / a[r][r];
		}
		return x;
	}

}
