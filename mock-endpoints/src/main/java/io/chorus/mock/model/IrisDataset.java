package io.chorus.mock.model;

import java.io.BufferedReader;
import java.io.IOException;
import java.io.InputStreamReader;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;

/**
 * Fisher's Iris data set (150 rows), bundled as {@code io/chorus/mock/model/iris.csv}.
 *
 * <p>Source: the copy shipped in Debian's {@code python3-sklearn} 1.2.1 package
 * ({@code sklearn/datasets/data/iris.csv}), which follows Fisher's paper (R. A. Fisher, "The use of multiple
 * measurements in taxonomic problems", Annals of Eugenics 7, 179-188, 1936); also the UCI Machine Learning
 * Repository's Iris data set, licensed CC BY 4.0. Columns: sepal length, sepal width, petal length,
 * petal width (cm), class (0 setosa, 1 versicolor, 2 virginica).
 *
 * @param features 150 x 4 measurements in cm
 * @param labels the class of each row
 */
public record IrisDataset(double[][] features, int[] labels) {

	/** The class names, in label order. */
	public static final String[] CLASSES = { "setosa", "versicolor", "virginica" };

	/**
	 * Loads the bundled data set (blocking I/O; for start-up, tools and tests).
	 * @return the data set
	 */
	public static IrisDataset load() {
		try (BufferedReader reader = new BufferedReader(new InputStreamReader(
				IrisDataset.class.getResourceAsStream("iris.csv"), StandardCharsets.UTF_8))) {
			String[] header = reader.readLine().split(",");
			int rows = Integer.parseInt(header[0]);
			double[][] features = new double[rows][4];
			int[] labels = new int[rows];
			for (int i = 0; i < rows; i++) {
				String[] cells = reader.readLine().split(",");
				for (int j = 0; j < 4; j++) {
					features[i][j] = Double.parseDouble(cells[j]);
				}
				labels[i] = Integer.parseInt(cells[4].trim());
			}
			return new IrisDataset(features, labels);
		}
		catch (IOException ex) {
			throw new UncheckedIOException(ex);
		}
	}

	/**
	 * The number of rows.
	 * @return 150
	 */
	public int size() {
		return this.labels.length;
	}

}
