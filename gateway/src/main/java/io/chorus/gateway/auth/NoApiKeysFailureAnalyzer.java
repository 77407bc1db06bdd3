package io.chorus.gateway.auth;

import org.springframework.boot.diagnostics.AbstractFailureAnalyzer;
import org.springframework.boot.diagnostics.FailureAnalysis;

/**
 * Explains a start-up refused for lack of API keys, without a stack trace.
 */
final class NoApiKeysFailureAnalyzer extends AbstractFailureAnalyzer<NoApiKeysConfiguredException> {

	@Override
	protected FailureAnalysis analyze(Throwable rootFailure, NoApiKeysConfiguredException cause) {
		return new FailureAnalysis("The gateway refused to start: authentication is on but no API key is configured.",
				NoApiKeysConfiguredException.MESSAGE + ". The 'local' profile carries a demo key.", cause);
	}

}
