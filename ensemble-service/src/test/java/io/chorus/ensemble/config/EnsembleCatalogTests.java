package io.chorus.ensemble.config;

import java.net.URI;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import java.util.Set;

import org.junit.jupiter.api.Test;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

class EnsembleCatalogTests {

	private static final Set<String> STRATEGIES = Set.of("mean", "soft-vote", "first-success");

	@Test
	void acceptsAValidEnsembleAndResolvesMajorityQuorum() {
		EnsembleCatalog catalog = EnsembleCatalog.of(properties(ensemble("majority", "mean",
				member("a", 1, "http://127.0.0.1:1/"), member("b", 2, "http://127.0.0.1:2"),
				member("c", 0, "https://models.example:8443"))), STRATEGIES);
		EnsembleSpec spec = catalog.find("demo").orElseThrow();
		assertThat(spec.quorum()).isEqualTo(2);
		assertThat(spec.members()).extracting(MemberSpec::name).containsExactly("a", "b", "c");
		assertThat(spec.members()).extracting(MemberSpec::order).containsExactly(0, 1, 2);
		assertThat(spec.members().get(0).replicas()).containsExactly(URI.create("http://127.0.0.1:1"));
		assertThat(spec.members().get(0).model()).isEqualTo("a");
		assertThat(spec.members().get(0).v1Output()).isEqualTo("out");
	}

	@Test
	void resolvesAllAndNumericQuorums() {
		assertThat(EnsembleCatalog.of(properties(ensemble("all", "mean", member("a", 1, "http://h:1"),
				member("b", 1, "http://h:2"))), STRATEGIES).find("demo").orElseThrow().quorum()).isEqualTo(2);
		assertThat(EnsembleCatalog.of(properties(ensemble("1", "mean", member("a", 1, "http://h:1"),
				member("b", 1, "http://h:2"))), STRATEGIES).find("demo").orElseThrow().quorum()).isEqualTo(1);
	}

	@Test
	void rejectsUnknownStrategyNamingTheKeyAndTheChoices() {
		assertThatThrownBy(() -> EnsembleCatalog.of(properties(ensemble("1", "avg", member("a", 1, "http://h:1"))),
				STRATEGIES))
			.isInstanceOf(InvalidEnsembleConfigException.class)
			.hasMessageContaining("chorus.ensembles.demo.strategy: unknown strategy 'avg'")
			.hasMessageContaining("first-success, mean, soft-vote");
	}

	@Test
	void rejectsQuorumLargerThanMemberCount() {
		assertThatThrownBy(() -> EnsembleCatalog.of(properties(ensemble("3", "mean", member("a", 1, "http://h:1"),
				member("b", 1, "http://h:2"))), STRATEGIES))
			.hasMessageContaining("chorus.ensembles.demo.quorum: 3 is larger than the member count (2)");
	}

	@Test
	void rejectsNegativeAndAllZeroWeights() {
		assertThatThrownBy(() -> EnsembleCatalog.of(properties(ensemble("1", "mean", member("a", -1, "http://h:1"))),
				STRATEGIES))
			.hasMessageContaining("chorus.ensembles.demo.members[0].weight: must be a finite number >= 0");
		assertThatThrownBy(() -> EnsembleCatalog.of(properties(ensemble("1", "mean", member("a", 0, "http://h:1"),
				member("b", 0, "http://h:2"))), STRATEGIES))
			.hasMessageContaining("chorus.ensembles.demo.members: the weights are all zero");
	}

	@Test
	void rejectsDuplicateMemberNames() {
		assertThatThrownBy(() -> EnsembleCatalog.of(properties(ensemble("1", "mean", member("a", 1, "http://h:1"),
				member("a", 1, "http://h:2"))), STRATEGIES))
			.hasMessageContaining("chorus.ensembles.demo.members[1].name: duplicate member name 'a'");
	}

	@Test
	void rejectsMalformedAndRelativeReplicaUrls() {
		assertThatThrownBy(() -> EnsembleCatalog.of(properties(ensemble("1", "mean", member("a", 1, "ftp://h:1"),
				member("b", 1, "just-a-host"))), STRATEGIES))
			.hasMessageContaining("chorus.ensembles.demo.members[0].replicas[0]: 'ftp://h:1' is not an absolute http(s) URL")
			.hasMessageContaining("chorus.ensembles.demo.members[1].replicas[0]: 'just-a-host'");
	}

	@Test
	void carriesHttp2IntoTheMemberSpecAndDefaultsToHttp11() {
		EnsembleCatalog catalog = EnsembleCatalog.of(properties(ensemble("1", "mean", h2c("a", "http://h:1"),
				member("b", 1, "http://h:2"))), STRATEGIES);
		assertThat(catalog.all().iterator().next().members()).extracting(MemberSpec::http2).containsExactly(true,
				false);
	}

	@Test
	void rejectsHttp2WithAnHttpsReplica() {
		assertThatThrownBy(() -> EnsembleCatalog.of(properties(ensemble("1", "mean", h2c("a", "https://h:1"))),
				STRATEGIES))
			.hasMessageContaining("chorus.ensembles.demo.members[0].replicas[0]: 'https://h:1' is https, but"
					+ " http2: true means HTTP/2 cleartext (h2c)");
	}

	static ChorusProperties.Member h2c(String name, String url) {
		return new ChorusProperties.Member(name, MemberProtocol.V2, null, List.of(URI.create(url)), 1,
				Duration.ofMillis(500), 100, null, breaker(), retry(), false, 1, null, null, null, true);
	}

	@Test
	void rejectsMemberTimeoutLongerThanTheDeadline() {
		ChorusProperties.Member slow = new ChorusProperties.Member("a", MemberProtocol.V2, null,
				List.of(URI.create("http://h:1")), 1, Duration.ofSeconds(5), 100, null, breaker(), retry(), false, 1, null, null, null, false);
		assertThatThrownBy(() -> EnsembleCatalog.of(properties(ensemble("1", "mean", slow)), STRATEGIES))
			.hasMessageContaining("chorus.ensembles.demo.members[0].timeout: 5000ms is longer than the ensemble deadline of 2000ms");
	}

	@Test
	void listsEveryProblemAtOnce() {
		assertThatThrownBy(() -> EnsembleCatalog.of(properties(ensemble("9", "nope", member("a", -1, "x"))), STRATEGIES))
			.isInstanceOfSatisfying(InvalidEnsembleConfigException.class,
					(ex) -> assertThat(ex.problems()).hasSizeGreaterThanOrEqualTo(4));
	}

	@Test
	void aFirstSuccessEnsembleWithoutAQuorumNeedsOneAnswer() {
		EnsembleCatalog byStrategy = EnsembleCatalog.of(properties(ensemble(null, "first-success",
				member("a", 1, "http://h:1"), member("b", 1, "http://h:2"), member("c", 1, "http://h:3"))), STRATEGIES);
		assertThat(byStrategy.find("demo").orElseThrow().quorum()).isEqualTo(1);
		EnsembleCatalog byPolicy = EnsembleCatalog.of(properties(ensemble(null, WaitPolicy.FIRST_SUCCESS, "mean",
				member("a", 1, "http://h:1"), member("b", 1, "http://h:2"), member("c", 1, "http://h:3"))), STRATEGIES);
		assertThat(byPolicy.find("demo").orElseThrow().quorum()).isEqualTo(1);
		EnsembleCatalog plain = EnsembleCatalog.of(properties(ensemble(null, "mean",
				member("a", 1, "http://h:1"), member("b", 1, "http://h:2"), member("c", 1, "http://h:3"))), STRATEGIES);
		assertThat(plain.find("demo").orElseThrow().quorum()).as("majority by default").isEqualTo(2);
	}

	@Test
	void refusesAFirstSuccessEnsembleWhoseQuorumCanNeverBeMet() {
		assertThatThrownBy(() -> EnsembleCatalog.of(properties(ensemble("majority", WaitPolicy.FIRST_SUCCESS, "mean",
				member("a", 1, "http://h:1"), member("b", 1, "http://h:2"), member("c", 1, "http://h:3"))), STRATEGIES))
			.hasMessageContaining("chorus.ensembles.demo.quorum: 2 cannot be met");
	}

	@Test
	void refusesADeadlineTooShortToStartAnyMemberCall() {
		assertThatThrownBy(() -> EnsembleCatalog.of(new ChorusProperties(Map.of("demo", new ChorusProperties.Ensemble(
				Duration.ofMillis(5), "1", WaitPolicy.ALL, Duration.ZERO, "mean", List.of("out"), "label", 0.5, "input",
				"1", List.of(member("a", 1, "http://h:1")), false, null, null)), LIMITS, null, null), STRATEGIES))
			.hasMessageContaining("chorus.ensembles.demo.deadline: 5ms leaves no member call time to start");
	}

	@Test
	void refusesAThresholdOutsideZeroToOne() {
		assertThatThrownBy(() -> EnsembleCatalog.of(new ChorusProperties(Map.of("demo", new ChorusProperties.Ensemble(
				Duration.ofSeconds(1), "1", WaitPolicy.ALL, Duration.ZERO, "soft-vote", List.of("out"), "label", 1.5,
				"input", "1", List.of(member("a", 1, "http://h:1")), false, null, null)), LIMITS, null, null), Set.of("soft-vote")))
			.hasMessageContaining("chorus.ensembles.demo.threshold: must be between 0 and 1");
	}

	@Test
	void keepsShadowsOutOfTheLiveMembersAndTheQuorum() {
		EnsembleSpec spec = EnsembleCatalog.of(properties(ensemble("all", "mean", member("a", 1, "http://h:1"),
				shadow("s", 0.25, "http://h:2"), member("b", 1, "http://h:3"))), STRATEGIES).find("demo").orElseThrow();
		assertThat(spec.members()).extracting(MemberSpec::name).containsExactly("a", "b");
		assertThat(spec.quorum()).isEqualTo(2);
		assertThat(spec.features().shadows()).singleElement().satisfies((shadow) -> {
			assertThat(shadow.member().name()).isEqualTo("s");
			assertThat(shadow.sampleRate()).isEqualTo(0.25);
		});
	}

	@Test
	void refusesShadowsCountedInTheQuorumOrSampledLiveMembers() {
		ChorusProperties.Member sampledLive = new ChorusProperties.Member("b", MemberProtocol.V2, null,
				List.of(URI.create("http://h:1")), 1, Duration.ofMillis(500), 100, null, breaker(), retry(), false, 0.5, null, null, null, false);
		assertThatThrownBy(() -> EnsembleCatalog.of(properties(ensemble("3", "mean", member("a", 1, "http://h:1"),
				shadow("s", 1, "http://h:2"), sampledLive)), STRATEGIES))
			.hasMessageContaining("chorus.ensembles.demo.quorum: 3 is larger than the member count (2)")
			.hasMessageContaining("chorus.ensembles.demo.members[2].sample-rate: only a shadow member");
		assertThatThrownBy(() -> EnsembleCatalog.of(properties(ensemble(null, "mean", shadow("s", 0, "http://h:2"))),
				STRATEGIES))
			.hasMessageContaining("chorus.ensembles.demo.members: every member is a shadow")
			.hasMessageContaining("chorus.ensembles.demo.members[0].sample-rate: must be in (0, 1]");
	}

	@Test
	void validatesCascadeStagesByKey() {
		List<ChorusProperties.Stage> stages = List.of(new ChorusProperties.Stage(List.of("a", "nope"), null, null, null),
				new ChorusProperties.Stage(List.of("a", "b"), "3", 0.9, null));
		assertThatThrownBy(() -> EnsembleCatalog.of(properties(withStages(stages)), STRATEGIES))
			.hasMessageContaining("chorus.ensembles.demo.stages[0].members[1]: 'nope' is not a live member")
			.hasMessageContaining("chorus.ensembles.demo.stages[0]: set min-confidence or min-margin")
			.hasMessageContaining("chorus.ensembles.demo.stages[1]: the last stage answers whatever it gets")
			.hasMessageContaining("chorus.ensembles.demo.stages[1].quorum: 3 is larger than the member count (2)");
	}

	@Test
	void buildsOneEnsemblePerCascadeStage() {
		List<ChorusProperties.Stage> stages = List.of(new ChorusProperties.Stage(List.of("b"), null, 0.9, null),
				new ChorusProperties.Stage(List.of("a", "b"), "all", null, null));
		EnsembleSpec spec = EnsembleCatalog.of(properties(withStages(stages)), STRATEGIES).find("demo").orElseThrow();
		assertThat(spec.features().stages()).hasSize(2);
		assertThat(spec.features().stages().get(0).ensemble().members()).extracting(MemberSpec::name).containsExactly("b");
		assertThat(spec.features().stages().get(0).ensemble().quorum()).isEqualTo(1);
		assertThat(spec.features().stages().get(1).ensemble().quorum()).isEqualTo(2);
		assertThat(spec.features().stages().get(1).last()).isTrue();
	}

	@Test
	void refusesAnEnabledCacheWithoutSizeOrTtl() {
		ChorusProperties.Ensemble base = ensemble("1", "mean", member("a", 1, "http://h:1"));
		ChorusProperties.Ensemble cached = new ChorusProperties.Ensemble(base.deadline(), base.quorum(),
				base.waitPolicy(), base.grace(), base.strategy(), base.outputs(), base.labelOutput(), base.threshold(),
				base.v1Input(), base.version(), base.members(), true,
				new ChorusProperties.Cache(true, 0, Duration.ZERO, false), null);
		assertThatThrownBy(() -> EnsembleCatalog.of(properties(cached), STRATEGIES))
			.hasMessageContaining("chorus.ensembles.demo.cache.max-size: must be at least 1")
			.hasMessageContaining("chorus.ensembles.demo.cache.ttl: must be at least 1ms");
	}

	private static ChorusProperties.Ensemble withStages(List<ChorusProperties.Stage> stages) {
		ChorusProperties.Ensemble base = ensemble(null, "mean", member("a", 1, "http://h:1"), member("b", 1, "http://h:2"));
		return new ChorusProperties.Ensemble(base.deadline(), base.quorum(), base.waitPolicy(), base.grace(),
				base.strategy(), base.outputs(), base.labelOutput(), base.threshold(), base.v1Input(), base.version(),
				base.members(), false, null, stages);
	}

	static ChorusProperties.Member shadow(String name, double sampleRate, String url) {
		return new ChorusProperties.Member(name, MemberProtocol.V2, null, List.of(URI.create(url)), 1,
				Duration.ofMillis(500), 100, null, breaker(), retry(), true, sampleRate, null, null, null, false);
	}

	static final ChorusProperties.Limits LIMITS = new ChorusProperties.Limits(null, 200000, null, Duration.ofMillis(5));

	static ChorusProperties properties(ChorusProperties.Ensemble ensemble) {
		return new ChorusProperties(Map.of("demo", ensemble), LIMITS, null, null);
	}

	static ChorusProperties.Ensemble ensemble(String quorum, String strategy, ChorusProperties.Member... members) {
		return ensemble(quorum, WaitPolicy.ALL, strategy, members);
	}

	static ChorusProperties.Ensemble ensemble(String quorum, WaitPolicy policy, String strategy,
			ChorusProperties.Member... members) {
		return new ChorusProperties.Ensemble(Duration.ofSeconds(2), quorum, policy, Duration.ofMillis(10),
				strategy, List.of("out"), "label", 0.5, "input", "1", List.of(members), false, null, null);
	}

	static ChorusProperties.Member member(String name, double weight, String url) {
		return new ChorusProperties.Member(name, MemberProtocol.V2, null, List.of(URI.create(url)), weight,
				Duration.ofMillis(500), 100, null, breaker(), retry(), false, 1, null, null, null, false);
	}

	static ChorusProperties.CircuitBreaker breaker() {
		return new ChorusProperties.CircuitBreaker(50, 10, 5, Duration.ofSeconds(1), 1);
	}

	static ChorusProperties.Retry retry() {
		return new ChorusProperties.Retry(1, Duration.ofMillis(5), Duration.ofMillis(50), 0.5, 0.1, 5, Duration.ofSeconds(10));
	}

}
