package io.chorus.mock.model;

import java.util.List;

import io.chorus.protocol.Tensor;
import io.chorus.protocol.TensorData;
import org.junit.jupiter.api.Test;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.within;

class DemoModelsTests {

	private static final IrisDataset IRIS = IrisDataset.load();

	@Test
	void bundledIrisHas150RowsOf50PerClass() {
		assertThat(IRIS.size()).isEqualTo(150);
		assertThat(IRIS.features()[0]).containsExactly(5.1, 3.5, 1.4, 0.2);
		assertThat(IRIS.features()[149]).containsExactly(5.9, 3.0, 5.1, 1.8);
		assertThat(java.util.Arrays.stream(IRIS.labels()).filter((l) -> l == 2).count()).isEqualTo(50);
	}

	@Test
	void irisFullMatchesAHandComputedSoftmaxOnRow150() {
		// Shipped weights of iris-full (iris-weights.json), W rows = setosa, versicolor, virginica.
		double z0 = 10.586580588955812 - 1.8681206092185956 * 5.9 + 3.9925417257837403 * 3.0
				- 1.8592409873569617 * 5.1 - 4.053431933371665 * 1.8;
		double z1 = 2.7896550504969815 + 1.3698393260475827 * 5.9 - 0.7832553789646117 * 3.0
				- 0.7073408912688881 * 5.1 - 1.7425026143599203 * 1.8;
		double z2 = -13.37623563945278 + 0.4982812831710095 * 5.9 - 3.209286346819136 * 3.0
				+ 2.5665818786258527 * 5.1 + 5.795934547731591 * 1.8;
		double sum = Math.exp(z0) + Math.exp(z1) + Math.exp(z2);
		assertThat(z2).isCloseTo(3.45801465770748, within(1e-9));
		List<Tensor> out = ModelCatalog.get("iris-full").predict(Tensor.fp32("features", new long[] { 1, 4 },
				new float[] { 5.9f, 3.0f, 5.1f, 1.8f }));
		float[] p = ((TensorData.Floats) out.get(0).data()).values();
		assertThat(p[0]).isCloseTo((float) (Math.exp(z0) / sum), within(1e-6f));
		assertThat(p[1]).isCloseTo((float) (Math.exp(z1) / sum), within(1e-6f));
		assertThat(p[2]).isCloseTo(0.84278773f, within(1e-6f));
		assertThat(out.get(1).data()).isEqualTo(TensorData.of(new long[] { 2 }));
	}

	@Test
	void sepalOnlyModelDisagreesWithFullModelOnRow150() {
		Tensor row = Tensor.fp32("features", new long[] { 1, 4 }, new float[] { 5.9f, 3.0f, 5.1f, 1.8f });
		assertThat(ModelCatalog.get("iris-sepal").predict(row).get(1).data().doubleAt(0)).isEqualTo(1);
		assertThat(ModelCatalog.get("iris-full").predict(row).get(1).data().doubleAt(0)).isEqualTo(2);
	}

	@Test
	void classifierAccuraciesOnThe150RowsMatchTheDocumentedFigures() {
		assertThat(accuracy("iris-sepal")).isCloseTo(0.8333, within(0.001));
		assertThat(accuracy("iris-petal")).isCloseTo(0.9600, within(0.001));
		assertThat(accuracy("iris-full")).isCloseTo(0.9800, within(0.001));
	}

	@Test
	void regressionRmseOnThe150RowsMatchesTheDocumentedFigures() {
		assertThat(rmse("iris-petal-width")).isCloseTo(0.1894, within(0.001));
		assertThat(rmse("iris-petal-width-petal")).isCloseTo(0.2051, within(0.001));
		Tensor row = Tensor.fp32("features", new long[] { 1, 4 }, new float[] { 5.9f, 3.0f, 5.1f, 1.8f });
		// Hand computation from the shipped weights: b + w0*5.9 + w1*3.0 + w2*5.1.
		double expected = -0.24030738911226573 - 0.20726607375749126 * 5.9 + 0.2228285438610114 * 3.0
				+ 0.5240831147784656 * 5.1;
		assertThat(ModelCatalog.get("iris-petal-width").predict(row).get(0).data().doubleAt(0))
			.isCloseTo(expected, within(1e-5));
	}

	@Test
	void classifierProbabilitiesSumToOneForEveryRow() {
		Tensor all = Tensor.fp64("features", new long[] { 150, 4 }, ((TensorData.Doubles) IrisTrainer.flat(IRIS)).values());
		Tensor p = ModelCatalog.get("iris-sepal").predict(all).get(0);
		assertThat(p.shape()).containsExactly(150, 3);
		for (int row = 0; row < 150; row++) {
			double s = p.data().doubleAt(row * 3) + p.data().doubleAt(row * 3 + 1) + p.data().doubleAt(row * 3 + 2);
			assertThat(s).isCloseTo(1.0, within(1e-5));
		}
	}

	private static double accuracy(String name) {
		Tensor all = Tensor.fp64("features", new long[] { 150, 4 }, ((TensorData.Doubles) IrisTrainer.flat(IRIS)).values());
		Tensor labels = ModelCatalog.get(name).predict(all).get(1);
		int correct = 0;
		for (int i = 0; i < 150; i++) {
			correct += (labels.data().doubleAt(i) == IRIS.labels()[i]) ? 1 : 0;
		}
		return correct / 150.0;
	}

	private static double rmse(String name) {
		Tensor all = Tensor.fp64("features", new long[] { 150, 4 }, ((TensorData.Doubles) IrisTrainer.flat(IRIS)).values());
		Tensor predictions = ModelCatalog.get(name).predict(all).get(0);
		double sum = 0;
		for (int i = 0; i < 150; i++) {
			double err = predictions.data().doubleAt(i) - IRIS.features()[i][3];
			sum += err * err;
		}
		return Math.sqrt(sum / 150);
	}

}
