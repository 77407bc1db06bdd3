package io.chorus.ensemble.config;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.Map;
import java.util.Set;

import org.junit.jupiter.api.Test;

import org.springframework.boot.context.properties.bind.Binder;
import org.springframework.boot.context.properties.source.ConfigurationPropertySources;
import org.springframework.boot.env.YamlPropertySourceLoader;
import org.springframework.core.env.PropertySource;
import org.springframework.core.env.StandardEnvironment;
import org.springframework.core.io.ByteArrayResource;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * The example in docs/ensemble-service.md claims every value it shows is the default, except the ones it
 * names. Binding it with Spring's own binder and comparing it with a configuration that sets only those
 * values keeps the docs and the code's defaults from drifting apart.
 */
class EnsembleDefaultsDocumentationTests {

	private static final Path DOC = Path.of("..", "docs", "ensemble-service.md");

	@Test
	void theDocumentedExampleShowsTheDefaults() throws IOException {
		String doc = Files.readString(DOC);
		int section = doc.indexOf("## Declaring an ensemble");
		int start = doc.indexOf("```yaml\n", section) + "```yaml\n".length();
		String example = doc.substring(start, doc.indexOf("```", start));

		ChorusProperties.Ensemble documented = bind(example).ensembles().get("iris");
		ChorusProperties.Ensemble minimal = bind("""
				chorus:
				  ensembles:
				    iris:
				      strategy: %s
				      outputs: %s
				      members:
				        - name: petal
				          model: iris-petal
				          replicas: [http://h:1]
				%s""".formatted(documented.strategy(), documented.outputs(), others(documented.members().size())))
			.ensembles()
			.get("iris");

		assertThat(documented.members().get(0)).usingRecursiveComparison().ignoringFields("replicas")
			.isEqualTo(minimal.members().get(0));
		// Compared once validated, so "majority" written out equals the quorum left unset.
		assertThat(spec(documented)).usingRecursiveComparison().ignoringFields("members").isEqualTo(spec(minimal));
	}

	/** As many more members as the example has, so that a quorum computed from the count compares equal. */
	private static String others(int members) {
		StringBuilder yaml = new StringBuilder();
		for (int i = 1; i < members; i++) {
			yaml.append("        - { name: m").append(i).append(", replicas: [http://h:1] }\n");
		}
		return yaml.toString();
	}

	private static EnsembleSpec spec(ChorusProperties.Ensemble ensemble) {
		ChorusProperties properties = new ChorusProperties(Map.of("iris", ensemble),
				EnsembleCatalogTests.LIMITS, null, null);
		return EnsembleCatalog.of(properties, Set.of(ensemble.strategy())).find("iris").orElseThrow();
	}

	private static ChorusProperties bind(String yaml) throws IOException {
		List<PropertySource<?>> sources = new YamlPropertySourceLoader()
			.load("doc", new ByteArrayResource(yaml.getBytes(StandardCharsets.UTF_8)));
		StandardEnvironment environment = new StandardEnvironment();
		sources.forEach(environment.getPropertySources()::addFirst);
		return new Binder(ConfigurationPropertySources.get(environment))
			.bindOrCreate("chorus", ChorusProperties.class);
	}

}
