package io.chorus.helm;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;

import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

/**
 * The chart refuses to install a gateway with no key to accept, and refuses the public demo key outside the
 * load-test mode; nothing meant for real installs ships that key.
 */
class ApiKeyTests {

	/** The SHA-256 of "chorus-demo-key", the key of the repository's local demo. */
	static final String DEMO_KEY_SHA256 = RenderedManifestsTests.sha256("chorus-demo-key");

	@Test
	void refusesToRenderWithNoKeyUnlessAuthenticationIsExplicitlyOff() {
		Path noKey = HelmChart.writeValues("ensembles: {}\n");
		assertThatThrownBy(() -> HelmChart.template(noKey)).hasMessageContaining("no API key is configured")
			.hasMessageContaining("apiKeys.existingSecret").hasMessageContaining("apiKeys.enabled=false");
		Manifests off = HelmChart.template(HelmChart.writeValues("apiKeys: {enabled: false}\n"));
		assertThat(RenderedManifestsTests.configFile(off, "gateway")).contains("enabled: false");
		Manifests existing = HelmChart.template(HelmChart.writeValues("apiKeys: {existingSecret: my-keys}\n"));
		assertThat(RenderedManifestsTests.configFile(existing, "gateway")).contains("enabled: true");
	}

	@ParameterizedTest
	@ValueSource(strings = { "85c4596183d8f0cdc181e1c60a30c9cee2a95105233b7ac24e797717d2fc7155",
			"85C4596183D8F0CDC181E1C60A30C9CEE2A95105233B7AC24E797717D2FC7155" })
	void refusesThePublicDemoKeyOutsideTheLoadTestMode(String hash) {
		assertThat(hash.toLowerCase()).isEqualTo(DEMO_KEY_SHA256);
		Path demo = HelmChart.writeValues("apiKeys:\n  keys: [{client: team-a, sha256: " + hash + "}]\n");
		assertThatThrownBy(() -> HelmChart.template(demo)).hasMessageContaining(
				"apiKeys.keys[0] (client \"team-a\") is the public demo key chorus-demo-key")
			.hasMessageContaining("mocks.enabled=true");
		Manifests loadTest = HelmChart.template(demo, HelmChart.writeValues("mocks: {enabled: true}\n"));
		assertThat(RenderedManifestsTests.decode(loadTest.get("Secret", "chorus-api-keys"), "keys"))
			.contains("team-a:" + DEMO_KEY_SHA256);
	}

	@Test
	void noExampleOrPageMeantForRealInstallsCarriesTheDemoKey() throws IOException {
		for (Path file : new Path[] { HelmChart.EXAMPLES.resolve("minimal.yaml"),
				HelmChart.EXAMPLES.resolve("production.yaml"), HelmChart.CHART.resolve("values.yaml"),
				ContainerImageTests.ROOT.resolve("docs/helm.md") }) {
			assertThat(Files.readString(file)).as(file.toString()).doesNotContainIgnoringCase(DEMO_KEY_SHA256);
		}
	}

}
