package io.chorus.protocol;

import java.util.Collections;
import java.util.LinkedHashMap;
import java.util.Map;

/**
 * Immutable copies of protocol parameter maps that keep the order they were written in, so a response's
 * parameters read in the order the server put them.
 */
final class Parameters {

	private Parameters() {
	}

	static Map<String, Object> copy(Map<String, Object> parameters) {
		if (parameters == null || parameters.isEmpty()) {
			return Map.of();
		}
		for (Map.Entry<String, Object> entry : parameters.entrySet()) {
			if (entry.getKey() == null || entry.getValue() == null) {
				throw new IllegalArgumentException("parameter names and values must not be null");
			}
		}
		return Collections.unmodifiableMap(new LinkedHashMap<>(parameters));
	}

}
