package io.chorus.ensemble.config;

import java.time.Duration;
import java.util.List;

/**
 * A validated ensemble: what to call, how long to wait and how to combine the answers.
 *
 * @param name the ensemble name, which clients call as a model name
 * @param version the version reported in metadata
 * @param deadline the overall time budget of one request
 * @param quorum how many members must answer, between 1 and the member count
 * @param waitPolicy when to stop waiting
 * @param grace the extra wait after the quorum under {@link WaitPolicy#QUORUM_GRACE}
 * @param strategy the aggregation strategy name
 * @param outputs the member outputs that are aggregated
 * @param labelOutput the label output name of vote-like strategies
 * @param threshold the probability from which a one-column probability output means label 1
 * @param v1Input the input tensor name for v1 clients
 * @param members the live members, in declaration order (shadows are in {@code features})
 * @param features shadows, cascade stages, coalescing and caching
 */
public record EnsembleSpec(String name, String version, Duration deadline, int quorum, WaitPolicy waitPolicy,
		Duration grace, String strategy, List<String> outputs, String labelOutput, double threshold, String v1Input,
		List<MemberSpec> members, EnsembleFeatures features) {

	/** Copies lists. */
	public EnsembleSpec {
		outputs = List.copyOf(outputs);
		members = List.copyOf(members);
		features = (features != null) ? features : EnsembleFeatures.NONE;
	}

	/**
	 * An ensemble without shadows, cascade, coalescing or cache.
	 * @param name the ensemble name
	 * @param version the version reported in metadata
	 * @param deadline the overall time budget of one request
	 * @param quorum how many members must answer
	 * @param waitPolicy when to stop waiting
	 * @param grace the extra wait after the quorum
	 * @param strategy the aggregation strategy name
	 * @param outputs the member outputs that are aggregated
	 * @param labelOutput the label output name of vote-like strategies
	 * @param threshold the probability from which a one-column probability output means label 1
	 * @param v1Input the input tensor name for v1 clients
	 * @param members the members, in declaration order
	 */
	public EnsembleSpec(String name, String version, Duration deadline, int quorum, WaitPolicy waitPolicy,
			Duration grace, String strategy, List<String> outputs, String labelOutput, double threshold,
			String v1Input, List<MemberSpec> members) {
		this(name, version, deadline, quorum, waitPolicy, grace, strategy, outputs, labelOutput, threshold, v1Input,
				members, EnsembleFeatures.NONE);
	}

	/**
	 * Whether the ensemble stops at the first good answer.
	 * @return true for the first-success wait policy or strategy
	 */
	public boolean firstSuccess() {
		return this.waitPolicy == WaitPolicy.FIRST_SUCCESS || "first-success".equals(this.strategy);
	}

}
