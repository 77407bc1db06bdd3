package io.chorus.weights.evaluate;

import java.util.List;
import java.util.function.ToDoubleFunction;

/**
 * One candidate weighting's held-out scores, one per fold.
 *
 * @param name what the candidate is: a member alone, equal weights, the configured weights or the fitted ones
 * @param weights the weights used on each fold (the same on every fold except for fitted weights)
 * @param scores the score on each fold's held-out examples
 */
public record CandidateResult(String name, List<double[]> weights, List<Score> scores) {

	/** Copies lists. */
	public CandidateResult {
		weights = List.copyOf(weights);
		scores = List.copyOf(scores);
	}

	/**
	 * The mean over folds of one metric.
	 * @param metric the metric, such as {@code Score::accuracy}
	 * @return the mean
	 */
	public double mean(ToDoubleFunction<Score> metric) {
		return this.scores.stream().mapToDouble(metric).average().orElse(Double.NaN);
	}

	/**
	 * The sample standard deviation over folds of one metric (divided by {@code k - 1}).
	 * @param metric the metric
	 * @return the spread across folds
	 */
	public double spread(ToDoubleFunction<Score> metric) {
		double mean = mean(metric);
		double sum = 0;
		for (Score score : this.scores) {
			double d = metric.applyAsDouble(score) - mean;
			sum += d * d;
		}
		return Math.sqrt(sum / (this.scores.size() - 1));
	}

	/**
	 * Each member's weight averaged over folds.
	 * @return the mean weights
	 */
	public double[] meanWeights() {
		double[] mean = new double[this.weights.get(0).length];
		for (double[] fold : this.weights) {
			for (int m = 0; m < mean.length; m++) {
				mean[m] += fold[m] / this.weights.size();
			}
		}
		return mean;
	}

}
