package io.chorus.weights.evaluate;

import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;

import io.chorus.weights.fit.GreedyEnsembleSelection;
import io.chorus.weights.fit.MemberAnswers;

/**
 * k-fold cross-validation of weightings: for each fold, the weights are fitted on the other {@code k − 1} folds and
 * every candidate is scored on the held-out fold only. Members alone, equal weights and the configured weights
 * involve no fitting, so they are scored on the same held-out folds to make the comparison like for like.
 */
public final class CrossValidation {

	private final GreedyEnsembleSelection fitter;

	private final boolean classification;

	/**
	 * Creates a cross-validation.
	 * @param fitter fits the weights on the training folds
	 * @param classification whether to score accuracy and log-loss (true) or RMSE (false)
	 */
	public CrossValidation(GreedyEnsembleSelection fitter, boolean classification) {
		this.fitter = fitter;
		this.classification = classification;
	}

	/**
	 * Scores each member alone, equal weights, the configured weights and fitted weights on every held-out fold.
	 * @param answers every member's answers for every example
	 * @param targets every example's class index or target value
	 * @param folds the split
	 * @param configured the weights the ensemble is configured with today
	 * @return one result per candidate: the members in order, then equal, configured and fitted weights
	 */
	public List<CandidateResult> run(MemberAnswers answers, double[] targets, Folds folds, double[] configured) {
		int members = answers.memberCount();
		List<CandidateResult> results = new ArrayList<>();
		for (int m = 0; m < members; m++) {
			double[] alone = new double[members];
			alone[m] = 1;
			results.add(fixed(answers.members().get(m) + " alone", alone, answers, targets, folds));
		}
		double[] equal = new double[members];
		Arrays.fill(equal, 1.0 / members);
		results.add(fixed("equal weights", equal, answers, targets, folds));
		results.add(fixed("configured weights", configured, answers, targets, folds));
		List<double[]> fitted = new ArrayList<>();
		List<Score> scores = new ArrayList<>();
		for (int f = 0; f < folds.k(); f++) {
			double[] weights = this.fitter.fit(answers, targets, folds.train(f));
			fitted.add(weights);
			scores.add(score(answers, weights, folds.test(f), targets));
		}
		results.add(new CandidateResult("fitted weights", fitted, scores));
		return results;
	}

	private CandidateResult fixed(String name, double[] weights, MemberAnswers answers, double[] targets, Folds folds) {
		List<double[]> perFold = new ArrayList<>();
		List<Score> scores = new ArrayList<>();
		for (int f = 0; f < folds.k(); f++) {
			perFold.add(weights);
			scores.add(score(answers, weights, folds.test(f), targets));
		}
		return new CandidateResult(name, perFold, scores);
	}

	private Score score(MemberAnswers answers, double[] weights, int[] rows, double[] targets) {
		double[] combined = answers.combine(weights, rows);
		return this.classification ? Score.classification(combined, answers.width(), rows, targets)
				: Score.regression(combined, answers.width(), rows, targets);
	}

}
