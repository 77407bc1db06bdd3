package io.chorus.helm;

import java.util.ArrayList;
import java.util.HashMap;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.stream.Stream;

import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.MethodSource;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * Every rendered manifest is a valid Kubernetes object as far as it can be checked without an API server:
 * it parses into fabric8's typed model with no unknown field, and its name and labels fit Kubernetes' limits
 * whatever the release name.
 */
class KubernetesManifestsTests {

	/** The longest release name Helm accepts. */
	static final String LONGEST_RELEASE = "r".repeat(20) + "-" + "production-inference-" + "x".repeat(11);

	static Stream<String> valueSets() {
		return Stream.concat(RenderedManifestsTests.valueSets(), Stream.of("everything.yaml", "egress.yaml"));
	}

	@ParameterizedTest
	@MethodSource("valueSets")
	void everyManifestParsesIntoTheTypedModelWithNoUnknownField(String valueSet) {
		Manifests manifests = RenderedManifestsTests.render(valueSet);
		List<String> problems = new ArrayList<>();
		for (Map<String, Object> document : manifests.all()) {
			problems.addAll(KubernetesModel.problems(document));
		}
		assertThat(problems).isEmpty();
	}

	@Test
	void theModelCheckReportsAMisspeltFieldAndAnUnknownKind() {
		Map<String, Object> deployment = new LinkedHashMap<>(RenderedManifestsTests.render("minimal.yaml")
			.get("Deployment", "chorus-gateway"));
		Map<String, Object> spec = new HashMap<>(Yamls.map(deployment, "spec"));
		spec.put("replica", 3);
		deployment.put("spec", spec);
		assertThat(KubernetesModel.problems(deployment)).singleElement().asString()
			.contains("Deployment/chorus-gateway.spec: unknown field(s) [replica]");
		assertThat(KubernetesModel.problems(Map.of("apiVersion", "apps/v1", "kind", "Deploymnet",
				"metadata", Map.of("name", "x")))).singleElement().asString().contains("not in the Kubernetes model");
	}

	@Test
	void everyNameAndLabelFitsKubernetesLimitsWithHelmsLongestReleaseName() {
		assertThat(LONGEST_RELEASE).hasSize(53);
		Manifests manifests = HelmChart.templateWithHooks(LONGEST_RELEASE, HelmChart.values("everything.yaml"));
		assertThat(manifests.ofKind("ServiceMonitor")).isNotEmpty();
		Map<String, String> names = new HashMap<>();
		for (Map<String, Object> document : manifests.all()) {
			String kind = document.get("kind").toString();
			String name = RenderedManifestsTests.name(document);
			// 63 and a DNS label for every kind: Services require it, and pod host names and label values
			// derived from names are cut at 63 anyway.
			assertThat(name).as(kind + " name").hasSizeLessThanOrEqualTo(63).matches("[a-z]([-a-z0-9]*[a-z0-9])?");
			assertThat(names.put(kind + "/" + name, name)).as("a second " + kind + " named " + name).isNull();
			Map<String, Object> labels = new HashMap<>(Yamls.map(document, "metadata.labels"));
			labels.putAll(Yamls.map(document, "spec.template.metadata.labels"));
			labels.forEach((key, value) -> assertThat(value.toString()).as(kind + "/" + name + " label " + key)
				.hasSizeLessThanOrEqualTo(63));
		}
	}

}
