package io.chorus.helm;

import java.nio.file.Path;
import java.util.List;
import java.util.Map;

import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;
import org.junit.jupiter.params.provider.ValueSource;
import org.yaml.snakeyaml.Yaml;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

/**
 * Both services log JSON (ECS) by default in a cluster, text on request, and the gateway's trusted proxies reach
 * its configuration.
 */
class LoggingValuesTests {

	@ParameterizedTest(name = "{0}")
	@ValueSource(strings = { "gateway", "ensemble-service" })
	void logsEcsJsonByDefault(String component) {
		Manifests manifests = HelmChart.template(HelmChart.values("one-key.yaml"));
		Map<String, Object> config = new Yaml().load(RenderedManifestsTests.configFile(manifests, component));
		assertThat(Yamls.at(config, "logging.structured.format.console")).isEqualTo("ecs");
	}

	@ParameterizedTest(name = "{0}")
	@CsvSource({ "gateway, text, ", "ensemble-service, text, ", "gateway, json, logstash",
			"ensemble-service, json, logstash" })
	void followsTheLoggingValues(String component, String format, String jsonFormat) {
		Path values = HelmChart.writeValues("logging:\n  format: " + format + "\n"
				+ ((jsonFormat != null) ? "  jsonFormat: " + jsonFormat + "\n" : ""));
		Manifests manifests = HelmChart.template(HelmChart.values("one-key.yaml"), values);
		Map<String, Object> config = new Yaml().load(RenderedManifestsTests.configFile(manifests, component));
		if ("text".equals(format)) {
			assertThat(config).doesNotContainKey("logging");
		}
		else {
			assertThat(Yamls.at(config, "logging.structured.format.console")).isEqualTo(jsonFormat);
		}
	}

	@ParameterizedTest(name = "{1}")
	@CsvSource(delimiter = '|', value = { "logging:\\n  format: xml | /logging/format",
			"logging:\\n  jsonFormat: gelf2 | /logging/jsonFormat",
			"gateway:\\n  trustedProxies: [proxy.example.com] | /gateway/trustedProxies/0" })
	void refusesValuesOutsideTheSchema(String yaml, String expected) {
		Path values = HelmChart.writeValues(yaml.replace("\\n", "\n"));
		assertThatThrownBy(() -> HelmChart.template(HelmChart.values("one-key.yaml"), values))
			.hasMessageContaining(expected);
	}

	@Test
	void passesTrustedProxiesToTheGatewayOnlyWhenSet() {
		Manifests plain = HelmChart.template(HelmChart.values("one-key.yaml"));
		Map<String, Object> none = new Yaml().load(RenderedManifestsTests.configFile(plain, "gateway"));
		assertThat(Yamls.map(none, "chorus.gateway")).containsKey("auth").doesNotContainKey("trusted-proxies");

		Path values = HelmChart.writeValues("gateway:\n  trustedProxies: [10.0.0.0/8, 192.0.2.10, \"fd00::/8\"]\n");
		Manifests manifests = HelmChart.template(HelmChart.values("one-key.yaml"), values);
		Map<String, Object> config = new Yaml().load(RenderedManifestsTests.configFile(manifests, "gateway"));
		assertThat(Yamls.at(config, "chorus.gateway.trusted-proxies")).isEqualTo(List.of("10.0.0.0/8", "192.0.2.10", "fd00::/8"));
	}

}
