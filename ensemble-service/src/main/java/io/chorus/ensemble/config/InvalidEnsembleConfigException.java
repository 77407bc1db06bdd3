package io.chorus.ensemble.config;

import java.util.List;

/**
 * The ensemble configuration is invalid; the message lists every problem with its property key.
 */
public class InvalidEnsembleConfigException extends RuntimeException {

	private final List<String> problems;

	/**
	 * Creates the exception.
	 * @param problems one line per problem, each starting with the property key
	 */
	public InvalidEnsembleConfigException(List<String> problems) {
		super("Invalid ensemble configuration:\n  - " + String.join("\n  - ", problems), null, false, false);
		this.problems = List.copyOf(problems);
	}

	/**
	 * The problems found.
	 * @return one line per problem
	 */
	public List<String> problems() {
		return this.problems;
	}

}
