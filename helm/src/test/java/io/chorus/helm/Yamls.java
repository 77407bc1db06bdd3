package io.chorus.helm;

import java.util.List;
import java.util.Map;

/**
 * Dotted-path access into parsed YAML trees.
 */
final class Yamls {

	private Yamls() {
	}

	static Object at(Object root, String path) {
		Object current = root;
		for (String part : path.split("\\.")) {
			if (!(current instanceof Map<?, ?> map)) {
				return null;
			}
			current = map.get(part);
		}
		return current;
	}

	@SuppressWarnings("unchecked")
	static Map<String, Object> map(Object root, String path) {
		Object value = at(root, path);
		return (value instanceof Map) ? (Map<String, Object>) value : Map.of();
	}

	@SuppressWarnings("unchecked")
	static List<Map<String, Object>> list(Object root, String path) {
		Object value = at(root, path);
		return (value instanceof List) ? (List<Map<String, Object>>) value : List.of();
	}

	static String string(Object root, String path) {
		Object value = at(root, path);
		return (value != null) ? value.toString() : null;
	}

}
