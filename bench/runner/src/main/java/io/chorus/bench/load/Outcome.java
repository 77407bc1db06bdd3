package io.chorus.bench.load;

/**
 * How one request ended: {@code error} is {@code null} when the answer was a correct 200.
 *
 * @param error a short, bounded-cardinality reason such as {@code HTTP 503}, {@code degraded}, {@code wrong-output}
 */
public record Outcome(String error) {

	static final Outcome OK = new Outcome(null);

	/**
	 * A failed request.
	 * @param reason the reason
	 * @return the outcome
	 */
	public static Outcome failed(String reason) {
		return new Outcome(reason);
	}

	/**
	 * Whether the request succeeded.
	 * @return true for a correct 200
	 */
	public boolean ok() {
		return this.error == null;
	}

}
