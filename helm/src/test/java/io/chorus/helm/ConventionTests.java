package io.chorus.helm;

import java.io.IOException;
import java.nio.file.Files;
import java.util.List;
import java.util.Map;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

import org.junit.jupiter.api.Test;
import org.yaml.snakeyaml.Yaml;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * Conventions of production charts: images by digest and by release tag, HPA behaviour, topology spread per
 * ReplicaSet, one body limit at every layer.
 */
class ConventionTests {

	static final String DIGEST = "sha256:" + "0123456789abcdef".repeat(4);

	@Test
	void aDigestPinsTheImageAndReplacesTheTag() {
		Manifests manifests = HelmChart.template(HelmChart.values("one-key.yaml"),
				HelmChart.writeValues("image: {registry: r.example.com/ml}\ngateway:\n  image: {digest: " + DIGEST + "}\n"));
		assertThat(image(manifests, "gateway")).isEqualTo("r.example.com/ml/chorus/gateway@" + DIGEST);
		assertThat(image(manifests, "ensemble-service")).isEqualTo("r.example.com/ml/chorus/ensemble-service:0.1.0");
	}

	@Test
	void theDefaultTagIsTheReleaseOfTheProjectVersionNeverASnapshot() throws IOException {
		Map<String, Object> chart = HelmChart.load(HelmChart.CHART.resolve("Chart.yaml"));
		Matcher version = Pattern.compile("<artifactId>chorus-parent</artifactId>\\s*<version>([^<]+)</version>")
			.matcher(Files.readString(ContainerImageTests.ROOT.resolve("pom.xml")));
		assertThat(version.find()).isTrue();
		assertThat(chart.get("appVersion").toString()).doesNotContain("SNAPSHOT")
			.isEqualTo(version.group(1).replace("-SNAPSHOT", ""));
	}

	@Test
	void autoscalersScaleDownSlowlyAfterAStabilisationWindow() {
		Manifests manifests = HelmChart.template(HelmChart.values("production.yaml"));
		for (String component : List.of("gateway", "ensemble-service")) {
			Map<String, Object> hpa = manifests.get("HorizontalPodAutoscaler", "chorus-" + component);
			assertThat(Yamls.at(hpa, "spec.behavior.scaleDown.stabilizationWindowSeconds")).isEqualTo(300);
			assertThat(Yamls.list(hpa, "spec.behavior.scaleDown.policies")).singleElement()
				.isEqualTo(Map.of("type", "Pods", "value", 1, "periodSeconds", 60));
		}
	}

	@Test
	void topologySpreadCountsOnlyTheCurrentReplicaSetWhereKubernetesSupportsIt() {
		Manifests current = HelmChart.template(HelmChart.values("one-key.yaml"));
		for (Map<String, Object> constraint : Yamls.list(Yamls.map(current.get("Deployment", "chorus-gateway"),
				"spec.template.spec"), "topologySpreadConstraints")) {
			assertThat((List<Object>) constraint.get("matchLabelKeys")).containsExactly("pod-template-hash");
		}
		Manifests old = Manifests.parse(HelmChart.render("1.26.0", HelmChart.values("one-key.yaml")));
		assertThat(Yamls.list(Yamls.map(old.get("Deployment", "chorus-gateway"), "spec.template.spec"),
				"topologySpreadConstraints")).isNotEmpty().allSatisfy((c) -> assertThat(c).doesNotContainKey("matchLabelKeys"));
	}

	@Test
	void theBodyLimitIsTheSameAtTheGatewayEnsembleServiceAndTheProductionIngress() {
		Manifests manifests = HelmChart.template(HelmChart.values("production.yaml"));
		Map<String, Object> gateway = new Yaml().load(RenderedManifestsTests.configFile(manifests, "gateway"));
		Map<String, Object> service = new Yaml().load(RenderedManifestsTests.configFile(manifests, "ensemble-service"));
		assertThat(Yamls.string(gateway, "chorus.gateway.limits.max-body-size")).isEqualTo("4MB");
		assertThat(Yamls.string(service, "chorus.limits.max-request-size")).isEqualTo("4MB");
		// nginx's "m" is MiB, like Spring's "MB".
		assertThat(Yamls.map(manifests.get("Ingress", "chorus"), "metadata.annotations"))
			.containsEntry("nginx.ingress.kubernetes.io/proxy-body-size", "4m");
	}

	private static String image(Manifests manifests, String component) {
		return Yamls.string(Yamls.list(Yamls.map(manifests.get("Deployment", "chorus-" + component), "spec.template.spec"),
				"containers").get(0), "image");
	}

}
