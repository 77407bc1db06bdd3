package io.chorus.weights.evaluate;

import java.util.List;

import org.junit.jupiter.api.Test;

import io.chorus.weights.fit.GreedyEnsembleSelection;
import io.chorus.weights.fit.Loss;
import io.chorus.weights.fit.MemberAnswers;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.within;

class CrossValidationTests {

	/**
	 * A member that is right on the first half of the rows only: weights fitted on the other folds cannot know
	 * that, so scoring on held-out rows must differ from scoring on the rows fitted on. Here the fitted weights are
	 * scored fold by fold, and each fold's weights must come from the other folds' rows alone.
	 */
	@Test
	void fittedWeightsAreScoredOnlyOnRowsTheyWereNotFittedOn() {
		int rows = 20;
		double[] targets = new double[rows];
		double[] exact = new double[rows];
		double[] leaky = new double[rows];
		for (int row = 0; row < rows; row++) {
			targets[row] = row;
			exact[row] = row + ((row % 2 == 0) ? 0.5 : -0.5);
			// Perfect on rows 0-3, which all fall in fold 0 below; far off elsewhere.
			leaky[row] = (row < 4) ? row : row + 10;
		}
		int[] fold = new int[rows];
		for (int row = 0; row < rows; row++) {
			fold[row] = (row < 4) ? 0 : 1 + row % 4;
		}
		MemberAnswers answers = new MemberAnswers(List.of("exact", "leaky"), rows, 1, List.of(exact, leaky));
		List<CandidateResult> results = new CrossValidation(new GreedyEnsembleSelection(new Loss.SquaredError(), 10),
				false)
			.run(answers, targets, new Folds(fold, 5), new double[] { 1, 1 });

		assertThat(results).extracting(CandidateResult::name)
			.containsExactly("exact alone", "leaky alone", "equal weights", "configured weights", "fitted weights");
		CandidateResult fitted = results.get(4);
		// Fold 0's weights come from folds 1-4, where leaky is far off: all weight on exact, so fold 0 scores 0.5.
		assertThat(fitted.weights().get(0)).containsExactly(1, 0);
		assertThat(fitted.scores().get(0).rmse()).isCloseTo(0.5, within(1e-12));
		assertThat(results.get(1).scores().get(0).rmse()).isZero();
	}

}
