package io.chorus.helm;

import java.nio.file.Path;
import java.util.Map;

import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;
import org.yaml.snakeyaml.Yaml;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

/**
 * The tracing values reach both services' configuration: the sampled fraction always, the Zipkin export only when
 * switched on and given an endpoint.
 */
class TracingValuesTests {

	@ParameterizedTest(name = "{0}")
	@ValueSource(strings = { "gateway", "ensemble-service" })
	void samplesOneRequestInTenAndExportsNothingByDefault(String component) {
		Map<String, Object> config = config(HelmChart.template(HelmChart.values("one-key.yaml")), component);
		assertThat(Yamls.at(config, "management.tracing.sampling.probability")).isEqualTo(0.1);
		assertThat(Yamls.at(config, "management.tracing")).asInstanceOf(org.assertj.core.api.InstanceOfAssertFactories.MAP)
			.doesNotContainKey("export");
	}

	@ParameterizedTest(name = "{0}")
	@ValueSource(strings = { "gateway", "ensemble-service" })
	void exportsToTheGivenZipkinAtTheGivenSampling(String component) {
		Path values = HelmChart.writeValues("""
				tracing:
				  enabled: true
				  zipkinEndpoint: http://zipkin.tracing:9411/api/v2/spans
				  sampling: 1
				""");
		Map<String, Object> config = config(HelmChart.template(HelmChart.values("one-key.yaml"), values), component);
		assertThat(Yamls.at(config, "management.tracing.sampling.probability")).isEqualTo(1);
		assertThat(Yamls.at(config, "management.tracing.export.zipkin.enabled")).isEqualTo(true);
		assertThat(Yamls.at(config, "management.tracing.export.zipkin.endpoint"))
			.isEqualTo("http://zipkin.tracing:9411/api/v2/spans");
	}

	@org.junit.jupiter.api.Test
	void refusesAnExportWithoutAnEndpoint() {
		Path values = HelmChart.writeValues("tracing: {enabled: true}\n");
		assertThatThrownBy(() -> HelmChart.template(HelmChart.values("one-key.yaml"), values))
			.hasMessageContaining("tracing.zipkinEndpoint is required");
	}

	@org.junit.jupiter.api.Test
	void refusesASamplingAboveOne() {
		Path values = HelmChart.writeValues("tracing: {sampling: 10}\n");
		assertThatThrownBy(() -> HelmChart.template(HelmChart.values("one-key.yaml"), values))
			.hasMessageContaining("/tracing/sampling");
	}

	private static Map<String, Object> config(Manifests manifests, String component) {
		return new Yaml().load(RenderedManifestsTests.configFile(manifests, component));
	}

}
