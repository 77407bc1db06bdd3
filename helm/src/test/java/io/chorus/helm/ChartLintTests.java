package io.chorus.helm;

import java.nio.file.Path;

import com.marcnuri.helm.LintResult;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

/**
 * {@code helm lint --strict} with the default values and with realistic value sets.
 */
class ChartLintTests {

	@Test
	void lintsStrictlyWithDefaultValues() {
		LintResult result = HelmChart.lint();
		assertThat(result.isFailed()).as(String.join("\n", result.getMessages())).isFalse();
	}

	@Test
	void defaultValuesAloneFailToRenderWithTheValueToSetBecauseTheGatewayNeedsAKey() {
		// helm lint does not evaluate fail() (it logs it at most), so only rendering catches this.
		assertThatThrownBy(HelmChart::template).hasMessageContaining(
				"no API key is configured, and the gateway refuses to start without one: set apiKeys.existingSecret");
	}

	@Test
	void lintsStrictlyWhenAuthenticationIsExplicitlyOff() {
		LintResult result = HelmChart.lint(HelmChart.writeValues("apiKeys: {enabled: false}\n"));
		assertThat(result.isFailed()).as(String.join("\n", result.getMessages())).isFalse();
	}

	@ParameterizedTest
	@ValueSource(strings = { "one-key.yaml", "everything.yaml", "egress.yaml", "minimal.yaml",
			"load-test-mocks.yaml", "production.yaml", "redis-rate-limit.yaml",
			"ingress.yaml", "service-monitor.yaml", "existing-secret.yaml" })
	void lintsStrictlyWithRealisticValues(String file) {
		Path values = HelmChart.values(file);
		LintResult result = HelmChart.lint(values);
		assertThat(result.isFailed()).as(String.join("\n", result.getMessages())).isFalse();
	}

}
