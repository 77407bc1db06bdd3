package io.chorus.weights;

import java.io.PrintStream;
import java.net.http.HttpClient;
import java.time.Duration;
import java.util.List;
import java.util.Set;
import java.util.stream.IntStream;

import io.chorus.weights.config.EnsembleConfig;
import io.chorus.weights.config.MemberConfig;
import io.chorus.weights.data.Dataset;
import io.chorus.weights.data.DatasetSpec;
import io.chorus.weights.evaluate.CandidateResult;
import io.chorus.weights.evaluate.CrossValidation;
import io.chorus.weights.evaluate.Diversity;
import io.chorus.weights.evaluate.Folds;
import io.chorus.weights.fit.GreedyEnsembleSelection;
import io.chorus.weights.fit.Loss;
import io.chorus.weights.fit.MemberAnswers;
import io.chorus.weights.predict.MemberPredictor;
import io.chorus.weights.predict.PredictOptions;

/**
 * The {@code chorus-weights} command: calls an ensemble's members on a labelled data set, scores members, equal,
 * configured and fitted weights by k-fold cross-validation, and prints the weights fitted on all rows as YAML.
 */
public final class FitWeights {

	private static final Set<String> CLASSIFICATION_STRATEGIES = Set.of("soft-vote", "weighted-mean", "mean");

	private static final Set<String> REGRESSION_STRATEGIES = Set.of("weighted-mean", "mean");

	private FitWeights() {
	}

	/**
	 * Runs the command; exits 2 on bad arguments or configuration, 1 when a member call fails.
	 * @param args see {@link Arguments#USAGE}
	 */
	public static void main(String[] args) {
		try {
			run(System.out, args);
		}
		catch (IllegalArgumentException ex) {
			System.err.println("chorus-weights: " + ex.getMessage());
			System.err.print(Arguments.USAGE);
			System.exit(2);
		}
		catch (IllegalStateException ex) {
			System.err.println("chorus-weights: " + ex.getMessage());
			System.exit(1);
		}
	}

	/**
	 * Runs the command, printing the report to {@code out}.
	 * @param out where the report goes
	 * @param args see {@link Arguments#USAGE}
	 * @return the cross-validation results, for tests
	 */
	public static List<CandidateResult> run(PrintStream out, String... args) {
		Arguments arguments = Arguments.parse(args);
		EnsembleConfig ensemble = EnsembleConfig.read(arguments.config(), arguments.ensemble());
		checkStrategy(ensemble, arguments.classification());
		String output = (arguments.output() != null) ? arguments.output()
				: ensemble.outputs().stream().findFirst().orElseThrow(() -> new IllegalArgumentException(
						"chorus.ensembles." + ensemble.name() + " lists no outputs: give --output"));
		Dataset data = Dataset.read(new DatasetSpec(arguments.data(), arguments.inputs(), arguments.targetColumn(),
				arguments.classes()));
		HttpClient http = HttpClient.newBuilder()
			.version(HttpClient.Version.HTTP_1_1)
			.connectTimeout(Duration.ofSeconds(5))
			.build();
		MemberAnswers answers = new MemberPredictor(http, new PredictOptions(arguments.inputName(), output,
				arguments.batchSize(), arguments.concurrency(), arguments.timeout()))
			.predict(ensemble, data);
		Loss loss = arguments.classification() ? new Loss.LogLoss() : new Loss.SquaredError();
		GreedyEnsembleSelection fitter = new GreedyEnsembleSelection(loss, arguments.rounds());
		Folds folds = arguments.classification()
				? Folds.stratified(data.targets(), arguments.folds(), arguments.seed())
				: Folds.shuffled(data.size(), arguments.folds(), arguments.seed());
		double[] configured = ensemble.members().stream().mapToDouble(MemberConfig::weight).toArray();
		List<CandidateResult> results = new CrossValidation(fitter, arguments.classification())
			.run(answers, data.targets(), folds, configured);
		double[] allRows = fitter.fit(answers, data.targets(), IntStream.range(0, data.size()).toArray());
		Report report = new Report(arguments, ensemble, data.size(), arguments.classification());
		out.print(report.header());
		out.print(report.heldOut(results));
		out.print(report.diversity(Diversity.pairs(answers, data.targets(), arguments.classification())));
		out.print(report.yaml(allRows));
		return results;
	}

	private static void checkStrategy(EnsembleConfig ensemble, boolean classification) {
		Set<String> allowed = classification ? CLASSIFICATION_STRATEGIES : REGRESSION_STRATEGIES;
		if (!allowed.contains(ensemble.strategy())) {
			throw new IllegalArgumentException("ensemble " + ensemble.name() + " uses strategy '" + ensemble.strategy()
					+ "', which does not average numbers with weights; weights are fitted for "
					+ (classification ? "soft-vote and weighted-mean (over probabilities)" : "weighted-mean")
					+ " ensembles");
		}
	}

}
