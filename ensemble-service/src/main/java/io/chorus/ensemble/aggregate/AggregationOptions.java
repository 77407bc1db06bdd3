package io.chorus.ensemble.aggregate;

/**
 * Per-ensemble options that strategies may use.
 *
 * @param labelOutput the name of the label tensor that vote, soft-vote and max-confidence strategies emit
 * @param threshold a one-column probability output holds P(class 1): the label is 1 when it is at least this
 */
public record AggregationOptions(String labelOutput, double threshold) {

	/** The default label output name. */
	public static final String DEFAULT_LABEL_OUTPUT = "label";

	/** The default decision threshold of one-column probabilities. */
	public static final double DEFAULT_THRESHOLD = 0.5;

	/**
	 * Options with the default threshold.
	 * @param labelOutput the label tensor name, or {@code null} for the default
	 */
	public AggregationOptions(String labelOutput) {
		this(labelOutput, DEFAULT_THRESHOLD);
	}

	/** Applies the default label output name when none is given. */
	public AggregationOptions {
		if (labelOutput == null || labelOutput.isBlank()) {
			labelOutput = DEFAULT_LABEL_OUTPUT;
		}
	}

}
