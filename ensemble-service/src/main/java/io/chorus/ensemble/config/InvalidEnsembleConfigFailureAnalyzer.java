package io.chorus.ensemble.config;

import org.springframework.boot.diagnostics.AbstractFailureAnalyzer;
import org.springframework.boot.diagnostics.FailureAnalysis;

/**
 * Prints an invalid ensemble configuration as Spring Boot's start-up failure report: every problem
 * with its property key, and what to do.
 */
class InvalidEnsembleConfigFailureAnalyzer extends AbstractFailureAnalyzer<InvalidEnsembleConfigException> {

	@Override
	protected FailureAnalysis analyze(Throwable rootFailure, InvalidEnsembleConfigException cause) {
		return new FailureAnalysis(cause.getMessage(),
				"Fix the listed chorus.ensembles properties (see the README's configuration section) and restart.",
				cause);
	}

}
