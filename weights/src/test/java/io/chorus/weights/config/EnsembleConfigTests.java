package io.chorus.weights.config;

import java.io.IOException;
import java.net.URI;
import java.nio.file.Files;
import java.nio.file.Path;

import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatIllegalArgumentException;

class EnsembleConfigTests {

	static final Path DEMO = Path.of("../ensemble-service/src/main/resources/application-demo.yml");

	@Test
	void readsTheDemoEnsembleWithEnsembleServiceDefaults() {
		EnsembleConfig iris = EnsembleConfig.read(DEMO, "iris");

		assertThat(iris.strategy()).isEqualTo("soft-vote");
		assertThat(iris.outputs()).containsExactly("probabilities");
		assertThat(iris.memberNames()).containsExactly("sepal", "petal", "full");
		MemberConfig sepal = iris.members().get(0);
		assertThat(sepal.model()).isEqualTo("iris-sepal");
		assertThat(sepal.replicas()).containsExactly(URI.create("http://127.0.0.1:9101"));
		assertThat(sepal.protocol()).isEqualTo("v2");
		assertThat(sepal.maxConcurrentCalls()).isEqualTo(10_000);
	}

	@Test
	void matchesKeysTheWaySpringRelaxedBindingDoes(@TempDir Path dir) throws IOException {
		Path yaml = dir.resolve("application.yml");
		Files.writeString(yaml, """
				chorus:
				  ensembles:
				    Price-Model:
				      strategy: weighted-mean
				      members:
				        - name: a
				          replicas: http://a:8080/, http://b:8080
				          maxConcurrentCalls: 4
				          protocol: v1
				          v1_output: value
				          weight: 0.25
				""");

		EnsembleConfig ensemble = EnsembleConfig.read(yaml, "price-model");

		MemberConfig a = ensemble.members().get(0);
		assertThat(a.model()).isEqualTo("a");
		assertThat(a.replicas()).containsExactly(URI.create("http://a:8080"), URI.create("http://b:8080"));
		assertThat(a.maxConcurrentCalls()).isEqualTo(4);
		assertThat(a.v1()).isTrue();
		assertThat(a.v1Output()).isEqualTo("value");
		assertThat(a.weight()).isEqualTo(0.25);
	}

	@Test
	void namesTheKnownEnsemblesWhenOneIsMissing() {
		assertThatIllegalArgumentException().isThrownBy(() -> EnsembleConfig.read(DEMO, "nope"))
			.withMessageContaining("chorus.ensembles.nope")
			.withMessageContaining("iris");
	}

}
