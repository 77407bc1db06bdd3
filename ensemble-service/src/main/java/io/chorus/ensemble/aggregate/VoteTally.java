package io.chorus.ensemble.aggregate;

import java.util.Comparator;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

import io.chorus.protocol.Tensor;

/**
 * Counts each member's per-row label as one vote and picks each row's winning label.
 */
final class VoteTally {

	/** Relative tolerance under which two weight sums count as tied, so summation order cannot decide. */
	private static final double WEIGHT_TOLERANCE = 1e-9;

	/** Prefers more votes. */
	static final Comparator<Candidate> MORE_VOTES = Comparator.comparingInt((c) -> c.votes);

	/** Prefers more total weight, tolerating rounding. */
	static final Comparator<Candidate> MORE_WEIGHT = (a, b) -> compareWeights(a.weight, b.weight);

	/** Prefers the label whose earliest voter was declared first. */
	private static final Comparator<Candidate> EARLIER_VOTER = Comparator.comparingInt((Candidate c) -> -c.earliestOrder);

	/** The votes one label received in one row. */
	static final class Candidate {

		final long label;

		int votes;

		double weight;

		int earliestOrder = Integer.MAX_VALUE;

		Candidate(long label) {
			this.label = label;
		}

	}

	private VoteTally() {
	}

	/**
	 * Picks each row's label: the greatest candidate under {@code preference}, then the one whose earliest
	 * voter has the lowest member order.
	 */
	static Tensor winners(AggregationOptions options, List<MemberTensor> answers, Comparator<Candidate> preference) {
		Comparator<Candidate> ranking = preference.thenComparing(EARLIER_VOTER);
		long[][] labels = new long[answers.size()][];
		for (int m = 0; m < labels.length; m++) {
			labels[m] = Agreement.labels(answers.get(m).tensor(), options.threshold());
		}
		int rows = labels[0].length;
		long[] winners = new long[rows];
		for (int row = 0; row < rows; row++) {
			Map<Long, Candidate> tally = new LinkedHashMap<>();
			for (int m = 0; m < labels.length; m++) {
				MemberTensor answer = answers.get(m);
				Candidate candidate = tally.computeIfAbsent(labels[m][row], Candidate::new);
				candidate.votes++;
				candidate.weight += answer.weight();
				candidate.earliestOrder = Math.min(candidate.earliestOrder, answer.order());
			}
			Candidate best = null;
			for (Candidate candidate : tally.values()) {
				if (best == null || ranking.compare(candidate, best) > 0) {
					best = candidate;
				}
			}
			winners[row] = best.label;
		}
		return Tensor.int64(options.labelOutput(), new long[] { rows }, winners);
	}

	private static int compareWeights(double a, double b) {
		if (Math.abs(a - b) <= WEIGHT_TOLERANCE * Math.max(Math.abs(a), Math.abs(b))) {
			return 0;
		}
		return Double.compare(a, b);
	}

}
