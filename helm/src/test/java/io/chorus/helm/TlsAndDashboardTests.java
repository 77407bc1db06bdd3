package io.chorus.helm;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.util.List;
import java.util.Map;

import org.junit.jupiter.api.Test;
import org.yaml.snakeyaml.Yaml;

import org.springframework.boot.autoconfigure.ssl.PemSslBundleProperties;
import org.springframework.boot.autoconfigure.ssl.SslProperties;
import org.springframework.boot.context.properties.bind.Binder;
import org.springframework.boot.context.properties.source.ConfigurationPropertySources;
import org.springframework.boot.env.YamlPropertySourceLoader;
import org.springframework.boot.web.server.Ssl;
import org.springframework.core.env.StandardEnvironment;
import org.springframework.core.io.ByteArrayResource;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

/**
 * The gateway serves TLS through a Spring Boot SSL bundle from a mounted Secret; the dashboard is one per
 * release and filters by release.
 */
@SuppressWarnings("unchecked")
class TlsAndDashboardTests {

	static final String TLS = "gateway:\n  tls: {enabled: true, secretName: chorus-gateway-tls}\n";

	@Test
	void theGatewayServesTlsFromTheMountedSecretThroughASpringBootSslBundle() {
		Manifests manifests = HelmChart.templateWithHooks(HelmChart.values("load-test-mocks.yaml"),
				HelmChart.writeValues(TLS));
		Binder binder = binder(RenderedManifestsTests.configFile(manifests, "gateway"));
		Ssl ssl = binder.bindOrCreate("server.ssl", Ssl.class);
		assertThat(ssl.getBundle()).isEqualTo("chorus-gateway");
		PemSslBundleProperties bundle = binder.bindOrCreate("spring.ssl", SslProperties.class).getBundle().getPem()
			.get("chorus-gateway");
		assertThat(bundle.getKeystore().getCertificate()).isEqualTo("file:/etc/chorus/tls/tls.crt");
		assertThat(bundle.getKeystore().getPrivateKey()).isEqualTo("file:/etc/chorus/tls/tls.key");
		assertThat(bundle.isReloadOnUpdate()).isTrue();
		assertThat(binder.bindOrCreate("management.server.ssl", Ssl.class).getBundle()).as("probes stay plain HTTP")
			.isNull();

		Map<String, Object> pod = Yamls.map(manifests.get("Deployment", "chorus-gateway"), "spec.template.spec");
		assertThat(Yamls.list(pod, "volumes")).anySatisfy((v) -> assertThat(Yamls.string(v, "secret.secretName"))
			.isEqualTo("chorus-gateway-tls"));
		assertThat(Yamls.list(Yamls.list(pod, "containers").get(0), "volumeMounts"))
			.anySatisfy((m) -> assertThat(m).containsEntry("name", "tls").containsEntry("mountPath", "/etc/chorus/tls"));
		assertThat(Yamls.list(manifests.get("Service", "chorus-gateway"), "spec.ports").get(0))
			.containsEntry("appProtocol", "https");
		List<Object> args = (List<Object>) Yamls.list(manifests.get("Pod", "chorus-test-inference"), "spec.containers")
			.get(0).get("args");
		assertThat(args).contains("--insecure", "https://chorus-gateway:80/v2/models/iris/infer");
		assertThatThrownBy(() -> HelmChart.template(HelmChart.values("one-key.yaml"),
				HelmChart.writeValues("gateway:\n  tls: {enabled: true}\n")))
			.hasMessageContaining("gateway.tls.enabled needs gateway.tls.secretName");
	}

	@Test
	void eachReleaseGetsItsOwnDashboardFilteredByRelease() {
		var values = HelmChart.values("service-monitor.yaml");
		Map<String, Object> one = dashboard(HelmChart.templateWithHooks("chorus", values), "chorus");
		Map<String, Object> two = dashboard(HelmChart.templateWithHooks("chorus-canary", values), "chorus-canary");
		assertThat(one.get("uid")).isNotEqualTo(two.get("uid"));
		assertThat(one.get("uid").toString()).hasSizeLessThanOrEqualTo(40);
		assertThat(one.get("title")).isEqualTo("Chorus (inference/chorus)").isNotEqualTo(two.get("title"));
		List<Map<String, Object>> variables = Yamls.list(one, "templating.list");
		assertThat(variables).anySatisfy((v) -> assertThat(v).containsEntry("name", "release")
			.containsEntry("current", Map.of("text", "chorus", "value", "chorus")));
		for (Map<String, Object> panel : Yamls.list(one, "panels")) {
			for (Map<String, Object> target : Yamls.list(panel, "targets")) {
				assertThat(target.get("expr").toString()).contains("chorus_release=~\"$release\"");
			}
		}
		Map<String, Object> monitor = HelmChart.template(values).get("ServiceMonitor", "chorus");
		assertThat(Yamls.list(Yamls.list(monitor, "spec.endpoints").get(0), "relabelings")).singleElement()
			.satisfies((r) -> assertThat(r).containsEntry("targetLabel", "chorus_release"));
	}

	private static Map<String, Object> dashboard(Manifests manifests, String release) {
		String json = RenderedManifestsTests.data(manifests.get("ConfigMap", release + "-dashboard"),
				"chorus-" + release + ".json");
		return new Yaml().load(json);
	}

	private static Binder binder(String yaml) {
		try {
			StandardEnvironment environment = new StandardEnvironment();
			new YamlPropertySourceLoader()
				.load("gateway.yml", new ByteArrayResource(yaml.getBytes(StandardCharsets.UTF_8)))
				.forEach(environment.getPropertySources()::addLast);
			return new Binder(ConfigurationPropertySources.get(environment));
		}
		catch (IOException ex) {
			throw new UncheckedIOException(ex);
		}
	}

}
