package io.chorus.ensemble.config;

import java.util.List;

/**
 * What an ensemble does besides one fan-out: shadow members, a confidence cascade, request coalescing and a
 * response cache.
 *
 * @param shadows the shadow members, called beside the live ones and compared with the answer
 * @param stages the cascade's stages in order, or empty for a plain fan-out
 * @param coalesce whether identical concurrent requests share one fan-out
 * @param cache the response cache settings
 */
public record EnsembleFeatures(List<ShadowSpec> shadows, List<StageSpec> stages, boolean coalesce,
		ChorusProperties.Cache cache) {

	/** None of the features. */
	public static final EnsembleFeatures NONE = new EnsembleFeatures(List.of(), List.of(), false,
			new ChorusProperties.Cache(false, 0, java.time.Duration.ZERO, false));

	/** Copies lists. */
	public EnsembleFeatures {
		shadows = List.copyOf(shadows);
		stages = List.copyOf(stages);
	}

	/**
	 * A shadow member.
	 *
	 * @param member the member, with its own client, breaker and bulkhead
	 * @param sampleRate the share of requests it is called for
	 */
	public record ShadowSpec(MemberSpec member, double sampleRate) {
	}

	/**
	 * One cascade stage.
	 *
	 * @param ensemble the stage as an ensemble of its own: the stage's members and quorum, the ensemble's name,
	 * deadline, wait policy and strategy
	 * @param minConfidence the top probability every row needs for this stage to answer, or {@code null}
	 * @param minMargin the gap between the top two probabilities every row needs, or {@code null}
	 */
	public record StageSpec(EnsembleSpec ensemble, Double minConfidence, Double minMargin) {

		/**
		 * Whether this stage answers whatever it gets (the last stage has no thresholds).
		 * @return true when no threshold is set
		 */
		public boolean last() {
			return this.minConfidence == null && this.minMargin == null;
		}

	}

}
