package io.chorus.helm;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.yaml.snakeyaml.DumperOptions;
import org.yaml.snakeyaml.Yaml;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

/**
 * The chart's PrometheusRule: its rendered {@code spec.groups}, written to a rules file, pass
 * {@code promtool check rules}, and {@code promtool test rules} (src/test/resources/promtool) shows each
 * alert firing when its condition holds long enough and not firing otherwise.
 */
class PrometheusRuleTests {

	static final Path UNIT_TESTS = HelmChart.MODULE.resolve("src/test/resources/promtool/chorus-alerts-test.yaml");

	static final List<String> ALERTS = List.of("ChorusQuorumLoss", "ChorusMemberBreakerOpen",
			"ChorusEnsembleLatencyNearDeadline", "ChorusRateLimitFailingOpen", "ChorusEnsembleServiceNotReady");

	@TempDir
	Path work;

	@Test
	void theRenderedRulesPassPromtoolCheckAndEachAlertFiresOnlyWhenItsConditionHolds() {
		Promtool promtool = Promtool.find();
		Map<String, Object> rule = rule(HelmChart.template(HelmChart.values("prometheus-rules.yaml")));
		Path rules = writeRules(rule, false);
		Promtool.Result check = promtool.run(this.work, "check", "rules", rules.toString());
		assertThat(check.exitCode()).as(check.output()).isZero();
		// One latency rule per ensemble (fraud-score and churn), one rule for each other alert.
		assertThat(check.output()).contains("SUCCESS: 6 rules found");

		Promtool.Result test = runUnitTests(promtool, rule);
		assertThat(test.exitCode()).as(test.output()).isZero();
		assertThat(test.output()).contains("SUCCESS");
	}

	@Test
	void theUnitTestsFailWhenAThresholdMoves() {
		Promtool promtool = Promtool.find();
		Path values = HelmChart.writeValues("""
				metrics:
				  prometheusRule:
				    quorumLoss: {threshold: 0.2}
				    latency: {deadlineShare: 0.95}
				""");
		Promtool.Result test = runUnitTests(promtool,
				rule(HelmChart.template(HelmChart.values("prometheus-rules.yaml"), values)));
		assertThat(test.exitCode()).as(test.output()).isNotZero();
		assertThat(test.output()).contains("alertname: ChorusQuorumLoss", "alertname: ChorusEnsembleLatencyNearDeadline")
			.doesNotContain("alertname: ChorusMemberBreakerOpen", "alertname: ChorusRateLimitFailingOpen",
					"alertname: ChorusEnsembleServiceNotReady");
	}

	@Test
	void eachEnsembleIsHeldToItsOwnDeadline() {
		Map<String, String> thresholds = new LinkedHashMap<>();
		for (Map<String, Object> alert : alerts(rule(HelmChart.template(HelmChart.values("prometheus-rules.yaml"),
				HelmChart.writeValues("mocks: {enabled: true}\n"))))) {
			if ("ChorusEnsembleLatencyNearDeadline".equals(alert.get("alert"))) {
				String expr = alert.get("expr").toString();
				String ensemble = expr.replaceAll("(?s).*ensemble=\"([^\"]+)\".*", "$1");
				thresholds.put(ensemble, expr.replaceAll("(?s).*>\\s*(\\S+)\\s*$", "$1"));
			}
		}
		// 80% of 800ms, of 2s, and of the demo ensembles' 1s.
		assertThat(thresholds).containsExactlyInAnyOrderEntriesOf(Map.of("fraud-score", "0.64", "churn", "1.6",
				"iris", "0.8", "iris-vote", "0.8", "petal-width", "0.8"));
	}

	@Test
	void followsTheServiceMonitorUnlessSetAndEachAlertCanBeTurnedOff() {
		Path oneKey = HelmChart.values("one-key.yaml");
		assertThat(HelmChart.template(oneKey).ofKind("PrometheusRule")).isEmpty();
		assertThat(HelmChart.template(HelmChart.values("service-monitor.yaml")).ofKind("PrometheusRule")).hasSize(1);
		assertThat(HelmChart.template(HelmChart.values("service-monitor.yaml"),
				HelmChart.writeValues("metrics: {prometheusRule: {enabled: false}}\n")).ofKind("PrometheusRule"))
			.isEmpty();
		Manifests onlyRules = HelmChart.template(oneKey,
				HelmChart.writeValues("metrics: {prometheusRule: {enabled: true, labels: {release: kps}}}\n"));
		assertThat(onlyRules.ofKind("PrometheusRule")).singleElement()
			.satisfies((r) -> assertThat(Yamls.map(r, "metadata.labels")).containsEntry("release", "kps"));

		List<String> names = new ArrayList<>();
		alerts(rule(HelmChart.template(HelmChart.values("service-monitor.yaml")))).forEach((a) -> names.add(a.get("alert").toString()));
		assertThat(names).containsExactlyInAnyOrderElementsOf(List.of("ChorusQuorumLoss", "ChorusMemberBreakerOpen",
				"ChorusRateLimitFailingOpen", "ChorusEnsembleServiceNotReady"));
		for (String key : List.of("quorumLoss", "breakerOpen", "latency", "rateLimitFailOpen", "ensembleServiceNotReady")) {
			Manifests off = HelmChart.template(HelmChart.values("prometheus-rules.yaml"),
					HelmChart.writeValues("metrics: {prometheusRule: {" + key + ": {enabled: false}}}\n"));
			assertThat(alerts(rule(off))).as(key).hasSize((key.equals("latency") ? 4 : 5))
				.allSatisfy((a) -> assertThat(ALERTS).contains(a.get("alert").toString()));
		}
	}

	@Test
	void theSchemaRefusesASharePastOneAndAMisspeltAlert() {
		Path oneKey = HelmChart.values("one-key.yaml");
		assertThatThrownBy(() -> HelmChart.template(oneKey,
				HelmChart.writeValues("metrics: {prometheusRule: {latency: {deadlineShare: 1.5}}}\n")))
			.hasMessageContaining("deadlineShare");
		assertThatThrownBy(() -> HelmChart.template(oneKey,
				HelmChart.writeValues("metrics: {prometheusRule: {quorumLos: {enabled: false}}}\n")))
			.hasMessageContaining("quorumLos");
	}

	private Promtool.Result runUnitTests(Promtool promtool, Map<String, Object> rule) {
		try {
			// promtool compares annotations too when a test names none, so the unit tests run on the rules
			// without annotations; "check rules" above parses the annotations' templates as rendered.
			writeRules(rule, true);
			Path tests = Files.copy(UNIT_TESTS, this.work.resolve("tests.yaml"));
			return promtool.run(this.work, "test", "rules", tests.toString());
		}
		catch (IOException ex) {
			throw new UncheckedIOException(ex);
		}
	}

	private Path writeRules(Map<String, Object> rule, boolean withoutAnnotations) {
		List<Map<String, Object>> groups = new ArrayList<>();
		for (Map<String, Object> group : Yamls.list(rule, "spec.groups")) {
			Map<String, Object> copy = new LinkedHashMap<>(group);
			List<Map<String, Object>> rules = new ArrayList<>();
			for (Map<String, Object> alert : Yamls.list(group, "rules")) {
				Map<String, Object> alertCopy = new LinkedHashMap<>(alert);
				if (withoutAnnotations) {
					alertCopy.remove("annotations");
				}
				rules.add(alertCopy);
			}
			copy.put("rules", rules);
			groups.add(copy);
		}
		DumperOptions options = new DumperOptions();
		options.setDefaultFlowStyle(DumperOptions.FlowStyle.BLOCK);
		try {
			return Files.writeString(this.work.resolve("rules.yaml"), new Yaml(options).dump(Map.of("groups", groups)));
		}
		catch (IOException ex) {
			throw new UncheckedIOException(ex);
		}
	}

	private static Map<String, Object> rule(Manifests manifests) {
		return manifests.get("PrometheusRule", "chorus");
	}

	private static List<Map<String, Object>> alerts(Map<String, Object> rule) {
		List<Map<String, Object>> alerts = new ArrayList<>();
		Yamls.list(rule, "spec.groups").forEach((g) -> alerts.addAll(Yamls.list(g, "rules")));
		return alerts;
	}

}
