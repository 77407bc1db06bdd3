package io.chorus.helm;

import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.Optional;

import org.yaml.snakeyaml.Yaml;

/**
 * Rendered Kubernetes manifests, parsed, with lookups by kind and name.
 */
final class Manifests {

	private final List<Map<String, Object>> documents;

	private final String text;

	private Manifests(List<Map<String, Object>> documents, String text) {
		this.documents = List.copyOf(documents);
		this.text = text;
	}

	@SuppressWarnings("unchecked")
	static Manifests parse(String rendered) {
		List<Map<String, Object>> documents = new ArrayList<>();
		for (Object document : new Yaml().loadAll(rendered)) {
			if (document != null) {
				documents.add((Map<String, Object>) document);
			}
		}
		return new Manifests(documents, rendered);
	}

	List<Map<String, Object>> all() {
		return this.documents;
	}

	String text() {
		return this.text;
	}

	List<Map<String, Object>> ofKind(String kind) {
		return this.documents.stream().filter((d) -> kind.equals(d.get("kind"))).toList();
	}

	Optional<Map<String, Object>> find(String kind, String name) {
		return ofKind(kind).stream().filter((d) -> name.equals(Yamls.string(d, "metadata.name"))).findFirst();
	}

	Map<String, Object> get(String kind, String name) {
		return find(kind, name).orElseThrow(() -> new AssertionError("no " + kind + " named " + name + " in:\n"
				+ this.documents.stream().map((d) -> d.get("kind") + "/" + Yamls.string(d, "metadata.name")).toList()));
	}

	/** Pod specs of every workload and test pod, by "kind/name". */
	Map<String, Map<String, Object>> podSpecs() {
		Map<String, Map<String, Object>> specs = new java.util.LinkedHashMap<>();
		for (Map<String, Object> document : this.documents) {
			String kind = Objects.toString(document.get("kind"));
			String name = kind + "/" + Yamls.string(document, "metadata.name");
			if (kind.equals("Deployment")) {
				specs.put(name, Yamls.map(document, "spec.template.spec"));
			}
			else if (kind.equals("Pod")) {
				specs.put(name, Yamls.map(document, "spec"));
			}
		}
		return specs;
	}

}
