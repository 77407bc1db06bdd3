package io.chorus.ensemble.cascade;

import io.chorus.ensemble.fanout.EnsembleResult;
import io.chorus.protocol.Tensor;

/**
 * Whether a stage's answer is confident enough: read from the first configured output, every row's top
 * probability must reach {@code min-confidence} and its top two must be at least {@code min-margin} apart (each
 * when set). A row of one value is a binary classifier's P(class 1): its top is max(p, 1 − p) and its margin
 * |2p − 1|. An answer without that output, or with an empty one, is not confident.
 */
final class Confidence {

	private Confidence() {
	}

	static boolean enough(EnsembleResult.Answered answer, Double minConfidence, Double minMargin) {
		String name = answer.ensemble().outputs().get(0);
		Tensor scores = answer.outputs().stream().filter((t) -> t.name().equals(name)).findFirst().orElse(null);
		if (scores == null || scores.rank() < 1 || scores.data().size() == 0) {
			return false;
		}
		int rows = (int) scores.dim(0);
		int columns = scores.data().size() / Math.max(rows, 1);
		for (int row = 0; row < rows; row++) {
			double top;
			double second;
			if (columns == 1) {
				double p = scores.data().doubleAt(row);
				top = Math.max(p, 1 - p);
				second = 1 - top;
			}
			else {
				top = Double.NEGATIVE_INFINITY;
				second = Double.NEGATIVE_INFINITY;
				for (int c = 0; c < columns; c++) {
					double value = scores.data().doubleAt(row * columns + c);
					if (value > top) {
						second = top;
						top = value;
					}
					else if (value > second) {
						second = value;
					}
				}
			}
			if ((minConfidence != null && top < minConfidence) || (minMargin != null && top - second < minMargin)) {
				return false;
			}
		}
		return true;
	}

}
