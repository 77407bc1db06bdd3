package io.chorus.weights.fit;

import java.util.List;
import java.util.stream.IntStream;

import org.junit.jupiter.api.Test;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.within;

class GreedyEnsembleSelectionTests {

	private static final int ROWS = 60;

	private static final int[] ALL = IntStream.range(0, ROWS).toArray();

	/**
	 * Two classifiers that are equally good but sure on different rows (one on even rows, one on odd rows), so
	 * their half-and-half mix is the best weighting by symmetry, and a uniform member that can only dilute them.
	 */
	@Test
	void classificationGivesTwoEqualMembersEqualWeightsAndAUselessMemberZero() {
		double[] labels = new double[ROWS];
		double[] even = new double[ROWS * 3];
		double[] odd = new double[ROWS * 3];
		double[] uniform = new double[ROWS * 3];
		for (int row = 0; row < ROWS; row++) {
			int label = row % 3;
			labels[row] = label;
			fillRow(even, row, label, (row % 2 == 0) ? 0.9 : 0.4);
			fillRow(odd, row, label, (row % 2 == 1) ? 0.9 : 0.4);
			fillRow(uniform, row, label, 1.0 / 3);
		}
		MemberAnswers answers = new MemberAnswers(List.of("useless", "even", "odd"), ROWS, 3,
				List.of(uniform, even, odd));

		double[] weights = new GreedyEnsembleSelection(new Loss.LogLoss(), 100).fit(answers, labels, ALL);

		assertThat(weights).containsExactly(new double[] { 0, 0.5, 0.5 }, within(1e-12));
		Loss loss = new Loss.LogLoss();
		double fitted = loss.mean(answers.combine(weights, ALL), 3, ALL, labels);
		double evenAlone = loss.mean(answers.combine(new double[] { 0, 1, 0 }, ALL), 3, ALL, labels);
		assertThat(fitted).isLessThan(evenAlone);
	}

	/** Two regressions whose errors cancel exactly (+1 and −1 in turn), and a constant that knows nothing. */
	@Test
	void regressionGivesTwoEqualMembersEqualWeightsAndAUselessMemberZero() {
		double[] targets = new double[ROWS];
		double[] above = new double[ROWS];
		double[] below = new double[ROWS];
		double[] constant = new double[ROWS];
		for (int row = 0; row < ROWS; row++) {
			targets[row] = row;
			double error = (row % 2 == 0) ? 1 : -1;
			above[row] = row + error;
			below[row] = row - error;
			constant[row] = ROWS / 2.0;
		}
		MemberAnswers answers = new MemberAnswers(List.of("above", "constant", "below"), ROWS, 1,
				List.of(above, constant, below));

		double[] weights = new GreedyEnsembleSelection(new Loss.SquaredError(), 10).fit(answers, targets, ALL);

		assertThat(weights).containsExactly(new double[] { 0.5, 0, 0.5 }, within(1e-12));
		assertThat(new Loss.SquaredError().mean(answers.combine(weights, ALL), 1, ALL, targets)).isZero();
	}

	@Test
	void dominatedMemberGetsZeroEvenWhenListedFirst() {
		double[] labels = new double[ROWS];
		double[] good = new double[ROWS * 2];
		double[] weak = new double[ROWS * 2];
		for (int row = 0; row < ROWS; row++) {
			int label = row % 2;
			labels[row] = label;
			fillRow(good, row, label, 0.95);
			fillRow(weak, row, label, 0.6);
		}
		MemberAnswers answers = new MemberAnswers(List.of("weak", "good"), ROWS, 2, List.of(weak, good));

		assertThat(new GreedyEnsembleSelection(new Loss.LogLoss(), 20).fit(answers, labels, ALL))
			.containsExactly(0, 1);
	}

	private static void fillRow(double[] probabilities, int row, int label, double pTrue) {
		int classes = probabilities.length / ROWS;
		for (int c = 0; c < classes; c++) {
			probabilities[row * classes + c] = (c == label) ? pTrue : (1 - pTrue) / (classes - 1);
		}
	}

}
