package io.chorus.weights.evaluate;

import io.chorus.weights.fit.Loss;

/**
 * One candidate's score on one set of examples.
 *
 * @param accuracy the share of examples whose highest probability is the true class ({@code NaN} for regression)
 * @param logLoss the mean log-loss ({@code NaN} for regression)
 * @param rmse the root mean squared error ({@code NaN} for classification)
 */
public record Score(double accuracy, double logLoss, double rmse) {

	/**
	 * Scores class probabilities. The argmax takes the lowest class index on ties, as ensemble-service's
	 * {@code soft-vote} label does.
	 * @param combined the probabilities, {@code rows.length × width}
	 * @param width the number of classes
	 * @param rows the examples
	 * @param labels every example's class index
	 * @return accuracy and log-loss
	 */
	public static Score classification(double[] combined, int width, int[] rows, double[] labels) {
		int correct = 0;
		for (int k = 0; k < rows.length; k++) {
			int argmax = 0;
			for (int c = 1; c < width; c++) {
				if (combined[k * width + c] > combined[k * width + argmax]) {
					argmax = c;
				}
			}
			if (argmax == (int) labels[rows[k]]) {
				correct++;
			}
		}
		return new Score((double) correct / rows.length, new Loss.LogLoss().mean(combined, width, rows, labels),
				Double.NaN);
	}

	/**
	 * Scores a regression.
	 * @param combined the predictions, {@code rows.length × width} (the first number of each row is used)
	 * @param width the numbers per example
	 * @param rows the examples
	 * @param targets every example's target
	 * @return the RMSE
	 */
	public static Score regression(double[] combined, int width, int[] rows, double[] targets) {
		return new Score(Double.NaN, Double.NaN,
				Math.sqrt(new Loss.SquaredError().mean(combined, width, rows, targets)));
	}

}
