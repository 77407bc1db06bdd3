package io.chorus.weights.fit;

/**
 * A proper scoring rule for an ensemble's combined answers, lower is better: log-loss for class probabilities,
 * squared error for a regression. Both are minimised only by the true distribution (or the conditional mean), so
 * weights that lower them make the ensemble's probabilities or predictions better, not just its argmax luckier.
 */
public sealed interface Loss permits Loss.LogLoss, Loss.SquaredError {

	/** The smallest probability log-loss takes, so one confident miss costs {@code -ln(1e-15) ≈ 34.5}, not infinity. */
	double EPSILON = 1e-15;

	/**
	 * The mean loss over some examples.
	 * @param combined the ensemble's answers for the examples, {@code rows.length × width}, row-major
	 * @param width the numbers per example
	 * @param rows the examples, indices into {@code targets}
	 * @param targets every example's class index or target value
	 * @return the mean loss
	 */
	double mean(double[] combined, int width, int[] rows, double[] targets);

	/** Mean negative log of the probability given to the true class (scikit-learn's {@code log_loss}). */
	record LogLoss() implements Loss {

		@Override
		public double mean(double[] combined, int width, int[] rows, double[] targets) {
			double sum = 0;
			for (int k = 0; k < rows.length; k++) {
				double p = combined[k * width + (int) targets[rows[k]]];
				sum -= Math.log(Math.min(1, Math.max(EPSILON, p)));
			}
			return sum / rows.length;
		}

	}

	/** Mean squared error of the first (only) number of each answer; its square root is the RMSE. */
	record SquaredError() implements Loss {

		@Override
		public double mean(double[] combined, int width, int[] rows, double[] targets) {
			double sum = 0;
			for (int k = 0; k < rows.length; k++) {
				double error = combined[k * width] - targets[rows[k]];
				sum += error * error;
			}
			return sum / rows.length;
		}

	}

}
