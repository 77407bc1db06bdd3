package io.chorus.weights.evaluate;

import java.util.ArrayList;
import java.util.List;

import io.chorus.weights.fit.MemberAnswers;

/**
 * How differently two members err, which bounds what any weighting can gain: averaging helps only where members
 * make different mistakes. Nothing is fitted here, so it is computed on every example.
 *
 * @param first a member
 * @param second another member
 * @param disagreement classification: the share of examples whose argmax differs; regression: {@code NaN}
 * @param bothWrong classification: examples both members get wrong; regression: {@code -1}
 * @param errorCorrelation regression: Pearson correlation of the two members' residuals; classification: {@code NaN}
 */
public record Diversity(String first, String second, double disagreement, int bothWrong, double errorCorrelation) {

	/**
	 * Measures every pair of members.
	 * @param answers every member's answers
	 * @param targets every example's class index or target value
	 * @param classification whether the answers are class probabilities
	 * @return one entry per pair, in member order
	 */
	public static List<Diversity> pairs(MemberAnswers answers, double[] targets, boolean classification) {
		List<Diversity> pairs = new ArrayList<>();
		for (int a = 0; a < answers.memberCount(); a++) {
			for (int b = a + 1; b < answers.memberCount(); b++) {
				pairs.add(classification ? classes(answers, targets, a, b) : regression(answers, targets, a, b));
			}
		}
		return pairs;
	}

	private static Diversity classes(MemberAnswers answers, double[] labels, int a, int b) {
		int differ = 0;
		int bothWrong = 0;
		for (int row = 0; row < answers.rows(); row++) {
			int pa = argmax(answers, a, row);
			int pb = argmax(answers, b, row);
			differ += (pa != pb) ? 1 : 0;
			bothWrong += (pa != (int) labels[row] && pb != (int) labels[row]) ? 1 : 0;
		}
		return new Diversity(answers.members().get(a), answers.members().get(b), (double) differ / answers.rows(),
				bothWrong, Double.NaN);
	}

	private static Diversity regression(MemberAnswers answers, double[] targets, int a, int b) {
		int n = answers.rows();
		double[] ea = new double[n];
		double[] eb = new double[n];
		for (int row = 0; row < n; row++) {
			ea[row] = answers.value(a, row, 0) - targets[row];
			eb[row] = answers.value(b, row, 0) - targets[row];
		}
		return new Diversity(answers.members().get(a), answers.members().get(b), Double.NaN, -1, correlation(ea, eb));
	}

	private static int argmax(MemberAnswers answers, int member, int row) {
		int best = 0;
		for (int c = 1; c < answers.width(); c++) {
			if (answers.value(member, row, c) > answers.value(member, row, best)) {
				best = c;
			}
		}
		return best;
	}

	private static double correlation(double[] x, double[] y) {
		double mx = 0;
		double my = 0;
		for (int i = 0; i < x.length; i++) {
			mx += x[i] / x.length;
			my += y[i] / y.length;
		}
		double sxy = 0;
		double sxx = 0;
		double syy = 0;
		for (int i = 0; i < x.length; i++) {
			sxy += (x[i] - mx) * (y[i] - my);
			sxx += (x[i] - mx) * (x[i] - mx);
			syy += (y[i] - my) * (y[i] - my);
		}
		return sxy / Math.sqrt(sxx * syy);
	}

}
