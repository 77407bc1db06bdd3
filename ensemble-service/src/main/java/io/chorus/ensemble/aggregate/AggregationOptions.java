package io.chorus.ensemble.aggregate;

/**
 * Per-ensemble options that strategies may use.
 *
 * @param labelOutput the name of the label tensor that vote, soft-vote and max-confidence strategies emit
 */
public record AggregationOptions(String labelOutput) {

	/** The default label output name. */
	public static final String DEFAULT_LABEL_OUTPUT = "label";

	/** Applies the default label output name when none is given. */
	public AggregationOptions {
		if (labelOutput == null || labelOutput.isBlank()) {
			labelOutput = DEFAULT_LABEL_OUTPUT;
		}
	}

}
