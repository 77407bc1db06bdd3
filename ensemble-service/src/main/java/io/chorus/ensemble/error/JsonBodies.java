package io.chorus.ensemble.error;

import tools.jackson.databind.json.JsonMapper;

/**
 * Serialises small JSON bodies (errors, health, member reports) with one shared mapper.
 */
public final class JsonBodies {

	private static final JsonMapper MAPPER = JsonMapper.builder().build();

	private JsonBodies() {
	}

	/**
	 * Writes a map (or a list of maps) as JSON.
	 * @param body the body
	 * @return the UTF-8 bytes
	 */
	public static byte[] write(Object body) {
		return MAPPER.writeValueAsBytes(body);
	}

}
