package io.chorus.mock.behavior;

/**
 * What to do with one valid inference request: wait {@code delayMs}, then answer as {@code fault} says.
 *
 * @param fault how to answer
 * @param delayMs the delay before answering, in milliseconds (unused for {@link Fault#HANG})
 * @param errorStatus the status of an injected error
 * @param trickleMs how long a trickled body takes to send
 */
public record Decision(Fault fault, long delayMs, int errorStatus, long trickleMs) {

	/** The ways to answer a request. */
	public enum Fault {
		/** A correct response. */
		NONE,
		/** An HTTP error status with a JSON error body. */
		ERROR,
		/** No response, ever. */
		HANG,
		/** The connection is closed without a response. */
		CLOSE,
		/** 200 with a body that is not valid JSON. */
		MALFORMED,
		/** 200 with valid JSON whose first output has the wrong shape. */
		WRONG_SHAPE,
		/** The correct body, sent slowly in small chunks. */
		TRICKLE
	}

}
