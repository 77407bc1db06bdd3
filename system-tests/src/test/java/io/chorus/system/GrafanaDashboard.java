package io.chorus.system;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.HashSet;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

import tools.jackson.databind.JsonNode;
import tools.jackson.databind.json.JsonMapper;

/**
 * The chart's Grafana dashboard (helm/chorus/dashboards/chorus.json): its structure checked against what
 * Grafana expects at the schemaVersion it declares, and its queries with the template variables replaced
 * the way Grafana replaces them.
 */
final class GrafanaDashboard {

	/** The schemaVersion the structural checks were written for (Grafana 10.4 / 11 dashboards). */
	static final int SCHEMA_VERSION = 39;

	/** Panel types of Grafana 10 and 11 that hold queries; "graph" and "singlestat" are gone since schema 33+. */
	private static final Set<String> PANEL_TYPES = Set.of("timeseries", "stat", "gauge", "bargauge", "table",
			"heatmap", "piechart", "histogram", "barchart", "state-timeline", "status-history", "text", "row");

	private static final Pattern VARIABLE = Pattern.compile("\\$(?:\\{(\\w+)(?::\\w+)?}|(\\w+))");

	private static final Pattern LABEL_VALUES = Pattern.compile("^label_values\\((.*),\\s*(\\w+)\\s*\\)$");

	private static final Pattern UID = Pattern.compile("^[a-zA-Z0-9_-]{1,40}$");

	final JsonNode json;

	private GrafanaDashboard(JsonNode json) {
		this.json = json;
	}

	static GrafanaDashboard read(Path file) throws IOException {
		return new GrafanaDashboard(JsonMapper.shared().readTree(Files.readString(file)));
	}

	/**
	 * Checks the dashboard against Grafana's dashboard model at {@link #SCHEMA_VERSION}: the top-level fields
	 * Grafana needs to import it (title, uid, schemaVersion, panels, time, templating.list), each template
	 * variable with a name and a type, each panel with a unique integer id, a known type, a title, a gridPos
	 * inside the 24-column grid that overlaps no other panel, a Prometheus datasource that names a
	 * datasource variable, and targets with unique refIds and an expr.
	 * @return every problem found, empty when there is none
	 */
	List<String> problems() {
		List<String> problems = new ArrayList<>();
		if (!this.json.path("schemaVersion").isInt() || this.json.get("schemaVersion").asInt() != SCHEMA_VERSION) {
			problems.add("schemaVersion is " + this.json.path("schemaVersion") + ", these checks are for "
					+ SCHEMA_VERSION + ": review them against Grafana's migration for the new version");
		}
		requireText(this.json, "title", "dashboard", problems);
		if (!UID.matcher(this.json.path("uid").asString("")).matches()) {
			problems.add("uid must be 1 to 40 letters, digits, - or _: " + this.json.path("uid"));
		}
		if (!this.json.path("time").path("from").isString() || !this.json.path("time").path("to").isString()) {
			problems.add("time needs from and to");
		}
		Set<String> datasourceVariables = new HashSet<>();
		Set<String> variableNames = new HashSet<>();
		if (!this.json.path("templating").path("list").isArray()) {
			problems.add("templating.list must be an array");
		}
		for (JsonNode variable : this.json.path("templating").path("list")) {
			requireText(variable, "name", "variable", problems);
			requireText(variable, "type", "variable " + variable.path("name"), problems);
			if (!variableNames.add(variable.path("name").asString(""))) {
				problems.add("variable " + variable.path("name") + " is declared twice");
			}
			if ("datasource".equals(variable.path("type").asString(""))) {
				datasourceVariables.add(variable.path("name").asString());
			}
		}
		if (!this.json.path("panels").isArray() || this.json.get("panels").isEmpty()) {
			problems.add("panels must be a non-empty array");
		}
		Set<Integer> ids = new HashSet<>();
		List<int[]> boxes = new ArrayList<>();
		for (JsonNode panel : this.json.path("panels")) {
			String what = "panel " + panel.path("id") + " (" + panel.path("title").asString("?") + ")";
			if (!panel.path("id").isInt() || !ids.add(panel.get("id").asInt())) {
				problems.add(what + ": id must be an integer unique in the dashboard");
			}
			if (!PANEL_TYPES.contains(panel.path("type").asString(""))) {
				problems.add(what + ": unknown panel type " + panel.path("type"));
			}
			requireText(panel, "title", what, problems);
			JsonNode grid = panel.path("gridPos");
			int x = grid.path("x").asInt(-1);
			int y = grid.path("y").asInt(-1);
			int w = grid.path("w").asInt(-1);
			int h = grid.path("h").asInt(-1);
			if (!grid.path("x").isInt() || !grid.path("y").isInt() || !grid.path("w").isInt() || !grid.path("h").isInt()
					|| x < 0 || y < 0 || w < 1 || h < 1 || x + w > 24) {
				problems.add(what + ": gridPos needs integers x, y >= 0, w, h >= 1 and x + w <= 24: " + grid);
			}
			else {
				for (int[] other : boxes) {
					if (x < other[0] + other[2] && other[0] < x + w && y < other[1] + other[3] && other[1] < y + h) {
						problems.add(what + ": gridPos overlaps panel " + other[4]);
					}
				}
				boxes.add(new int[] { x, y, w, h, panel.path("id").asInt() });
			}
			if ("row".equals(panel.path("type").asString("")) || "text".equals(panel.path("type").asString(""))) {
				continue;
			}
			JsonNode datasource = panel.path("datasource");
			Matcher reference = VARIABLE.matcher(datasource.path("uid").asString(""));
			if (!"prometheus".equals(datasource.path("type").asString(""))
					|| !(reference.matches() && datasourceVariables.contains(name(reference)))) {
				problems.add(what + ": datasource must be of type prometheus with a uid naming a datasource variable "
						+ datasourceVariables + ": " + datasource);
			}
			if (!panel.path("targets").isArray() || panel.get("targets").isEmpty()) {
				problems.add(what + ": targets must be a non-empty array");
			}
			Set<String> refIds = new HashSet<>();
			for (JsonNode target : panel.path("targets")) {
				if (!refIds.add(target.path("refId").asString(""))) {
					problems.add(what + ": refId " + target.path("refId") + " is missing or repeated");
				}
				requireText(target, "expr", what + " target " + target.path("refId"), problems);
			}
		}
		return problems;
	}

	private static void requireText(JsonNode node, String field, String what, List<String> problems) {
		if (!node.path(field).isString() || node.get(field).asString().isBlank()) {
			problems.add(what + ": " + field + " must be a non-empty string");
		}
	}

	/** Every panel target, keyed by "panel id/refId (title)". */
	Map<String, JsonNode> targets() {
		Map<String, JsonNode> targets = new LinkedHashMap<>();
		for (JsonNode panel : this.json.path("panels")) {
			for (JsonNode target : panel.path("targets")) {
				targets.put(panel.path("id").asInt() + "/" + target.path("refId").asString() + " ("
						+ panel.path("title").asString() + ")", target);
			}
		}
		return targets;
	}

	/** The template variables of type query, by name, with their queries. */
	Map<String, String> queryVariables() {
		Map<String, String> variables = new LinkedHashMap<>();
		for (JsonNode variable : this.json.path("templating").path("list")) {
			if ("query".equals(variable.path("type").asString(""))) {
				variables.put(variable.path("name").asString(), variable.path("query").asString());
			}
		}
		return variables;
	}

	/**
	 * Splits Grafana's {@code label_values(selector, label)}, which Grafana sends to Prometheus as
	 * {@code /api/v1/label/<label>/values?match[]=<selector>}.
	 * @param query the variable's query
	 * @return the selector and the label
	 */
	static String[] labelValues(String query) {
		Matcher matcher = LABEL_VALUES.matcher(query.trim());
		if (!matcher.matches()) {
			throw new AssertionError("not a label_values(selector, label) query: " + query);
		}
		return new String[] { matcher.group(1).trim(), matcher.group(2) };
	}

	/**
	 * Replaces template variables as Grafana does before it sends a query: {@code $__rate_interval} and
	 * {@code $__interval} by durations, every other {@code $name} or {@code ${name}} by the variable's
	 * selected value. A variable the dashboard does not declare, and Grafana has no built-in for, fails.
	 * @param expr the query
	 * @param values the selected value of each dashboard variable
	 * @param interval Grafana's {@code $__interval} for the panel
	 * @return the query Prometheus receives
	 */
	static String substitute(String expr, Map<String, String> values, Duration interval) {
		Matcher matcher = VARIABLE.matcher(expr);
		StringBuilder result = new StringBuilder();
		while (matcher.find()) {
			String name = name(matcher);
			String value = switch (name) {
				case "__interval" -> promDuration(interval);
				case "__rate_interval" -> promDuration(rateInterval(interval));
				default -> {
					if (!values.containsKey(name)) {
						throw new AssertionError("unknown template variable $" + name + " in " + expr);
					}
					yield values.get(name);
				}
			};
			matcher.appendReplacement(result, Matcher.quoteReplacement(value));
		}
		matcher.appendTail(result);
		return result.toString();
	}

	/**
	 * Grafana's {@code $__rate_interval}: {@code max($__interval + scrape interval, 4 × scrape interval)},
	 * with the data source's scrape interval set to the test Prometheus's.
	 * @param interval the panel's {@code $__interval}
	 * @return the rate interval
	 */
	static Duration rateInterval(Duration interval) {
		Duration scrape = PrometheusServer.SCRAPE_INTERVAL;
		Duration sum = interval.plus(scrape);
		Duration four = scrape.multipliedBy(4);
		return (sum.compareTo(four) > 0) ? sum : four;
	}

	/**
	 * Grafana's {@code $__interval} for a time range: the range divided by the panel's data points, never
	 * below the data source's scrape interval, rounded up to whole seconds.
	 * @param range the dashboard's time range
	 * @param maxDataPoints the panel's data points (about its width in pixels)
	 * @return the interval
	 */
	static Duration interval(Duration range, int maxDataPoints) {
		long seconds = (range.toMillis() + maxDataPoints * 1000L - 1) / (maxDataPoints * 1000L);
		Duration interval = Duration.ofSeconds(Math.max(1, seconds));
		return (interval.compareTo(PrometheusServer.SCRAPE_INTERVAL) < 0) ? PrometheusServer.SCRAPE_INTERVAL : interval;
	}

	private static String promDuration(Duration duration) {
		return duration.toSeconds() + "s";
	}

	private static String name(Matcher matcher) {
		return (matcher.group(1) != null) ? matcher.group(1) : matcher.group(2);
	}

}
