package io.chorus.ensemble.config;

/**
 * The protocol a member model server speaks.
 */
public enum MemberProtocol {

	/** Open Inference Protocol v2 REST ({@code /v2/models/{model}/infer}). */
	V2,

	/** KServe v1 ({@code /v1/models/{model}:predict}, instances and predictions). */
	V1

}
