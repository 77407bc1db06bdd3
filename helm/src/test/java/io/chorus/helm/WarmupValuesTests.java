package io.chorus.helm;

import java.nio.file.Path;
import java.util.Map;

import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;
import org.yaml.snakeyaml.Yaml;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

/**
 * Both services warm up before they report ready by default, the values reach their configuration, and the
 * probe timings leave room for the warm-up without delaying a warmed pod's readiness.
 */
class WarmupValuesTests {

	@ParameterizedTest(name = "{0}")
	@CsvSource({ "gateway, gateway, chorus.gateway.warmup", "ensemble-service, ensembleService, chorus.warmup" })
	void warmsUpByDefaultWithAFiveSecondCap(String component, String key, String prefix) {
		Manifests manifests = HelmChart.template(HelmChart.values("one-key.yaml"));
		Map<String, Object> config = new Yaml().load(RenderedManifestsTests.configFile(manifests, component));
		assertThat(Yamls.at(config, prefix + ".enabled")).isEqualTo(true);
		assertThat(Yamls.at(config, prefix + ".max-time")).isEqualTo("5s");

		Map<String, Object> container = Yamls.list(manifests.get("Deployment", "chorus-" + component),
				"spec.template.spec.containers").get(0);
		// Liveness answers before the warm-up; the readiness probe starts once the startup probe passed.
		assertThat(Yamls.string(container, "startupProbe.httpGet.path")).isEqualTo("/actuator/health/liveness");
		assertThat(Yamls.at(container, "startupProbe.periodSeconds")).isEqualTo(1);
		assertThat(Yamls.at(container, "startupProbe.failureThreshold")).isEqualTo(180);
		assertThat(Yamls.string(container, "readinessProbe.httpGet.path")).isEqualTo("/actuator/health/readiness");
		assertThat(Yamls.at(container, "readinessProbe.periodSeconds")).isEqualTo(2);
	}

	@ParameterizedTest(name = "{0}")
	@CsvSource({ "gateway, gateway, chorus.gateway.warmup", "ensemble-service, ensembleService, chorus.warmup" })
	void canBeTurnedOffOrCappedDifferently(String component, String key, String prefix) {
		Path values = HelmChart.writeValues(key + ":\n  warmup: {enabled: false, maxTime: 1500ms}\n");
		Manifests manifests = HelmChart.template(HelmChart.values("one-key.yaml"), values);
		Map<String, Object> config = new Yaml().load(RenderedManifestsTests.configFile(manifests, component));
		assertThat(Yamls.at(config, prefix + ".enabled")).isEqualTo(false);
		assertThat(Yamls.at(config, prefix + ".max-time")).isEqualTo("1500ms");
	}

	@ParameterizedTest(name = "{0}")
	@CsvSource({ "gateway, /gateway/warmup/maxTime", "ensembleService, /ensembleService/warmup/maxTime" })
	void refusesAMaxTimeThatIsNotADuration(String key, String expected) {
		Path values = HelmChart.writeValues(key + ":\n  warmup: {maxTime: 5 seconds}\n");
		assertThatThrownBy(() -> HelmChart.template(HelmChart.values("one-key.yaml"), values))
			.hasMessageContaining(expected);
	}

}
