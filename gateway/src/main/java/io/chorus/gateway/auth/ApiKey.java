package io.chorus.gateway.auth;

import java.util.HexFormat;
import java.util.Set;

/**
 * A configured API key: the SHA-256 of the key, who it belongs to, what it may call.
 */
record ApiKey(String client, byte[] sha256, Set<String> ensembles) {

	ApiKey {
		sha256 = sha256.clone();
		ensembles = Set.copyOf(ensembles);
	}

	static ApiKey of(String client, String sha256Hex, Set<String> ensembles) {
		return new ApiKey(client, HexFormat.of().parseHex(sha256Hex.toLowerCase(java.util.Locale.ROOT)), ensembles);
	}

	boolean mayCall(String ensemble) {
		return this.ensembles.isEmpty() || this.ensembles.contains(ensemble);
	}

}
