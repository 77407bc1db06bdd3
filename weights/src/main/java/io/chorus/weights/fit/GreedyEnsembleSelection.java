package io.chorus.weights.fit;

/**
 * Greedy forward ensemble selection with replacement (R. Caruana, A. Niculescu-Mizil, G. Crew, A. Ksikes,
 * "Ensemble Selection from Libraries of Models", ICML 2004): start from an empty bag, and in each round add the
 * member (possibly again) whose addition gives the bag's equal-weight average the lowest loss; a member's weight
 * is the share of rounds it was added in.
 *
 * <p>Why this method: the weights come out non-negative and summing to 1 with no optimiser to tune, a member
 * that never helps is never added (weight exactly 0, so "drop this member" is a plain reading of the result), and
 * the paper shows that selection with replacement overfits its hill-climbing set less than unconstrained weight
 * fitting. The resolution is {@code 1/rounds}. Ties go to the member listed first, so the result is deterministic.
 */
public final class GreedyEnsembleSelection {

	private final Loss loss;

	private final int rounds;

	/**
	 * Creates the selection.
	 * @param loss the loss to minimise
	 * @param rounds how many members to add to the bag (the weights' resolution is {@code 1/rounds})
	 */
	public GreedyEnsembleSelection(Loss loss, int rounds) {
		if (rounds < 1) {
			throw new IllegalArgumentException("rounds must be at least 1, not " + rounds);
		}
		this.loss = loss;
		this.rounds = rounds;
	}

	/**
	 * Fits weights on some examples.
	 * @param answers every member's answers
	 * @param targets every example's class index or target value
	 * @param rows the examples to fit on
	 * @return one weight per member, non-negative, summing to 1
	 */
	public double[] fit(MemberAnswers answers, double[] targets, int[] rows) {
		int members = answers.memberCount();
		int width = answers.width();
		int[] counts = new int[members];
		double[] bagSum = new double[rows.length * width];
		double[] candidate = new double[bagSum.length];
		for (int round = 1; round <= this.rounds; round++) {
			int best = -1;
			double bestLoss = Double.POSITIVE_INFINITY;
			for (int m = 0; m < members; m++) {
				double[] member = answers.values().get(m);
				for (int k = 0; k < rows.length; k++) {
					for (int c = 0; c < width; c++) {
						candidate[k * width + c] = (bagSum[k * width + c] + member[rows[k] * width + c]) / round;
					}
				}
				double candidateLoss = this.loss.mean(candidate, width, rows, targets);
				if (candidateLoss < bestLoss) {
					bestLoss = candidateLoss;
					best = m;
				}
			}
			counts[best]++;
			double[] chosen = answers.values().get(best);
			for (int k = 0; k < rows.length; k++) {
				for (int c = 0; c < width; c++) {
					bagSum[k * width + c] += chosen[rows[k] * width + c];
				}
			}
		}
		double[] weights = new double[members];
		for (int m = 0; m < members; m++) {
			weights[m] = (double) counts[m] / this.rounds;
		}
		return weights;
	}

}
