package io.chorus.gateway.auth;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.Optional;
import java.util.Set;
import java.util.regex.Pattern;

/**
 * The configured API keys, looked up by the SHA-256 of a presented key in constant time.
 */
final class ApiKeyRegistry {

	private static final Pattern CLIENT = Pattern.compile("[A-Za-z0-9._-]{1,64}");

	private static final Pattern SHA256 = Pattern.compile("[0-9a-fA-F]{64}");

	/** One digest per thread: {@code MessageDigest.getInstance} searches the security providers on every call. */
	private static final ThreadLocal<MessageDigest> SHA256_DIGEST = ThreadLocal.withInitial(ApiKeyRegistry::newSha256);

	private final List<ApiKey> keys;

	ApiKeyRegistry(List<ApiKey> keys) {
		this.keys = List.copyOf(keys);
	}

	/**
	 * Loads the inline keys and the keys file. Runs once at start-up, on the main thread.
	 */
	static ApiKeyRegistry load(AuthProperties properties) {
		List<ApiKey> keys = new ArrayList<>();
		for (AuthProperties.Key key : properties.keys()) {
			keys.add(ApiKey.of(key.client(), key.sha256(), key.ensembles()));
		}
		if (properties.keysFile() != null) {
			keys.addAll(parseKeysFile(properties.keysFile()));
		}
		return new ApiKeyRegistry(keys);
	}

	static List<ApiKey> parseKeysFile(Path file) {
		List<String> lines;
		try {
			lines = Files.readAllLines(file, StandardCharsets.UTF_8);
		}
		catch (IOException ex) {
			throw new UncheckedIOException("Cannot read chorus.gateway.auth.keys-file " + file, ex);
		}
		List<ApiKey> keys = new ArrayList<>();
		for (int i = 0; i < lines.size(); i++) {
			String line = lines.get(i).strip();
			if (line.isEmpty() || line.startsWith("#")) {
				continue;
			}
			String[] parts = line.split(":", -1);
			if (parts.length < 2 || parts.length > 3 || !CLIENT.matcher(parts[0].strip()).matches()
					|| !SHA256.matcher(parts[1].strip()).matches()) {
				// The line may hold a secret typed by mistake: name the line, never echo it.
				throw new IllegalArgumentException(file + " line " + (i + 1)
						+ " is not 'client:sha256hex[:ensemble1,ensemble2]'");
			}
			Set<String> ensembles = (parts.length == 3) ? parseEnsembles(parts[2]) : Set.of();
			keys.add(ApiKey.of(parts[0].strip(), parts[1].strip(), ensembles));
		}
		return keys;
	}

	private static Set<String> parseEnsembles(String list) {
		return Arrays.stream(list.split(",")).map(String::strip).filter((s) -> !s.isEmpty())
			.collect(java.util.stream.Collectors.toUnmodifiableSet());
	}

	boolean isEmpty() {
		return this.keys.isEmpty();
	}

	int size() {
		return this.keys.size();
	}

	/**
	 * Finds the key whose hash matches. Compares against every configured hash, so the time taken
	 * does not tell which key (or whether any) matched.
	 * @param presentedKey the key the client sent
	 * @return the matching key
	 */
	Optional<ApiKey> find(String presentedKey) {
		byte[] hash = sha256(presentedKey);
		ApiKey match = null;
		for (ApiKey key : this.keys) {
			if (MessageDigest.isEqual(key.sha256(), hash) && match == null) {
				match = key;
			}
		}
		return Optional.ofNullable(match);
	}

	static byte[] sha256(String value) {
		// digest() resets the digest, so each thread (an event loop, on the request path) reuses its own.
		return SHA256_DIGEST.get().digest(value.getBytes(StandardCharsets.UTF_8));
	}

	private static MessageDigest newSha256() {
		try {
			return MessageDigest.getInstance("SHA-256");
		}
		catch (NoSuchAlgorithmException ex) {
			throw new IllegalStateException("SHA-256 is part of every Java platform", ex);
		}
	}

}
