package io.chorus.weights.config;

import java.io.IOException;
import java.io.Reader;
import java.io.UncheckedIOException;
import java.net.URI;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;

import org.yaml.snakeyaml.LoaderOptions;
import org.yaml.snakeyaml.Yaml;
import org.yaml.snakeyaml.constructor.SafeConstructor;

/**
 * Reads {@code chorus.ensembles.<name>} from the YAML that ensemble-service binds, with the same defaults
 * ({@code protocol: v2}, {@code weight: 1}, {@code max-concurrent-calls: 10000}, model = member name).
 *
 * <p>Keys are matched the way Spring Boot's relaxed binding matches them, so {@code max-concurrent-calls},
 * {@code maxConcurrentCalls} and {@code max_concurrent_calls} are the same key. Every document of a multi-document
 * file is read; later documents override earlier ones key by key, as Spring does without profile conditions.
 */
final class EnsembleYaml {

	private static final int DEFAULT_MAX_CONCURRENT_CALLS = 10_000;

	private EnsembleYaml() {
	}

	static EnsembleConfig read(Path file, String ensemble) {
		Map<String, Object> root = new LinkedHashMap<>();
		try (Reader reader = Files.newBufferedReader(file, StandardCharsets.UTF_8)) {
			for (Object document : new Yaml(new SafeConstructor(new LoaderOptions())).loadAll(reader)) {
				if (document instanceof Map<?, ?> map) {
					merge(root, normalise(map));
				}
			}
		}
		catch (IOException ex) {
			throw new UncheckedIOException("cannot read " + file, ex);
		}
		Map<String, Object> ensembles = map(map(root.get("chorus")).get("ensembles"));
		Map<String, Object> spec = map(ensembles.get(key(ensemble)));
		if (spec.isEmpty()) {
			throw new IllegalArgumentException(file + " has no chorus.ensembles." + ensemble + " (it has "
					+ ensembles.keySet() + ")");
		}
		return ensemble(file, ensemble, spec);
	}

	private static EnsembleConfig ensemble(Path file, String name, Map<String, Object> spec) {
		String key = "chorus.ensembles." + name;
		List<String> problems = new ArrayList<>();
		String strategy = string(spec.get("strategy"), null);
		if (strategy == null) {
			problems.add(key + ".strategy: missing");
		}
		List<String> outputs = strings(spec.get("outputs"));
		List<MemberConfig> members = new ArrayList<>();
		Object memberList = spec.get("members");
		if (!(memberList instanceof List<?> list) || list.isEmpty()) {
			problems.add(key + ".members: missing or empty");
		}
		else {
			for (int i = 0; i < list.size(); i++) {
				Map<String, Object> member = map(list.get(i));
				String memberKey = key + ".members[" + i + "]";
				String memberName = string(member.get("name"), null);
				List<URI> replicas = strings(member.get("replicas")).stream()
					.map(EnsembleYaml::placeholders)
					.map((url) -> URI.create(url.endsWith("/") ? url.substring(0, url.length() - 1) : url))
					.toList();
				if (memberName == null) {
					problems.add(memberKey + ".name: missing");
				}
				if (replicas.isEmpty()) {
					problems.add(memberKey + ".replicas: missing");
				}
				members.add(new MemberConfig(memberName, string(member.get("model"), memberName), replicas,
						string(member.get("protocol"), "v2"), number(member.get("weight"), 1),
						(int) number(member.get("maxconcurrentcalls"), DEFAULT_MAX_CONCURRENT_CALLS),
						string(member.get("v1output"), null)));
			}
		}
		if (!problems.isEmpty()) {
			throw new IllegalArgumentException(file + ": " + String.join("; ", problems));
		}
		return new EnsembleConfig(name, strategy, outputs, members);
	}

	/** Lower-cases a key and drops its dashes and underscores, as relaxed binding compares keys. */
	private static String key(Object key) {
		return String.valueOf(key).toLowerCase(Locale.ROOT).replace("-", "").replace("_", "");
	}

	private static Map<String, Object> normalise(Map<?, ?> map) {
		Map<String, Object> result = new LinkedHashMap<>();
		map.forEach((k, v) -> result.put(key(k), normaliseValue(v)));
		return result;
	}

	private static Object normaliseValue(Object value) {
		if (value instanceof Map<?, ?> map) {
			return normalise(map);
		}
		if (value instanceof List<?> list) {
			return list.stream().map(EnsembleYaml::normaliseValue).toList();
		}
		return value;
	}

	@SuppressWarnings("unchecked")
	private static void merge(Map<String, Object> into, Map<String, Object> from) {
		from.forEach((key, value) -> {
			if (value instanceof Map<?, ?> && into.get(key) instanceof Map<?, ?> existing) {
				merge((Map<String, Object>) existing, (Map<String, Object>) value);
			}
			else {
				into.put(key, value);
			}
		});
	}

	@SuppressWarnings("unchecked")
	private static Map<String, Object> map(Object value) {
		return (value instanceof Map<?, ?> map) ? (Map<String, Object>) map : Map.of();
	}

	private static String string(Object value, String fallback) {
		return (value == null) ? fallback : String.valueOf(value);
	}

	private static double number(Object value, double fallback) {
		return (value == null) ? fallback : Double.parseDouble(String.valueOf(value));
	}

	private static List<String> strings(Object value) {
		if (value instanceof List<?> list) {
			return list.stream().map(String::valueOf).toList();
		}
		if (value == null) {
			return List.of();
		}
		return Arrays.stream(String.valueOf(value).split(",")).map(String::trim).filter((s) -> !s.isEmpty()).toList();
	}

	/**
	 * Resolves Spring-style {@code ${name:default}} placeholders as ensemble-service would for a plain run: a
	 * system property of that name, else the environment variable Spring's relaxed binding maps it to
	 * ({@code chorus.demo.mock-url} → {@code CHORUS_DEMO_MOCKURL}), else the default.
	 */
	static String placeholders(String value) {
		java.util.regex.Matcher matcher = PLACEHOLDER.matcher(value);
		StringBuilder resolved = new StringBuilder();
		while (matcher.find()) {
			String name = matcher.group(1);
			String found = System.getProperty(name);
			if (found == null) {
				found = System.getenv(name.replace(".", "_").replace("-", "").toUpperCase(java.util.Locale.ROOT));
			}
			if (found == null) {
				found = (matcher.group(2) != null) ? matcher.group(2) : matcher.group();
			}
			matcher.appendReplacement(resolved, java.util.regex.Matcher.quoteReplacement(found));
		}
		matcher.appendTail(resolved);
		return resolved.toString();
	}

	private static final java.util.regex.Pattern PLACEHOLDER = java.util.regex.Pattern.compile("\\$\\{([^}:]+)(?::([^}]*))?\\}");

}
