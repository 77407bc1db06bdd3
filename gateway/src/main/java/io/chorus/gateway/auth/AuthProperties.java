package io.chorus.gateway.auth;

import java.nio.file.Path;
import java.util.List;
import java.util.Set;

import jakarta.validation.Valid;
import jakarta.validation.constraints.NotBlank;
import jakarta.validation.constraints.Pattern;

import org.springframework.boot.context.properties.ConfigurationProperties;
import org.springframework.boot.context.properties.bind.DefaultValue;
import org.springframework.validation.annotation.Validated;

/**
 * API key authentication. Keys are never configured in clear: only their SHA-256 hashes.
 *
 * @param enabled whether requests need an API key; turning it off is logged as a warning at
 * start-up and every request runs as client {@code anonymous}
 * @param keys API keys given inline (for example through {@code CHORUS_GATEWAY_AUTH_KEYS_0_SHA256}
 * environment variables)
 * @param keysFile a file of API keys, one {@code client:sha256hex[:ensemble1,ensemble2]} per line
 * ({@code #} starts a comment), typically a mounted Kubernetes secret; read at start-up
 */
@Validated
@ConfigurationProperties("chorus.gateway.auth")
public record AuthProperties(
		@DefaultValue("true") boolean enabled,
		@DefaultValue @Valid List<Key> keys,
		Path keysFile) {

	public AuthProperties {
		keys = List.copyOf(keys);
	}

	/**
	 * One API key.
	 *
	 * @param client the client name: used in logs, metrics, rate limits and the
	 * {@code X-Chorus-Client} header; several keys may share one (key rotation)
	 * @param sha256 the lowercase or uppercase hex SHA-256 of the key, as printed by
	 * {@code printf %s "$KEY" | sha256sum}
	 * @param ensembles the ensembles (and direct-route ids) this key may call; empty means all
	 */
	public record Key(
			@NotBlank @Pattern(regexp = "[A-Za-z0-9._-]{1,64}") String client,
			@NotBlank @Pattern(regexp = "[0-9a-fA-F]{64}") String sha256,
			@DefaultValue Set<String> ensembles) {

		public Key {
			ensembles = Set.copyOf(ensembles);
		}

	}

}
