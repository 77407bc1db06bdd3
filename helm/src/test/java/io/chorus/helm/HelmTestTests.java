package io.chorus.helm;

import java.io.IOException;
import java.nio.file.Files;
import java.util.List;
import java.util.Map;
import java.util.stream.Stream;

import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.MethodSource;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * {@code helm test} works where NOTES.txt says to run it: the test pod sends a key the gateway accepts, and a
 * test key the chart makes exists as a Secret only while the test runs.
 */
@SuppressWarnings("unchecked")
class HelmTestTests {

	static Stream<String> examples() {
		return Stream.of("minimal.yaml", "load-test-mocks.yaml", "production.yaml");
	}

	@ParameterizedTest
	@MethodSource("examples")
	void notesOfferHelmTestExactlyWhenTheTestPodSendsAKey(String example) {
		String notes = HelmChart.notes(HelmChart.values(example));
		Manifests manifests = HelmChart.templateWithHooks(HelmChart.values(example));
		List<Map<String, Object>> pods = manifests.ofKind("Pod");
		assertThat(notes).contains("helm test --namespace inference chorus");
		assertThat(pods).as(example + " test pod").hasSize(1);
		Map<String, Object> container = Yamls.list(pods.get(0), "spec.containers").get(0);
		assertThat((List<Object>) container.get("args")).as(example).contains("X-API-Key: $(CHORUS_API_KEY)");
		Map<String, Object> keyRef = Yamls.map(Yamls.list(container, "env").get(0), "valueFrom.secretKeyRef");
		Map<String, Object> values = HelmChart.load(HelmChart.values(example));
		String existing = Yamls.string(values, "tests.existingSecret");
		if (existing != null) {
			assertThat(keyRef).containsEntry("name", existing);
		}
		else {
			// The chart's own test key: its hash must be among the keys the gateway mounts.
			String key = RenderedManifestsTests.decode(manifests.get("Secret", keyRef.get("name").toString()),
					keyRef.get("key").toString());
			assertThat(RenderedManifestsTests.decode(manifests.get("Secret", "chorus-api-keys"), "keys"))
				.contains("helm-test:" + RenderedManifestsTests.sha256(key) + ":");
		}
		// The curl NOTES print sends what the test sends, to an ensemble that exists.
		List<Object> args = (List<Object>) container.get("args");
		String body = args.get(args.indexOf("--data-binary") + 1).toString();
		assertThat(notes).contains("-d '" + body + "'").contains("/v2/models/" + testEnsemble(args) + "/infer");
	}

	@Test
	void theMinimalExampleTestsWithTheKeyOfTheSecretTheDocsCreate() throws IOException {
		Manifests manifests = HelmChart.templateWithHooks(HelmChart.values("minimal.yaml"));
		Map<String, Object> container = Yamls.list(manifests.get("Pod", "chorus-test-inference"), "spec.containers")
			.get(0);
		Map<String, Object> keyRef = Yamls.map(Yamls.list(container, "env").get(0), "valueFrom.secretKeyRef");
		assertThat(keyRef).containsEntry("name", "chorus-api-keys").containsEntry("key", "api-key");
		String docs = Files.readString(ContainerImageTests.ROOT.resolve("docs/helm.md"));
		String example = Files.readString(HelmChart.EXAMPLES.resolve("minimal.yaml"));
		for (String text : List.of(docs, example)) {
			assertThat(text).contains("create secret generic chorus-api-keys")
				.contains("--from-literal=keys=\"team-a:$(printf %s \"$KEY\" | sha256sum | cut -d' ' -f1)\"")
				.contains("--from-literal=api-key=\"$KEY\"")
				.contains("KEY=$(openssl rand -hex 32)");
		}
	}

	@Test
	void theChartsTestKeySecretIsATestHookDeletedAfterTheTest() {
		Manifests manifests = HelmChart.templateWithHooks(HelmChart.values("load-test-mocks.yaml"));
		Map<String, Object> annotations = Yamls.map(manifests.get("Secret", "chorus-test-api-key"), "metadata.annotations");
		assertThat(annotations).containsEntry("helm.sh/hook", "test");
		assertThat(List.of(annotations.get("helm.sh/hook-delete-policy").toString().split(",")))
			.contains("hook-succeeded", "hook-failed");
		assertThat(Integer.parseInt(annotations.get("helm.sh/hook-weight").toString())).as("created before the pod")
			.isLessThan(0);
	}

	@Test
	void withoutAKeyToSendThereIsNoTestAndTheNotesSaySo() {
		var key = HelmChart.values("one-key.yaml");
		var mocks = HelmChart.writeValues("mocks: {enabled: true}\n");
		assertThat(HelmChart.templateWithHooks(key, mocks).ofKind("Pod")).isEmpty();
		assertThat(HelmChart.notes(key, mocks)).doesNotContain("helm test --namespace")
			.contains("set tests.existingSecret");
	}

	private static String testEnsemble(List<Object> args) {
		String url = args.get(args.size() - 1).toString();
		return url.substring(url.indexOf("/v2/models/") + "/v2/models/".length(), url.lastIndexOf("/infer"));
	}

}
