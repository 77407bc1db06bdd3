package io.chorus.gateway.auth;

import org.junit.jupiter.api.Test;

import org.springframework.http.server.PathContainer;

import static org.assertj.core.api.Assertions.assertThat;

class EnsembleTargetTests {

	@Test
	void findsTheEnsembleOfEveryModelPath() {
		assertThat(target("/v2/models/fraud/infer")).contains("fraud");
		assertThat(target("/v2/models/fraud")).contains("fraud");
		assertThat(target("/v2/models/fraud/versions/2/infer")).contains("fraud");
		assertThat(target("/v1/models/fraud:predict")).contains("fraud");
		assertThat(target("/v1/models/fraud")).contains("fraud");
		assertThat(target("/direct/scorer/v2/models/x/infer")).contains("scorer");
		assertThat(target("/v2/models/fr%61ud/infer")).contains("fraud");
	}

	@Test
	void findsNoEnsembleOnServerWidePaths() {
		assertThat(target("/v2")).isEmpty();
		assertThat(target("/v2/health/ready")).isEmpty();
		assertThat(target("/v2/models")).isEmpty();
	}

	private static java.util.Optional<String> target(String path) {
		return EnsembleTarget.of(PathContainer.parsePath(path));
	}

}
