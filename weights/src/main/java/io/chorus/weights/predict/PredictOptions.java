package io.chorus.weights.predict;

import java.time.Duration;

/**
 * How to call the members.
 *
 * @param inputName the name of the input tensor the members expect
 * @param output the output to collect (for a v1 member, its predictions stand for it)
 * @param batchSize the most examples in one request
 * @param concurrency the most requests in flight to one member; lowered to the member's own
 * {@code max-concurrent-calls}
 * @param timeout the timeout of one request
 */
public record PredictOptions(String inputName, String output, int batchSize, int concurrency, Duration timeout) {

	/** Checks the bounds. */
	public PredictOptions {
		if (batchSize < 1 || concurrency < 1) {
			throw new IllegalArgumentException("batch size and concurrency must be at least 1");
		}
	}

}
