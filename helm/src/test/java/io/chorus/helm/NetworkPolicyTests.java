package io.chorus.helm;

import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.TreeSet;

import org.junit.jupiter.api.Test;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

/**
 * Evaluates the rendered NetworkPolicies for every pair of pods and checks that exactly the intended paths
 * are admitted: the gateway from outside, ensemble-service from the gateway, the mocks from ensemble-service,
 * the management ports from the monitoring namespace.
 */
class NetworkPolicyTests {

	private static final String NAMESPACE = HelmChart.NAMESPACE;

	/** A pod that might send traffic: its namespace, its namespace's labels and its own labels. */
	record Peer(String name, String namespace, Map<String, Object> namespaceLabels, Map<String, Object> labels) {
	}

	@Test
	void admitsExactlyTheIntendedPathsWithMocksOn() {
		Manifests manifests = HelmChart.templateWithHooks(HelmChart.values("load-test-mocks.yaml"));
		assertThat(admittedPaths(manifests)).containsExactlyInAnyOrder(
				"outside -> chorus-gateway:http",
				"ingress-controller -> chorus-gateway:http",
				"other-pod-same-namespace -> chorus-gateway:http",
				"helm-test -> chorus-gateway:http",
				"chorus-gateway -> chorus-gateway:http",
				"chorus-ensemble-service -> chorus-gateway:http",
				"chorus-mocks -> chorus-gateway:http",
				"prometheus -> chorus-gateway:http",
				"chorus-gateway -> chorus-ensemble-service:http",
				"chorus-ensemble-service -> chorus-mocks:http",
				"prometheus -> chorus-gateway:management",
				"prometheus -> chorus-ensemble-service:management");
	}

	@Test
	void narrowsTheGatewayToTheIngressControllerAndTheHelmTest() {
		Manifests manifests = HelmChart.templateWithHooks(HelmChart.values("ingress.yaml"));
		assertThat(admittedPaths(manifests)).containsExactlyInAnyOrder(
				"ingress-controller -> chorus-gateway:http",
				"helm-test -> chorus-gateway:http",
				"chorus-gateway -> chorus-ensemble-service:http",
				"chorus-ensemble-service -> chorus-mocks:http",
				"prometheus -> chorus-gateway:management",
				"prometheus -> chorus-ensemble-service:management");
	}

	@Test
	void everyChorusPodIsSelectedByAPolicy() {
		Manifests manifests = HelmChart.template(HelmChart.values("load-test-mocks.yaml"));
		for (Map<String, Object> deployment : manifests.ofKind("Deployment")) {
			Map<String, Object> labels = Yamls.map(deployment, "spec.template.metadata.labels");
			assertThat(manifests.ofKind("NetworkPolicy"))
				.as("policies selecting " + RenderedManifestsTests.name(deployment))
				.anyMatch((p) -> RenderedManifestsTests.labelsMatch(Yamls.map(p, "spec.podSelector.matchLabels"), labels));
		}
	}

	@Test
	void restrictedEgressAllowsExactlyDnsTheChainTheModelServersAndRedis() {
		Manifests manifests = HelmChart.template(HelmChart.values("egress.yaml"));
		assertThat(egressPaths(manifests)).containsExactlyInAnyOrder(
				"chorus-gateway -> kube-dns:53/UDP", "chorus-gateway -> kube-dns:53/TCP",
				"chorus-gateway -> chorus-ensemble-service:9080/TCP", "chorus-gateway -> redis:6379/TCP",
				"chorus-ensemble-service -> kube-dns:53/UDP", "chorus-ensemble-service -> kube-dns:53/TCP",
				"chorus-ensemble-service -> chorus-mocks:9101/TCP", "chorus-ensemble-service -> model-server:8080/TCP",
				"chorus-mocks -> kube-dns:53/UDP", "chorus-mocks -> kube-dns:53/TCP");
	}

	@Test
	void egressIsUnrestrictedByDefaultAndRestrictingItNeedsRulesForMembersAndRedis() {
		Manifests manifests = HelmChart.template(HelmChart.values("load-test-mocks.yaml"));
		assertThat(manifests.ofKind("NetworkPolicy")).isNotEmpty().allSatisfy((policy) -> assertThat(
				(List<Object>) Yamls.at(policy, "spec.policyTypes")).containsExactly("Ingress"));
		var noMembers = HelmChart.writeValues("networkPolicy: {membersEgress: []}\n");
		assertThatThrownBy(() -> HelmChart.template(HelmChart.values("egress.yaml"), noMembers)).hasMessageContaining(
				"networkPolicy.allowExternalEgress is false but networkPolicy.membersEgress is empty");
		var noRedis = HelmChart.writeValues("networkPolicy: {redisEgress: []}\n");
		assertThatThrownBy(() -> HelmChart.template(HelmChart.values("egress.yaml"), noRedis)).hasMessageContaining(
				"networkPolicy.allowExternalEgress is false but networkPolicy.redisEgress is empty");
	}

	/** A destination: its namespace, labels, and one port it listens on. */
	record Target(String name, String namespace, Map<String, Object> labels, Object portName, int port, String protocol) {
	}

	@SuppressWarnings("unchecked")
	private static List<String> egressPaths(Manifests manifests) {
		List<Target> targets = new ArrayList<>(List.of(
				new Target("kube-dns", "kube-system", Map.of("k8s-app", "kube-dns"), null, 53, "UDP"),
				new Target("kube-dns", "kube-system", Map.of("k8s-app", "kube-dns"), null, 53, "TCP"),
				new Target("model-server", "models", Map.of("app", "fraud"), null, 8080, "TCP"),
				new Target("redis", "redis", Map.of("app", "redis"), null, 6379, "TCP"),
				new Target("internet", "elsewhere", Map.of("app", "x"), null, 443, "TCP")));
		for (Map<String, Object> deployment : manifests.ofKind("Deployment")) {
			for (Map<String, Object> port : Yamls.list(Yamls.list(deployment, "spec.template.spec.containers").get(0), "ports")) {
				targets.add(new Target(RenderedManifestsTests.name(deployment), NAMESPACE,
						Yamls.map(deployment, "spec.template.metadata.labels"), port.get("name"),
						(Integer) port.get("containerPort"), "TCP"));
			}
		}
		Set<String> allowed = new TreeSet<>();
		for (Map<String, Object> deployment : manifests.ofKind("Deployment")) {
			Map<String, Object> labels = Yamls.map(deployment, "spec.template.metadata.labels");
			List<Map<String, Object>> policies = manifests.ofKind("NetworkPolicy").stream()
				.filter((p) -> RenderedManifestsTests.labelsMatch(Yamls.map(p, "spec.podSelector.matchLabels"), labels))
				.filter((p) -> ((List<Object>) Yamls.at(p, "spec.policyTypes")).contains("Egress"))
				.toList();
			for (Target target : targets) {
				if (target.name().equals(RenderedManifestsTests.name(deployment))) {
					continue;
				}
				boolean ok = policies.isEmpty() || policies.stream().flatMap((p) -> Yamls.list(p, "spec.egress").stream())
					.anyMatch((rule) -> egressPortMatches(rule, target) && egressPeerMatches(rule, target));
				if (ok) {
					allowed.add(RenderedManifestsTests.name(deployment) + " -> " + target.name() + ":" + target.port() + "/"
							+ target.protocol());
				}
			}
		}
		return new ArrayList<>(allowed);
	}

	private static boolean egressPortMatches(Map<String, Object> rule, Target target) {
		List<Map<String, Object>> ports = Yamls.list(rule, "ports");
		return ports.isEmpty() || ports.stream().anyMatch((p) -> String.valueOf(p.getOrDefault("protocol", "TCP"))
			.equals(target.protocol()) && (p.get("port") == null || p.get("port").equals(target.port())
					|| p.get("port").equals(target.portName())));
	}

	private static boolean egressPeerMatches(Map<String, Object> rule, Target target) {
		if (!rule.containsKey("to")) {
			return true;
		}
		Peer peer = new Peer(target.name(), target.namespace(), namespaceLabels(target.namespace()), target.labels());
		return peerMatches(Map.of("from", rule.get("to")), peer);
	}

	private static List<String> admittedPaths(Manifests manifests) {
		List<Peer> sources = new ArrayList<>();
		sources.add(new Peer("outside", "elsewhere", Map.of("kubernetes.io/metadata.name", "elsewhere"), Map.of("app", "x")));
		sources.add(new Peer("other-pod-same-namespace", NAMESPACE, namespaceLabels(NAMESPACE), Map.of("app", "x")));
		sources.add(new Peer("prometheus", "monitoring", namespaceLabels("monitoring"), Map.of("app", "prometheus")));
		sources.add(new Peer("ingress-controller", "ingress-nginx", namespaceLabels("ingress-nginx"), Map.of("app", "nginx")));
		for (Map<String, Object> deployment : manifests.ofKind("Deployment")) {
			sources.add(new Peer(RenderedManifestsTests.name(deployment), NAMESPACE, namespaceLabels(NAMESPACE),
					Yamls.map(deployment, "spec.template.metadata.labels")));
		}
		manifests.ofKind("Pod").forEach((pod) -> sources.add(new Peer("helm-test", NAMESPACE, namespaceLabels(NAMESPACE),
				Yamls.map(pod, "metadata.labels"))));
		Set<String> admitted = new TreeSet<>();
		for (Map<String, Object> deployment : manifests.ofKind("Deployment")) {
			Map<String, Object> labels = Yamls.map(deployment, "spec.template.metadata.labels");
			List<Map<String, Object>> policies = manifests.ofKind("NetworkPolicy").stream()
				.filter((p) -> RenderedManifestsTests.labelsMatch(Yamls.map(p, "spec.podSelector.matchLabels"), labels))
				.toList();
			Map<String, Object> container = Yamls.list(deployment, "spec.template.spec.containers").get(0);
			for (Map<String, Object> port : Yamls.list(container, "ports")) {
				for (Peer source : sources) {
					if (admits(policies, source, port)) {
						admitted.add(source.name() + " -> " + RenderedManifestsTests.name(deployment) + ":" + port.get("name"));
					}
				}
			}
		}
		return new ArrayList<>(admitted);
	}

	/** Kubernetes semantics: no policy selects the pod = all admitted; else the union of the ingress rules. */
	private static boolean admits(List<Map<String, Object>> policies, Peer source, Map<String, Object> port) {
		if (policies.isEmpty()) {
			return true;
		}
		for (Map<String, Object> policy : policies) {
			for (Map<String, Object> rule : Yamls.list(policy, "spec.ingress")) {
				if (portMatches(rule, port) && peerMatches(rule, source)) {
					return true;
				}
			}
		}
		return false;
	}

	private static boolean portMatches(Map<String, Object> rule, Map<String, Object> port) {
		List<Map<String, Object>> ports = Yamls.list(rule, "ports");
		return ports.isEmpty() || ports.stream().anyMatch((p) -> p.get("port") == null
				|| p.get("port").equals(port.get("name")) || p.get("port").equals(port.get("containerPort")));
	}

	private static boolean peerMatches(Map<String, Object> rule, Peer source) {
		if (!rule.containsKey("from")) {
			return true;
		}
		for (Map<String, Object> peer : Yamls.list(rule, "from")) {
			boolean hasPods = peer.containsKey("podSelector");
			boolean hasNamespaces = peer.containsKey("namespaceSelector");
			boolean namespaceOk = hasNamespaces ? selects(Yamls.map(peer, "namespaceSelector"), source.namespaceLabels())
					: source.namespace().equals(NAMESPACE);
			boolean podOk = !hasPods || selects(Yamls.map(peer, "podSelector"), source.labels());
			if (peer.containsKey("ipBlock")) {
				continue;
			}
			if (namespaceOk && podOk) {
				return true;
			}
		}
		return false;
	}

	private static boolean selects(Map<String, Object> selector, Map<String, Object> labels) {
		if (selector.containsKey("matchExpressions")) {
			throw new AssertionError("matchExpressions are not evaluated by this test: " + selector);
		}
		Map<String, Object> matchLabels = Yamls.map(selector, "matchLabels");
		return matchLabels.entrySet().stream()
			.allMatch((e) -> e.getValue().toString().equals(String.valueOf(labels.get(e.getKey()))));
	}

	private static Map<String, Object> namespaceLabels(String namespace) {
		return Map.of("kubernetes.io/metadata.name", namespace);
	}

}
