package io.chorus.weights;

import java.math.BigDecimal;
import java.math.RoundingMode;
import java.util.Arrays;
import java.util.List;
import java.util.Locale;
import java.util.function.ToDoubleFunction;
import java.util.stream.Collectors;

import io.chorus.weights.config.EnsembleConfig;
import io.chorus.weights.evaluate.CandidateResult;
import io.chorus.weights.evaluate.Diversity;
import io.chorus.weights.evaluate.Score;

/**
 * Formats the command's output: Markdown tables a reader can paste into docs, and the YAML snippet. The held-out
 * table and the in-sample weights are printed under headings that say which is which.
 */
final class Report {

	private final Arguments arguments;

	private final EnsembleConfig ensemble;

	private final int rows;

	private final boolean classification;

	Report(Arguments arguments, EnsembleConfig ensemble, int rows, boolean classification) {
		this.arguments = arguments;
		this.ensemble = ensemble;
		this.rows = rows;
		this.classification = classification;
	}

	String header() {
		return String.format(Locale.ROOT,
				"# chorus-weights: ensemble `%s` (%s), %d rows of %s%n%n"
						+ "Weights: greedy ensemble selection with replacement (Caruana et al., 2004), %d rounds, "
						+ "minimising %s.%n%n",
				this.ensemble.name(), this.ensemble.strategy(), this.rows, this.arguments.data().getFileName(),
				this.arguments.rounds(), this.classification ? "log-loss" : "squared error");
	}

	String heldOut(List<CandidateResult> results) {
		StringBuilder out = new StringBuilder();
		out.append(String.format(Locale.ROOT,
				"## Held-out scores: %d-fold cross-validation%s (seed %d)%n%n"
						+ "Mean ± sample standard deviation over the %d held-out folds. Fitted weights are fitted on "
						+ "the other %d folds each time (weights shown: mean over folds). Configured weights are "
						+ "scored as the YAML has them: if they were fitted on this same data, their row is not "
						+ "held out.%n%n",
				this.arguments.folds(), this.classification ? ", stratified by class" : "", this.arguments.seed(),
				this.arguments.folds(), this.arguments.folds() - 1));
		String members = String.join(", ", this.ensemble.memberNames());
		out.append("| candidate | weights (").append(members).append(this.classification
				? ") | accuracy | log-loss |\n|---|---|---|---|\n" : ") | RMSE |\n|---|---|---|\n");
		for (CandidateResult result : results) {
			out.append("| ").append(result.name()).append(" | ").append(weights(result.meanWeights(), 2)).append(" | ");
			if (this.classification) {
				out.append(metric(result, Score::accuracy)).append(" | ").append(metric(result, Score::logLoss));
			}
			else {
				out.append(metric(result, Score::rmse));
			}
			out.append(" |\n");
		}
		CandidateResult fitted = results.get(results.size() - 1);
		out.append("\nFitted weights per fold: ")
			.append(fitted.weights().stream().map((w) -> "(" + weights(w, 2) + ")").collect(Collectors.joining(" ")))
			.append("\n\n");
		return out.toString();
	}

	String diversity(List<Diversity> pairs) {
		StringBuilder out = new StringBuilder("## Member diversity (all rows; nothing fitted)\n\n");
		out.append(this.classification ? "| pair | argmax differs | both wrong |\n|---|---|---|\n"
				: "| pair | correlation of residuals |\n|---|---|\n");
		for (Diversity pair : pairs) {
			out.append("| ").append(pair.first()).append(" / ").append(pair.second()).append(" | ");
			out.append(this.classification
					? String.format(Locale.ROOT, "%.4f | %d", pair.disagreement(), pair.bothWrong())
					: String.format(Locale.ROOT, "%.4f", pair.errorCorrelation()));
			out.append(" |\n");
		}
		return out.append('\n').toString();
	}

	String yaml(double[] weights) {
		StringBuilder out = new StringBuilder(String.format(Locale.ROOT,
				"## Weights fitted on all %d rows (use these; the held-out table above is how well they do)%n%n"
						+ "```yaml%n",
				this.rows));
		String strategy = "mean".equals(this.ensemble.strategy()) ? "weighted-mean" : this.ensemble.strategy();
		out.append("chorus:\n  ensembles:\n    ").append(this.ensemble.name()).append(":\n");
		out.append("      strategy: ").append(strategy);
		out.append(strategy.equals(this.ensemble.strategy()) ? "\n" : "   # 'mean' ignores weights\n");
		out.append("      members:   # set these weights on the existing entries (Spring replaces lists whole)\n");
		for (int m = 0; m < weights.length; m++) {
			out.append("        - name: ").append(this.ensemble.members().get(m).name()).append('\n');
			out.append("          weight: ").append(number(weights[m], 4));
			out.append((weights[m] == 0) ? "   # never selected: drop it, or keep it as a standby\n" : "\n");
		}
		return out.append("```\n").toString();
	}

	private static String metric(CandidateResult result, ToDoubleFunction<Score> metric) {
		return String.format(Locale.ROOT, "%.4f ± %.4f", result.mean(metric), result.spread(metric));
	}

	private static String weights(double[] weights, int decimals) {
		return Arrays.stream(weights).mapToObj((w) -> number(w, decimals)).collect(Collectors.joining(", "));
	}

	private static String number(double value, int decimals) {
		BigDecimal rounded = BigDecimal.valueOf(value).setScale(decimals, RoundingMode.HALF_EVEN).stripTrailingZeros();
		return (rounded.scale() < 1) ? rounded.setScale(1).toPlainString() : rounded.toPlainString();
	}

}
