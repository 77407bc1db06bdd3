package io.chorus.gateway.auth;

/**
 * Thrown at start-up when authentication is on but no API key is configured.
 */
final class NoApiKeysConfiguredException extends IllegalStateException {

	static final String MESSAGE = "No API keys configured: set chorus.gateway.auth.keys[n].client/sha256 "
			+ "(or CHORUS_GATEWAY_AUTH_KEYS_0_CLIENT / CHORUS_GATEWAY_AUTH_KEYS_0_SHA256) or "
			+ "chorus.gateway.auth.keys-file, or turn authentication off explicitly with "
			+ "chorus.gateway.auth.enabled=false";

	NoApiKeysConfiguredException() {
		super(MESSAGE);
	}

}
