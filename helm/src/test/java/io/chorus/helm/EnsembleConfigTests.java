package io.chorus.helm;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.stream.Stream;

import io.chorus.ensemble.aggregate.AggregatorConfiguration;
import io.chorus.ensemble.aggregate.AggregatorRegistry;
import io.chorus.ensemble.config.ChorusProperties;
import io.chorus.ensemble.config.EnsembleCatalog;
import io.chorus.ensemble.config.InvalidEnsembleConfigException;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.MethodSource;

import org.springframework.boot.context.properties.bind.Binder;
import org.springframework.boot.context.properties.source.ConfigurationPropertySources;
import org.springframework.boot.env.YamlPropertySourceLoader;
import org.springframework.context.annotation.AnnotationConfigApplicationContext;
import org.springframework.core.env.StandardEnvironment;
import org.springframework.core.io.ByteArrayResource;
import org.springframework.core.io.ClassPathResource;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

/**
 * Feeds the ensemble-service configuration the chart renders to ensemble-service's own validation: the same
 * property binding and {@link EnsembleCatalog} checks the service runs at start-up.
 */
class EnsembleConfigTests {

	static Stream<String> valueSets() {
		return Stream.of("one-key.yaml", "minimal.yaml", "load-test-mocks.yaml", "production.yaml", "existing-secret.yaml",
				"ingress.yaml");
	}

	@ParameterizedTest
	@MethodSource("valueSets")
	void renderedEnsemblesPassEnsembleServiceValidation(String valueSet) {
		Manifests manifests = RenderedManifestsTests.render(valueSet);
		EnsembleCatalog catalog = validate(RenderedManifestsTests.configFile(manifests, "ensemble-service"));
		Map<String, Object> values = valueSet.isEmpty() ? Map.of() : HelmChart.load(HelmChart.values(valueSet));
		Set<String> expected = new java.util.TreeSet<>(Yamls.map(values, "ensembles").keySet());
		if (Boolean.TRUE.equals(Yamls.at(values, "mocks.enabled"))) {
			expected.addAll(List.of("iris", "iris-vote", "petal-width"));
		}
		assertThat(catalog.all()).extracting((e) -> e.name()).containsExactlyInAnyOrderElementsOf(expected);
	}

	@Test
	void aDottedEnsembleNameIsRenderedInBracketsSoTheServiceBindsItWhole() {
		Manifests manifests = HelmChart.template(HelmChart.writeValues("""
				apiKeys:
				  keys:
				    - {client: team-a, sha256: 3f2a9c4e1b7d5a8f0c6e2b9d4a7f1c3e5b8d0a2f4c6e8b1d3f5a7c9e0b2d4f6a}
				ensembles:
				  fraud.v2:
				    strategy: mean
				    outputs: [score]
				    members:
				      - {name: gbm, replicas: ["http://gbm:8080"]}
				"""));
		EnsembleCatalog catalog = validate(RenderedManifestsTests.configFile(manifests, "ensemble-service"));
		assertThat(catalog.find("fraud.v2")).isPresent();
	}

	@Test
	void everyEnsembleFeatureTheServiceHasIsAValueTheSchemaAcceptsAndTheServiceValidates() {
		Manifests manifests = HelmChart.template(HelmChart.writeValues("""
				apiKeys:
				  keys:
				    - {client: team-a, sha256: 3f2a9c4e1b7d5a8f0c6e2b9d4a7f1c3e5b8d0a2f4c6e8b1d3f5a7c9e0b2d4f6a}
				ensembles:
				  fraud:
				    strategy: soft-vote
				    outputs: [probabilities]
				    threshold: 0.6
				    coalesce: true
				    cache: {enabled: true, maxSize: 1000, ttl: 30s, degraded: false}
				    stages:
				      - {members: [cheap], minConfidence: 0.9}
				      - {members: [cheap, big], quorum: all}
				    members:
				      - name: cheap
				        replicas: ["http://cheap:8080", "http://cheap-1:8080"]
				        hedge: {delay: p95, maxExtraLoad: 5%, minDelay: 2ms, maxDelay: 200ms, window: 10s}
				        loadBalancer: p2c-ewma
				        outlierEjection: {consecutiveFailures: 5, baseEjectionTime: 30s, maxEjectionPercent: 50}
				        retry: {budgetWindow: 10s}
				      - {name: big, replicas: ["http://big:8080"], loadBalancer: round-robin}
				      - {name: candidate, replicas: ["http://candidate:8080"], shadow: true, sampleRate: 0.25}
				"""));
		EnsembleCatalog catalog = validate(RenderedManifestsTests.configFile(manifests, "ensemble-service"));
		assertThat(catalog.find("fraud")).hasValueSatisfying((fraud) -> assertThat(fraud.threshold()).isEqualTo(0.6));
	}

	@Test
	void http2IsAMemberValueTheSchemaChecksAndTheServiceBinds() {
		String values = """
				apiKeys:
				  keys:
				    - {client: team-a, sha256: 3f2a9c4e1b7d5a8f0c6e2b9d4a7f1c3e5b8d0a2f4c6e8b1d3f5a7c9e0b2d4f6a}
				ensembles:
				  fraud:
				    strategy: mean
				    outputs: [score]
				    members:
				      - {name: gbm, replicas: ["http://gbm:8080"], http2: %s}
				      - {name: old, replicas: ["http://old:8080"]}
				""";
		Manifests manifests = HelmChart.template(HelmChart.writeValues(values.formatted("true")));
		EnsembleCatalog catalog = validate(RenderedManifestsTests.configFile(manifests, "ensemble-service"));
		assertThat(catalog.find("fraud").orElseThrow().members()).extracting((m) -> m.http2())
			.containsExactly(true, false);
		assertThatThrownBy(() -> HelmChart.template(HelmChart.writeValues(values.formatted("\"yes\""))))
			.hasMessageContaining("http2");
	}

	@Test
	void theAdmissionLimitIsAValueRenderedForTheService() {
		Manifests manifests = HelmChart.template(HelmChart.values("one-key.yaml"), HelmChart.writeValues(
				"ensembleService:\n  admission: {enabled: true, algorithm: vegas, maxLimit: 200}\n"));
		Map<String, Object> config = new org.yaml.snakeyaml.Yaml()
			.load(RenderedManifestsTests.configFile(manifests, "ensemble-service"));
		assertThat(Yamls.at(config, "chorus.admission.enabled")).isEqualTo(true);
		assertThat(Yamls.at(config, "chorus.admission.algorithm")).isEqualTo("vegas");
		assertThat(Yamls.at(config, "chorus.admission.max-limit")).isEqualTo(200);
		assertThat(Yamls.at(config, "chorus.admission.retry-after")).isEqualTo("1s");
		assertThatThrownBy(() -> HelmChart.template(HelmChart.values("one-key.yaml"),
				HelmChart.writeValues("ensembleService:\n  admission: {algorithm: aimd}\n")))
			.hasMessageContaining("algorithm");
	}

	@Test
	void theConsoleIsOnByDefaultAndAValueTurnsItOff() {
		Map<String, Object> defaults = new org.yaml.snakeyaml.Yaml().load(RenderedManifestsTests.configFile(
				HelmChart.template(HelmChart.values("one-key.yaml")), "ensemble-service"));
		assertThat(Yamls.at(defaults, "chorus.console.enabled")).isEqualTo(true);
		Map<String, Object> off = new org.yaml.snakeyaml.Yaml().load(RenderedManifestsTests.configFile(
				HelmChart.template(HelmChart.values("one-key.yaml"),
						HelmChart.writeValues("ensembleService:\n  console: {enabled: false}\n")),
				"ensemble-service"));
		assertThat(Yamls.at(off, "chorus.console.enabled")).isEqualTo(false);
		assertThat(HelmChart.notes(HelmChart.values("one-key.yaml"))).contains("port-forward deployment/",
				"9081:9081", "http://127.0.0.1:9081/console");
		assertThat(HelmChart.notes(HelmChart.values("one-key.yaml"),
				HelmChart.writeValues("ensembleService:\n  console: {enabled: false}\n"))).doesNotContain("/console");
		assertThatThrownBy(() -> HelmChart.template(HelmChart.values("one-key.yaml"),
				HelmChart.writeValues("ensembleService:\n  console: {enabled: \"no\"}\n")))
			.hasMessageContaining("enabled");
	}

	@Test
	void reloadInPlaceWatchesTheMountedConfigMapInsteadOfRollingThePods() {
		String key = """
				apiKeys:
				  keys:
				    - {client: team-a, sha256: 3f2a9c4e1b7d5a8f0c6e2b9d4a7f1c3e5b8d0a2f4c6e8b1d3f5a7c9e0b2d4f6a}
				""";
		Manifests restart = HelmChart.template(HelmChart.writeValues(key));
		assertThat(Yamls.map(restart.get("Deployment", "chorus-ensemble-service"), "spec.template.metadata.annotations"))
			.containsKey("checksum/config");
		assertThat(RenderedManifestsTests.configFile(restart, "ensemble-service")).doesNotContain("reload");

		Manifests inPlace = HelmChart.template(HelmChart.writeValues(key + "ensembleService: {configReload: inPlace}\n"));
		Map<String, Object> annotations = Yamls.map(inPlace.get("Deployment", "chorus-ensemble-service"),
				"spec.template.metadata");
		Object podAnnotations = annotations.get("annotations");
		assertThat((podAnnotations instanceof Map<?, ?> map) && map.containsKey("checksum/config"))
			.as("no checksum to roll the pods").isFalse();
		assertThat(RenderedManifestsTests.configFile(inPlace, "ensemble-service")).contains("/etc/chorus/config")
			.contains("poll-interval: 10s");
		assertThatThrownBy(() -> HelmChart.template(HelmChart.writeValues(key + "ensembleService: {configReload: hot}\n")))
			.hasMessageContaining("configReload");
	}

	@Test
	void camelCaseValuesBindToTheServicesKebabCaseProperties() {
		Manifests manifests = HelmChart.template(HelmChart.values("production.yaml"));
		EnsembleCatalog catalog = validate(RenderedManifestsTests.configFile(manifests, "ensemble-service"));
		var churn = catalog.find("churn").orElseThrow();
		assertThat(churn.waitPolicy().name()).isEqualTo("QUORUM_GRACE");
		assertThat(churn.quorum()).isEqualTo(2);
		var xgb = churn.members().get(0);
		assertThat(xgb.maxConcurrentCalls()).isEqualTo(2000);
		assertThat(xgb.replicas()).hasSize(2);
		assertThat(xgb.circuitBreaker().slidingWindowSize()).isEqualTo(50);
		assertThat(xgb.circuitBreaker().waitDurationInOpenState()).hasSeconds(15);
		var legacy = churn.members().get(2);
		assertThat(legacy.protocol().name()).isEqualTo("V1");
		assertThat(legacy.retry().maxRetries()).isZero();
	}

	@Test
	void aQuorumLargerThanTheMembersFailsAtTemplateTime() {
		assertThatThrownBy(() -> HelmChart.template(HelmChart.values("bad-quorum.yaml")))
			.hasMessageContaining("ensembles.too-few.quorum: 3 is larger than the member count (2)");
		// helm lint turns template fail() into a log line, so lint alone would pass; the service agrees with
		// the template check when handed the same ensembles directly.
		Map<String, Object> ensembles = Yamls.map(HelmChart.load(HelmChart.values("bad-quorum.yaml")), "ensembles");
		String config = new org.yaml.snakeyaml.Yaml().dump(Map.of("chorus", Map.of("ensembles", ensembles)));
		assertThatThrownBy(() -> validate(config)).isInstanceOf(InvalidEnsembleConfigException.class)
			.hasMessageContaining("chorus.ensembles.too-few.quorum: 3 is larger than the member count (2)");
	}

	@Test
	void problemsOnlyTheServiceKnowsAreReportedByItsValidationWithTheirKeys() {
		Manifests manifests = HelmChart.template(HelmChart.values("bad-timeout.yaml"));
		String config = RenderedManifestsTests.configFile(manifests, "ensemble-service");
		assertThatThrownBy(() -> validate(config)).isInstanceOf(InvalidEnsembleConfigException.class)
			.hasMessageContaining("chorus.ensembles.slow.strategy: unknown strategy 'weighted-median'")
			.hasMessageContaining("chorus.ensembles.slow.members[0].timeout: 2000ms is longer than the ensemble deadline of 500ms");
	}

	@Test
	void theServiceJarServesNoEnsemblesOfItsOwn() throws IOException {
		// The chart adds its file with spring.config.additional-location, which merges maps: ensembles in the
		// jar's application.yml would be served next to the chart's.
		var sources = new YamlPropertySourceLoader().load("jar", new ClassPathResource("application.yml"));
		assertThat(sources).isNotEmpty();
		for (var source : sources) {
			assertThat(((Map<?, ?>) source.getSource()).keySet())
				.noneMatch((key) -> key.toString().startsWith("chorus.ensembles"));
		}
	}

	@Test
	void theRenderedPortsAreTheContainerPortsTheProbesUse() {
		Manifests manifests = HelmChart.template(HelmChart.values("load-test-mocks.yaml"));
		for (String component : List.of("gateway", "ensemble-service")) {
			Map<String, Object> config = new org.yaml.snakeyaml.Yaml()
				.load(RenderedManifestsTests.configFile(manifests, component));
			Map<String, Object> container = Yamls.list(manifests.get("Deployment", "chorus-" + component),
					"spec.template.spec.containers").get(0);
			Map<Object, Object> ports = new java.util.HashMap<>();
			Yamls.list(container, "ports").forEach((p) -> ports.put(p.get("name"), p.get("containerPort")));
			assertThat(ports.get("http")).as(component).isEqualTo(Yamls.at(config, "server.port"));
			assertThat(ports.get("management")).as(component).isEqualTo(Yamls.at(config, "management.server.port"));
		}
		Map<String, Object> mocks = new org.yaml.snakeyaml.Yaml()
			.load(RenderedManifestsTests.data(manifests.get("ConfigMap", "chorus-mocks"), "mocks.yml"));
		Map<String, Object> container = Yamls.list(manifests.get("Deployment", "chorus-mocks"),
				"spec.template.spec.containers").get(0);
		assertThat(Yamls.list(container, "ports")).extracting((p) -> p.get("containerPort"))
			.containsExactly(Yamls.at(mocks, "mock.port"), Yamls.at(mocks, "mock.admin-port"));
	}

	/** Binds the file the way the service does and runs its catalog validation. */
	static EnsembleCatalog validate(String yaml) {
		try {
			StandardEnvironment environment = new StandardEnvironment();
			new YamlPropertySourceLoader()
				.load("ensemble-service.yml", new ByteArrayResource(yaml.getBytes(StandardCharsets.UTF_8)))
				.forEach(environment.getPropertySources()::addLast);
			ChorusProperties properties = new Binder(ConfigurationPropertySources.get(environment))
				.bindOrCreate("chorus", ChorusProperties.class);
			return EnsembleCatalog.of(properties, strategies(), environment);
		}
		catch (IOException ex) {
			throw new UncheckedIOException(ex);
		}
	}

	/** The strategy names from the service's own registration of its built-in aggregators. */
	static Set<String> strategies() {
		try (var context = new AnnotationConfigApplicationContext(AggregatorConfiguration.class)) {
			return Set.copyOf(context.getBean(AggregatorRegistry.class).names());
		}
	}

}
