package io.chorus.ensemble.config;

/**
 * When an ensemble stops waiting for its members.
 */
public enum WaitPolicy {

	/** Wait for every member until the deadline. */
	ALL,

	/** Once the quorum has answered, wait at most the grace period more, then cancel the stragglers. */
	QUORUM_GRACE,

	/** Stop at the first good answer and cancel the rest. */
	FIRST_SUCCESS

}
