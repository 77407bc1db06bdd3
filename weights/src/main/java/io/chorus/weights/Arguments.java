package io.chorus.weights;

import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;

/**
 * The command line, parsed and checked; {@link #USAGE} documents it.
 *
 * @param config the ensemble-service YAML file
 * @param ensemble the ensemble under {@code chorus.ensembles}
 * @param data the CSV or JSON lines file
 * @param label the label column (classification), or {@code null}
 * @param target the target column (regression), or {@code null}
 * @param inputs the input columns in the order the members expect them; empty means all but the label/target
 * @param classes class names in the members' probability order, when labels are names
 * @param inputName the input tensor name
 * @param output the output to fit on, or {@code null} for the ensemble's first output
 * @param folds the number of cross-validation folds
 * @param seed the fold shuffle seed
 * @param rounds greedy selection rounds (weights' resolution is {@code 1/rounds})
 * @param batchSize rows per request
 * @param concurrency requests in flight per member
 * @param timeout the timeout of one request
 */
record Arguments(Path config, String ensemble, Path data, String label, String target, List<String> inputs,
		List<String> classes, String inputName, String output, int folds, long seed, int rounds, int batchSize,
		int concurrency, Duration timeout) {

	static final String USAGE = """
			usage: java -jar chorus-weights.jar --config FILE --ensemble NAME --data FILE (--label COLUMN | --target COLUMN)
			         [--inputs C1,C2,...] [--classes NAME0,NAME1,...] [--input-name features] [--output NAME]
			         [--folds 5] [--seed 42] [--rounds 100] [--batch-size 32] [--concurrency 8] [--timeout-ms 10000]
			  --config      ensemble-service YAML holding chorus.ensembles.NAME (members, replicas, strategy, weights)
			  --data        CSV with a header row, or JSON lines (.jsonl/.ndjson/.json), one example per row
			  --label       class column (classification: log-loss); class indices, or names listed in --classes
			  --target      number column (regression: squared error)
			  --inputs      input columns, in the order the members expect; default every column but the label/target
			  --input-name  the members' input tensor name
			  --output      the member output to fit on; default the ensemble's first 'outputs' entry
			  --folds       k of k-fold cross-validation (stratified by class for classification)
			  --rounds      rounds of greedy ensemble selection; weights are multiples of 1/rounds
			  --concurrency requests in flight per member, lowered to the member's max-concurrent-calls
			""";

	private static final Set<String> OPTIONS = Set.of("config", "ensemble", "data", "label", "target", "inputs",
			"classes", "input-name", "output", "folds", "seed", "rounds", "batch-size", "concurrency", "timeout-ms");

	/**
	 * Parses {@code --name value} pairs.
	 * @throws IllegalArgumentException listing every problem
	 */
	static Arguments parse(String... args) {
		Map<String, String> values = new HashMap<>();
		List<String> problems = new ArrayList<>();
		for (int i = 0; i < args.length; i++) {
			String name = args[i].startsWith("--") ? args[i].substring(2) : null;
			if (name == null || !OPTIONS.contains(name) || i + 1 >= args.length) {
				problems.add("unexpected argument '" + args[i] + "'");
				continue;
			}
			values.put(name, args[++i]);
		}
		for (String required : List.of("config", "ensemble", "data")) {
			if (!values.containsKey(required)) {
				problems.add("--" + required + " is required");
			}
		}
		if (values.containsKey("label") == values.containsKey("target")) {
			problems.add("give exactly one of --label (classification) and --target (regression)");
		}
		if (!problems.isEmpty()) {
			throw new IllegalArgumentException(String.join("; ", problems));
		}
		return new Arguments(Path.of(values.get("config")), values.get("ensemble"), Path.of(values.get("data")),
				values.get("label"), values.get("target"), list(values.get("inputs")), list(values.get("classes")),
				values.getOrDefault("input-name", "features"), values.get("output"),
				Integer.parseInt(values.getOrDefault("folds", "5")), Long.parseLong(values.getOrDefault("seed", "42")),
				Integer.parseInt(values.getOrDefault("rounds", "100")),
				Integer.parseInt(values.getOrDefault("batch-size", "32")),
				Integer.parseInt(values.getOrDefault("concurrency", "8")),
				Duration.ofMillis(Long.parseLong(values.getOrDefault("timeout-ms", "10000"))));
	}

	boolean classification() {
		return this.label != null;
	}

	String targetColumn() {
		return classification() ? this.label : this.target;
	}

	private static List<String> list(String value) {
		return (value == null) ? List.of() : Arrays.stream(value.split(",")).map(String::trim).toList();
	}

}
