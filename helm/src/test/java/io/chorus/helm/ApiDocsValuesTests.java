package io.chorus.helm;

import java.nio.file.Path;
import java.util.Map;

import org.junit.jupiter.api.Test;
import org.yaml.snakeyaml.Yaml;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

/**
 * The gateway serves its API docs by default; {@code gateway.apiDocs.enabled} reaches its configuration, and the
 * schema refuses anything but a boolean.
 */
class ApiDocsValuesTests {

	@Test
	void servesTheApiDocsByDefault() {
		Manifests manifests = HelmChart.template(HelmChart.values("one-key.yaml"));
		Map<String, Object> config = new Yaml().load(RenderedManifestsTests.configFile(manifests, "gateway"));
		assertThat(Yamls.at(config, "chorus.gateway.api-docs.enabled")).isEqualTo(true);
	}

	@Test
	void canTurnTheApiDocsOff() {
		Path values = HelmChart.writeValues("gateway:\n  apiDocs: {enabled: false}\n");
		Manifests manifests = HelmChart.template(HelmChart.values("one-key.yaml"), values);
		Map<String, Object> config = new Yaml().load(RenderedManifestsTests.configFile(manifests, "gateway"));
		assertThat(Yamls.at(config, "chorus.gateway.api-docs.enabled")).isEqualTo(false);
	}

	@Test
	void refusesAnEnabledThatIsNotABoolean() {
		Path values = HelmChart.writeValues("gateway:\n  apiDocs: {enabled: 'yes'}\n");
		assertThatThrownBy(() -> HelmChart.template(HelmChart.values("one-key.yaml"), values))
			.hasMessageContaining("/gateway/apiDocs/enabled");
	}

}
