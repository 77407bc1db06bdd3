package io.chorus.helm;

import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Base64;
import java.util.HashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.stream.Stream;

import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.MethodSource;
import org.yaml.snakeyaml.Yaml;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

/**
 * Checks the rendered manifests for every realistic value set.
 */
@SuppressWarnings("unchecked")
class RenderedManifestsTests {

	static Stream<String> valueSets() {
		return Stream.of("one-key.yaml", "minimal.yaml", "load-test-mocks.yaml", "production.yaml", "redis-rate-limit.yaml",
				"ingress.yaml", "service-monitor.yaml", "existing-secret.yaml");
	}

	static Manifests render(String valueSet) {
		return valueSet.isEmpty() ? HelmChart.templateWithHooks()
				: HelmChart.templateWithHooks(HelmChart.values(valueSet));
	}

	@SuppressWarnings("unchecked")
	@ParameterizedTest
	@MethodSource("valueSets")
	void everyServiceSelectsThePodsOfItsDeploymentOnAPortTheyDeclare(String valueSet) {
		Manifests manifests = render(valueSet);
		assertThat(manifests.ofKind("Service")).isNotEmpty();
		for (Map<String, Object> service : manifests.ofKind("Service")) {
			Map<String, Object> selector = Yamls.map(service, "spec.selector");
			assertThat(selector).as("selector of " + name(service)).isNotEmpty();
			List<Map<String, Object>> matches = manifests.ofKind("Deployment").stream()
				.filter((d) -> labelsMatch(selector, Yamls.map(d, "spec.template.metadata.labels")))
				.toList();
			assertThat(matches).as("Deployments whose pods Service " + name(service) + " selects").hasSize(1);
			Map<String, Object> deployment = matches.get(0);
			assertThat(labelsMatch(Yamls.map(deployment, "spec.selector.matchLabels"),
					Yamls.map(deployment, "spec.template.metadata.labels")))
				.as("Deployment %s selects its own pods", name(deployment)).isTrue();
			Set<Object> containerPorts = containerPortNames(Yamls.map(deployment, "spec.template.spec"));
			for (Map<String, Object> port : Yamls.list(service, "spec.ports")) {
				assertThat(containerPorts).as("targetPort of Service " + name(service)).contains(port.get("targetPort"));
			}
		}
	}

	@ParameterizedTest
	@MethodSource("valueSets")
	void probesUseDeclaredPortsAndSpringProbeGroupsOnTheManagementPort(String valueSet) {
		Manifests manifests = render(valueSet);
		for (Map<String, Object> deployment : manifests.ofKind("Deployment")) {
			Map<String, Object> pod = Yamls.map(deployment, "spec.template.spec");
			for (Map<String, Object> container : Yamls.list(pod, "containers")) {
				Set<Object> ports = containerPortNames(Map.of("containers", List.of(container)));
				for (String probe : List.of("startupProbe", "livenessProbe", "readinessProbe")) {
					Map<String, Object> httpGet = Yamls.map(container, probe + ".httpGet");
					assertThat(httpGet).as(probe + " of " + name(deployment)).isNotEmpty();
					assertThat(ports).as(probe + " port of " + name(deployment)).contains(httpGet.get("port"));
				}
				if (!name(deployment).endsWith("-mocks")) {
					assertThat(Yamls.string(container, "livenessProbe.httpGet.port")).isEqualTo("management");
					assertThat(Yamls.string(container, "livenessProbe.httpGet.path")).isEqualTo("/actuator/health/liveness");
					assertThat(Yamls.string(container, "readinessProbe.httpGet.port")).isEqualTo("management");
					assertThat(Yamls.string(container, "readinessProbe.httpGet.path"))
						.isEqualTo("/actuator/health/readiness");
				}
			}
		}
	}

	@ParameterizedTest
	@MethodSource("valueSets")
	void everyPodAndContainerIsLockedDownAndHasResources(String valueSet) {
		Manifests manifests = render(valueSet);
		assertThat(manifests.podSpecs()).isNotEmpty();
		manifests.podSpecs().forEach((name, pod) -> {
			assertThat(Yamls.at(pod, "securityContext.runAsNonRoot")).as(name).isEqualTo(true);
			assertThat(Yamls.string(pod, "securityContext.seccompProfile.type")).as(name).isEqualTo("RuntimeDefault");
			assertThat(Yamls.at(pod, "automountServiceAccountToken")).as(name).isEqualTo(false);
			// Service links inject variables such as CHORUS_GATEWAY_PORT that Spring's relaxed binding may read.
			assertThat(Yamls.at(pod, "enableServiceLinks")).as(name + " enableServiceLinks").isEqualTo(false);
			List<Map<String, Object>> containers = new ArrayList<>(Yamls.list(pod, "containers"));
			containers.addAll(Yamls.list(pod, "initContainers"));
			for (Map<String, Object> container : containers) {
				String what = name + " container " + container.get("name");
				assertThat(Yamls.at(container, "securityContext.runAsNonRoot")).as(what).isEqualTo(true);
				assertThat((Integer) Yamls.at(container, "securityContext.runAsUser")).as(what).isPositive();
				assertThat(Yamls.at(container, "securityContext.readOnlyRootFilesystem")).as(what).isEqualTo(true);
				assertThat(Yamls.at(container, "securityContext.allowPrivilegeEscalation")).as(what).isEqualTo(false);
				assertThat((List<Object>) Yamls.at(container, "securityContext.capabilities.drop")).as(what).containsExactly("ALL");
				assertThat(Yamls.string(container, "securityContext.seccompProfile.type")).as(what)
					.isEqualTo("RuntimeDefault");
				assertThat(Yamls.at(container, "resources.requests.cpu")).as(what + " cpu request").isNotNull();
				assertThat(Yamls.at(container, "resources.requests.memory")).as(what + " memory request").isNotNull();
				assertThat(Yamls.at(container, "resources.limits.memory")).as(what + " memory limit").isNotNull();
				assertThat(Yamls.list(container, "volumeMounts")).as(what + " writable /tmp")
					.anySatisfy((mount) -> assertThat(mount).containsEntry("mountPath", "/tmp").containsEntry("name", "tmp"));
			}
			assertThat(Yamls.list(pod, "volumes")).as(name)
				.anySatisfy((volume) -> assertThat(volume).containsEntry("name", "tmp").containsKey("emptyDir"));
		});
	}

	@ParameterizedTest
	@MethodSource("valueSets")
	void noSecretValueAppearsOutsideASecret(String valueSet) {
		Manifests manifests = render(valueSet);
		Set<String> secrets = new HashSet<>();
		for (Map<String, Object> secret : manifests.ofKind("Secret")) {
			Yamls.map(secret, "data").values().forEach((value) -> {
				String decoded = new String(Base64.getDecoder().decode(value.toString()), StandardCharsets.UTF_8);
				secrets.add(value.toString());
				for (String line : decoded.split("\n")) {
					if (!line.isBlank() && !line.startsWith("#")) {
						secrets.add(line.strip());
						secrets.addAll(List.of(line.strip().split(":")));
					}
				}
			});
		}
		if (!valueSet.isEmpty()) {
			secrets.addAll(plainKeysIn(HelmChart.load(HelmChart.values(valueSet))));
		}
		secrets.removeIf((s) -> s.length() < 16);
		for (Map<String, Object> document : manifests.all()) {
			if ("Secret".equals(document.get("kind"))) {
				continue;
			}
			String text = new Yaml().dump(document);
			for (String secret : secrets) {
				assertThat(text).as("%s %s must not hold a secret value", document.get("kind"), name(document))
					.doesNotContain(secret);
			}
		}
	}

	@Test
	void plainKeysAreHashedIntoTheKeysSecretAndTheTestKeyIsOnlyReferenced() {
		Manifests manifests = HelmChart.templateWithHooks(HelmChart.values("load-test-mocks.yaml"));
		String keys = decode(manifests.get("Secret", "chorus-api-keys"), "keys");
		assertThat(keys).contains("load-test:" + sha256("load-test-key-change-me-0123456789"))
			.contains("helm-test:" + sha256("helm-test-key-change-me-0123456789") + ":iris")
			.doesNotContain("load-test-key-change-me");
		assertThat(decode(manifests.get("Secret", "chorus-test-api-key"), "api-key"))
			.isEqualTo("helm-test-key-change-me-0123456789");
		Map<String, Object> testPod = manifests.get("Pod", "chorus-test-inference");
		assertThat(Yamls.map(testPod, "metadata.annotations")).containsEntry("helm.sh/hook", "test");
		Map<String, Object> container = Yamls.list(testPod, "spec.containers").get(0);
		assertThat((List<Object>) container.get("command")).containsExactly("curl");
		assertThat((List<Object>) container.get("args")).contains("X-API-Key: $(CHORUS_API_KEY)")
			.contains("http://chorus-gateway:80/v2/models/iris/infer");
		assertThat(Yamls.list(container, "env").get(0)).containsEntry("name", "CHORUS_API_KEY");
	}

	@Test
	void existingSecretsAreMountedAndNoKeysSecretIsRendered() {
		Manifests manifests = HelmChart.templateWithHooks(HelmChart.values("existing-secret.yaml"));
		assertThat(manifests.find("Secret", "chorus-api-keys")).isEmpty();
		Map<String, Object> pod = Yamls.map(manifests.get("Deployment", "chorus-gateway"), "spec.template.spec");
		Map<String, Object> volume = Yamls.list(pod, "volumes").stream()
			.filter((v) -> "api-keys".equals(v.get("name"))).findFirst().orElseThrow();
		assertThat(Yamls.string(volume, "secret.secretName")).isEqualTo("my-chorus-keys");
		assertThat(Yamls.list(volume, "secret.items").get(0)).containsEntry("key", "keys.txt").containsEntry("path", "keys");
		assertThat(manifests.text()).doesNotContain("ignored-plain-key");
		Map<String, Object> testPod = manifests.get("Pod", "chorus-test-inference");
		assertThat(Yamls.string(Yamls.list(testPod, "spec.containers").get(0), "env")).contains("my-chorus-test-key");
	}

	@Test
	void changingTheEnsemblesRollsEnsembleServicePodsOnly() {
		Manifests before = HelmChart.template(HelmChart.values("minimal.yaml"));
		Manifests after = HelmChart.template(HelmChart.values("minimal.yaml"),
				HelmChart.writeValues("ensembles:\n  fraud-score:\n    deadline: 900ms\n"));
		assertThat(checksum(after, "chorus-ensemble-service")).isNotEqualTo(checksum(before, "chorus-ensemble-service"));
		assertThat(checksum(after, "chorus-gateway")).isEqualTo(checksum(before, "chorus-gateway"));
		Manifests oneKey = HelmChart.template(HelmChart.values("one-key.yaml"));
		Manifests newKey = HelmChart.template(HelmChart.values("one-key.yaml"), HelmChart.writeValues(
				"apiKeys:\n  keys:\n    - {client: team-b, sha256: " + "ab".repeat(32) + "}\n"));
		assertThat(Yamls.map(newKey.get("Deployment", "chorus-gateway"), "spec.template.metadata.annotations")
			.get("checksum/api-keys")).isNotNull().isNotEqualTo(Yamls.map(oneKey.get("Deployment", "chorus-gateway"),
					"spec.template.metadata.annotations").get("checksum/api-keys"));
	}

	@ParameterizedTest
	@MethodSource("valueSets")
	void gracefulShutdownOutlastsThePreStopPauseAndSpringsDrain(String valueSet) {
		Manifests manifests = render(valueSet);
		for (String component : List.of("gateway", "ensemble-service")) {
			Map<String, Object> pod = Yamls.map(manifests.get("Deployment", "chorus-" + component), "spec.template.spec");
			int grace = (Integer) pod.get("terminationGracePeriodSeconds");
			int preStop = (Integer) Yamls.at(Yamls.list(pod, "containers").get(0), "lifecycle.preStop.sleep.seconds");
			Map<String, Object> config = new Yaml().load(configFile(manifests, component));
			assertThat(Yamls.string(config, "server.shutdown")).isEqualTo("graceful");
			String drain = Yamls.string(config, "spring.lifecycle.timeout-per-shutdown-phase");
			int drainSeconds = Integer.parseInt(drain.replace("s", ""));
			assertThat(preStop).as(component + " preStop").isPositive();
			assertThat(grace).as(component + " grace period").isGreaterThan(preStop + drainSeconds);
			assertThat(Yamls.string(manifests.get("Deployment", "chorus-" + component),
					"spec.strategy.rollingUpdate.maxUnavailable")).isEqualTo("0");
		}
	}

	@Test
	void olderClustersGetAnExecSleepInsteadOfTheSleepAction() {
		Manifests manifests = Manifests.parse(HelmChart.render("1.29.0", HelmChart.values("minimal.yaml")));
		Map<String, Object> container = Yamls.list(Yamls.map(manifests.get("Deployment", "chorus-gateway"),
				"spec.template.spec"), "containers").get(0);
		assertThat((List<Object>) Yamls.at(container, "lifecycle.preStop.exec.command")).containsExactly("sleep", "10");
	}

	@Test
	void refusesAGracePeriodThatCannotCoverTheDrain() {
		Path values = HelmChart.writeValues("shutdown: {preStopSeconds: 10, drainSeconds: 30, terminationGracePeriodSeconds: 40}\n");
		assertThatThrownBy(() -> HelmChart.template(values)).hasMessageContaining(
				"shutdown.terminationGracePeriodSeconds (40) must be longer than shutdown.preStopSeconds + shutdown.drainSeconds (40)");
	}

	@Test
	void autoscalingReplacesTheFixedReplicaCountAndDisruptionBudgetsCoverEachDeployment() {
		Manifests manifests = HelmChart.template(HelmChart.values("production.yaml"));
		for (String component : List.of("gateway", "ensemble-service")) {
			Map<String, Object> hpa = manifests.get("HorizontalPodAutoscaler", "chorus-" + component);
			assertThat(Yamls.string(hpa, "spec.scaleTargetRef.name")).isEqualTo("chorus-" + component);
			assertThat(Yamls.string(Yamls.list(hpa, "spec.metrics").get(0), "resource.name")).isEqualTo("cpu");
			assertThat(Yamls.map(manifests.get("Deployment", "chorus-" + component), "spec")).doesNotContainKey("replicas");
			Map<String, Object> pdb = manifests.get("PodDisruptionBudget", "chorus-" + component);
			assertThat(Yamls.map(pdb, "spec.selector.matchLabels")).isEqualTo(Yamls.map(
					manifests.get("Deployment", "chorus-" + component), "spec.selector.matchLabels"));
		}
		Manifests defaults = HelmChart.template(HelmChart.values("one-key.yaml"));
		assertThat(defaults.ofKind("HorizontalPodAutoscaler")).isEmpty();
		assertThat(Yamls.at(defaults.get("Deployment", "chorus-gateway"), "spec.replicas")).isEqualTo(2);
	}

	@Test
	void mocksAreOffByDefaultAndServeTheirModelsFromValuesWhenOn() {
		Manifests defaults = HelmChart.template(HelmChart.values("one-key.yaml"));
		assertThat(defaults.all()).noneMatch((d) -> Yamls.string(d, "metadata.name").contains("mocks"));
		Manifests manifests = HelmChart.template(HelmChart.values("load-test-mocks.yaml"));
		Map<String, Object> config = new Yaml().load(data(manifests.get("ConfigMap", "chorus-mocks"), "mocks.yml"));
		assertThat(Yamls.string(config, "mock.host")).isEqualTo("0.0.0.0");
		assertThat(Yamls.list(config, "mock.models")).extracting((m) -> m.get("name")).contains("iris-full-flaky");
		Map<String, Object> ensembles = new Yaml().load(configFile(manifests, "ensemble-service"));
		assertThat(Yamls.map(ensembles, "chorus.ensembles")).containsKeys("iris", "iris-vote", "petal-width", "iris-flaky");
		assertThat(Yamls.string(ensembles, "chorus.ensembles.iris")).contains("http://chorus-mocks:9101");
	}

	@Test
	void optionalResourcesRenderWhenTurnedOn() {
		Manifests manifests = HelmChart.template(HelmChart.values("production.yaml"));
		Map<String, Object> ingress = manifests.get("Ingress", "chorus");
		assertThat(Yamls.string(Yamls.list(ingress, "spec.rules").get(0), "http")).contains("chorus-gateway");
		Map<String, Object> monitor = manifests.get("ServiceMonitor", "chorus");
		assertThat(Yamls.map(monitor, "metadata.labels")).containsEntry("release", "kube-prometheus-stack");
		Map<String, Object> selector = Yamls.map(monitor, "spec.selector.matchLabels");
		List<Map<String, Object>> scraped = manifests.ofKind("Service").stream()
			.filter((s) -> labelsMatch(selector, Yamls.map(s, "metadata.labels"))).toList();
		assertThat(scraped).extracting(RenderedManifestsTests::name)
			.containsExactlyInAnyOrder("chorus-gateway-metrics", "chorus-ensemble-service-metrics");
		for (Map<String, Object> service : scraped) {
			assertThat(Yamls.list(service, "spec.ports")).extracting((p) -> p.get("name")).containsExactly("management");
		}
		String dashboard = data(manifests.get("ConfigMap", "chorus-dashboard"), "chorus-chorus.json");
		assertThat(dashboard).contains("chorus_ensemble_requests_seconds_bucket", "chorus_member_calls_seconds_bucket",
				"resilience4j_circuitbreaker_state", "chorus_gateway_requests_seconds_count", "degraded");
		Map<String, Object> gatewayConfig = new Yaml().load(configFile(manifests, "gateway"));
		assertThat(Yamls.string(gatewayConfig, "chorus.gateway.rate-limit.backend")).isEqualTo("redis");
		assertThat(Yamls.string(gatewayConfig, "spring.data.redis.host")).isEqualTo("redis-master.redis.svc.cluster.local");
		Map<String, Object> gateway = Yamls.list(Yamls.map(manifests.get("Deployment", "chorus-gateway"),
				"spec.template.spec"), "containers").get(0);
		assertThat(Yamls.list(gateway, "env")).anySatisfy((env) -> assertThat(env)
			.containsEntry("name", "SPRING_DATA_REDIS_PASSWORD")
			.containsEntry("valueFrom", Map.of("secretKeyRef", Map.of("name", "chorus-redis", "key", "redis-password"))));
	}

	@Test
	void redisBackendWithoutAHostFailsWithTheKeyToSet() {
		Path values = HelmChart.writeValues("gateway:\n  rateLimit:\n    backend: redis\n");
		assertThatThrownBy(() -> HelmChart.template(HelmChart.values("one-key.yaml"), values))
			.hasMessageContaining("gateway.redis.host is required when gateway.rateLimit.backend is redis");
	}

	static String configFile(Manifests manifests, String component) {
		return data(manifests.get("ConfigMap", "chorus-" + component), component + ".yml");
	}

	static String data(Map<String, Object> configMap, String key) {
		Object value = Yamls.map(configMap, "data").get(key);
		assertThat(value).as("data." + key + " of ConfigMap " + name(configMap)).isNotNull();
		return value.toString();
	}

	static String name(Map<String, Object> document) {
		return Yamls.string(document, "metadata.name");
	}

	static boolean labelsMatch(Map<String, Object> selector, Map<String, Object> labels) {
		return !selector.isEmpty() && selector.entrySet().stream()
			.allMatch((e) -> e.getValue().toString().equals(String.valueOf(labels.get(e.getKey()))));
	}

	static Set<Object> containerPortNames(Map<String, Object> pod) {
		Set<Object> ports = new HashSet<>();
		for (Map<String, Object> container : Yamls.list(pod, "containers")) {
			for (Map<String, Object> port : Yamls.list(container, "ports")) {
				ports.add(port.get("name"));
				ports.add(port.get("containerPort"));
			}
		}
		return ports;
	}

	static String decode(Map<String, Object> secret, String key) {
		return new String(Base64.getDecoder().decode(Yamls.string(secret, "data." + key)), StandardCharsets.UTF_8);
	}

	static String sha256(String value) {
		try {
			return java.util.HexFormat.of().formatHex(java.security.MessageDigest.getInstance("SHA-256")
				.digest(value.getBytes(StandardCharsets.UTF_8)));
		}
		catch (java.security.NoSuchAlgorithmException ex) {
			throw new IllegalStateException(ex);
		}
	}

	private static String checksum(Manifests manifests, String deployment) {
		return String.valueOf(Yamls.map(manifests.get("Deployment", deployment), "spec.template.metadata.annotations")
			.get("checksum/config"));
	}

	private static Set<String> plainKeysIn(Map<String, Object> values) {
		Set<String> keys = new HashSet<>();
		for (Map<String, Object> key : Yamls.list(values, "apiKeys.keys")) {
			if (key.get("key") != null) {
				keys.add(key.get("key").toString());
			}
		}
		if (Yamls.string(values, "tests.apiKey") != null) {
			keys.add(Yamls.string(values, "tests.apiKey"));
		}
		return keys;
	}

}
