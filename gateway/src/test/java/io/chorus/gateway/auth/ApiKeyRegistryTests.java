package io.chorus.gateway.auth;

import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.Set;

import io.chorus.gateway.support.Hashes;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatIllegalArgumentException;

class ApiKeyRegistryTests {

	@Test
	void findsTheKeyWhoseHashMatches() {
		ApiKeyRegistry registry = new ApiKeyRegistry(List.of(ApiKey.of("a", Hashes.sha256Hex("key-a"), Set.of()),
				ApiKey.of("b", Hashes.sha256Hex("key-b").toUpperCase(), Set.of("fraud"))));
		assertThat(registry.find("key-a")).map(ApiKey::client).contains("a");
		assertThat(registry.find("key-b")).map(ApiKey::client).contains("b");
		assertThat(registry.find("key-c")).isEmpty();
		assertThat(registry.find("")).isEmpty();
	}

	@Test
	void restrictedKeyMayCallOnlyItsEnsembles() {
		ApiKey key = ApiKey.of("b", Hashes.sha256Hex("key-b"), Set.of("fraud"));
		assertThat(key.mayCall("fraud")).isTrue();
		assertThat(key.mayCall("churn")).isFalse();
		assertThat(ApiKey.of("a", Hashes.sha256Hex("key-a"), Set.of()).mayCall("churn")).isTrue();
	}

	@Test
	void parsesKeysFileWithCommentsAndEnsembleLists(@TempDir Path dir) throws Exception {
		Path file = dir.resolve("keys");
		Files.writeString(file, "# rotated monthly\n\nacme:" + Hashes.sha256Hex("k1") + "\n  acme:"
				+ Hashes.sha256Hex("k2") + " \nfraud-team:" + Hashes.sha256Hex("k3") + ":fraud, churn\n");
		List<ApiKey> keys = ApiKeyRegistry.parseKeysFile(file);
		assertThat(keys).extracting(ApiKey::client).containsExactly("acme", "acme", "fraud-team");
		assertThat(keys.get(2).ensembles()).containsExactlyInAnyOrder("fraud", "churn");
	}

	@Test
	void rejectsMalformedLineWithoutEchoingIt(@TempDir Path dir) throws Exception {
		Path file = dir.resolve("keys");
		Files.writeString(file, "acme:plain-text-secret-by-mistake\n");
		assertThatIllegalArgumentException().isThrownBy(() -> ApiKeyRegistry.parseKeysFile(file))
			.withMessageContaining("line 1")
			.withMessageNotContaining("plain-text-secret-by-mistake");
	}

}
