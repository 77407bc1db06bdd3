package io.chorus.system;

import java.io.IOException;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.file.Path;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.CompletableFuture;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import tools.jackson.databind.JsonNode;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * The chart's Grafana dashboard against a real Prometheus scraping the packaged gateway and ensemble-service.
 *
 * <p>Prometheus scrapes both management ports' {@code /actuator/prometheus} every second. Each job adds the
 * labels the chart's ServiceMonitor gives a scrape in Kubernetes: {@code namespace} (the Prometheus
 * Operator's), {@code service} and {@code job} (the metrics Service's name), and {@code chorus_release} (the
 * ServiceMonitor's relabeling). The test sends successes, degraded answers (a member told to fail through the
 * mock's admin API, which also opens its circuit breaker), quorum losses (a second member failing), refusals
 * without a key and a burst past the rate limit; then it runs every query of the dashboard as Grafana would.
 *
 * <p>Grafana's substitution, reproduced: the dashboard's time range is the traffic's span; {@code $__interval}
 * is that range over 1000 data points, at least the data source's scrape interval (1 s, as this Prometheus);
 * {@code $__rate_interval} is {@code max($__interval + scrape interval, 4 × scrape interval)} (4 s here);
 * {@code $namespace}, {@code $release} and {@code $ensemble} take one concrete value each, the one the
 * variables' own {@code label_values} queries must offer. Panels are time series, so each query runs as a range
 * query over the traffic's span at a step of {@code $__interval}, as Grafana sends it.
 */
class DashboardQueriesSystemTests {

	static final String NAMESPACE = "chorus-system-test";

	static final String RELEASE = "chorus";

	private static final String ROWS = "{\"inputs\":[{\"name\":\"features\",\"shape\":[2,4],\"datatype\":\"FP32\","
			+ "\"data\":[5.1,3.5,1.4,0.2,6.3,2.8,5.1,1.5]}]}";

	private static final Pattern LEGEND_LABEL = Pattern.compile("\\{\\{\\s*(\\w+)\\s*}}");

	private static final HttpClient HTTP = HttpClient.newBuilder().connectTimeout(Duration.ofSeconds(5)).build();

	// HTTP/1.1 only: a client that first tries an h2c upgrade holds the other requests of a burst back.
	private static final HttpClient BURST = HttpClient.newBuilder()
		.version(HttpClient.Version.HTTP_1_1)
		.connectTimeout(Duration.ofSeconds(5))
		.build();

	private static LocalStack stack;

	private static PrometheusServer prometheus;

	private static GrafanaDashboard dashboard;

	private static Instant trafficStart;

	private static Instant trafficEnd;

	private static final Map<Integer, Integer> statuses = new LinkedHashMap<>();

	@BeforeAll
	static void startAndDriveTraffic() throws Exception {
		PrometheusServer.binary();
		Path root = Path.of(System.getProperty("chorus.root", ".."));
		dashboard = GrafanaDashboard.read(root.resolve("helm/chorus/dashboards/chorus.json"));
		// Every request traced: a sampled span attaches an exemplar to the series it records, and the Prometheus
		// of this machine (2.42, Debian 12's) drops a whole scrape whose exemplar sits on a summary's _count: at
		// the default 10 % this failed the gateway's scrapes in some runs only.
		stack = new LocalStack(false, List.of("--management.tracing.sampling.probability=1.0"), List.of());
		prometheus = PrometheusServer.start(root.resolve("system-tests/target/prometheus"),
				List.of(job("gateway", stack.gatewayManagementPort),
						job("ensemble-service", stack.ensembleManagementPort)));
		trafficStart = Instant.now();
		// Each phase lasts several scrapes, so every new series is scraped at least twice while it grows.
		drive(Duration.ofSeconds(4));
		admin("iris-full", "{\"errorRate\": 1.0, \"errorStatus\": 500}");
		drive(Duration.ofSeconds(5));
		admin("iris-petal", "{\"errorRate\": 1.0, \"errorStatus\": 500}");
		drive(Duration.ofSeconds(4));
		admin("iris-full", null);
		admin("iris-petal", null);
		drive(Duration.ofSeconds(3));
		// A slow machine may refill the bucket during one burst; a few more are still cheap.
		for (int i = 0; i < 3 && !statuses.containsKey(429); i++) {
			burst(300);
		}
		drive(Duration.ofSeconds(3));
		// Two more scrapes after the last request.
		Thread.sleep(PrometheusServer.SCRAPE_INTERVAL.multipliedBy(3).toMillis());
		trafficEnd = Instant.now();
	}

	@AfterAll
	static void stop() throws Exception {
		if (prometheus != null) {
			prometheus.close();
		}
		if (stack != null) {
			stack.close();
		}
	}

	@Test
	void theDashboardIsAValidGrafanaDashboardForItsSchemaVersion() {
		assertThat(dashboard.problems()).isEmpty();
	}

	@Test
	void theTrafficCoveredEveryOutcomeTheDashboardShows() {
		// 200 answered, 200 degraded, 503 quorum lost, 401 without a key, 429 past the burst.
		assertThat(statuses).containsKeys(200, 503, 401, 429);
	}

	@Test
	void everyTemplateVariableOffersTheValueTheTestSelects() throws Exception {
		Map<String, String> selected = selectedValues();
		for (Map.Entry<String, String> variable : dashboard.queryVariables().entrySet()) {
			String query = GrafanaDashboard.substitute(variable.getValue(), selected, interval());
			String[] selectorAndLabel = GrafanaDashboard.labelValues(query);
			List<String> offered = new ArrayList<>();
			prometheus.labelValues(selectorAndLabel[1], selectorAndLabel[0], trafficStart, trafficEnd)
				.forEach((v) -> offered.add(v.asString()));
			assertThat(offered).as("$%s: %s", variable.getKey(), query).contains(selected.get(variable.getKey()));
		}
	}

	@Test
	void everyQueryOfTheDashboardReturnsDataWithTheLabelsItsLegendNames() throws Exception {
		Map<String, String> failures = new LinkedHashMap<>();
		Map<String, JsonNode> targets = dashboard.targets();
		assertThat(targets).isNotEmpty();
		for (Map.Entry<String, JsonNode> target : targets.entrySet()) {
			String expr = GrafanaDashboard.substitute(target.getValue().get("expr").asString(), selectedValues(),
					interval());
			String problem = problem(expr, target.getValue().path("legendFormat").asString(""));
			if (problem != null) {
				failures.put(target.getKey(), problem + "\n    query: " + expr);
			}
		}
		assertThat(failures).as("queries without data (scrapes: %s)", failures.isEmpty() ? "" : scrapeHealth())
			.isEmpty();
	}

	/**
	 * Whether Prometheus could scrape each application during the traffic, for the failure message: a query without
	 * data can be a missing series or a target whose scrapes failed (a 1 s scrape timeout on a busy machine).
	 */
	private static String scrapeHealth() {
		Duration range = Duration.between(trafficStart, trafficEnd).plusSeconds(1);
		StringBuilder health = new StringBuilder();
		for (String expr : List.of("count_over_time(up[%ds])", "sum_over_time(up[%ds])",
				"max_over_time(scrape_duration_seconds[%ds])")) {
			try {
				JsonNode result = prometheus.query(String.format(expr, range.toSeconds()), trafficEnd).get("result");
				for (JsonNode series : result) {
					health.append(String.format(expr, range.toSeconds())).append('{')
						.append(series.get("metric").path("job").asString()).append("}=")
						.append(series.get("value").get(1).asString()).append("; ");
				}
			}
			catch (IOException | InterruptedException ex) {
				if (ex instanceof InterruptedException) {
					Thread.currentThread().interrupt();
				}
				health.append(expr).append(": ").append(ex).append("; ");
			}
		}
		try {
			health.append("targets now: ").append(prometheus.targetHealth());
		}
		catch (IOException | InterruptedException ex) {
			if (ex instanceof InterruptedException) {
				Thread.currentThread().interrupt();
			}
			health.append("targets: ").append(ex);
		}
		return health.toString();
	}

	@Test
	void theSeriesAndLabelValuesTheChartsAlertsSelectExist() throws Exception {
		// The selectors of helm/chorus/templates/prometheusrule.yaml that these two applications serve (the
		// rate-limit backend's series need Redis, kube_deployment_* come from kube-state-metrics).
		Duration range = Duration.between(trafficStart, trafficEnd).plusSeconds(1);
		String scope = "namespace=\"" + NAMESPACE + "\", chorus_release=\"" + RELEASE + "\"";
		for (String selector : List.of(
				"chorus_ensemble_requests_seconds_count{" + scope + ", outcome=\"quorum-lost\"}",
				"chorus_ensemble_requests_seconds_bucket{" + scope + ", ensemble=\"e2e\", le=\"+Inf\"}",
				"resilience4j_circuitbreaker_state{" + scope + ", service=\"" + RELEASE
						+ "-ensemble-service-metrics\", state=~\"open|forced_open\", name=\"e2e.full\"}")) {
			JsonNode result = prometheus.query("max_over_time(" + selector + "[" + range.toSeconds() + "s])", trafficEnd)
				.get("result");
			assertThat(result).as(selector).isNotEmpty();
			assertThat(result).as(selector).anySatisfy((s) -> assertThat(s.get("value").get(1).asString()).isNotEqualTo("0"));
		}
	}

	private static String problem(String expr, String legendFormat) throws IOException, InterruptedException {
		// An instant query at the end first: a syntax error or a type error is reported as such.
		prometheus.query(expr, trafficEnd);
		JsonNode data = prometheus.queryRange(expr, trafficStart, trafficEnd, interval());
		List<String> legendLabels = new ArrayList<>();
		Matcher legend = LEGEND_LABEL.matcher(legendFormat);
		while (legend.find()) {
			legendLabels.add(legend.group(1));
		}
		int finite = 0;
		for (JsonNode series : data.get("result")) {
			for (String label : legendLabels) {
				if (!series.get("metric").has(label)) {
					return "legend names {{" + label + "}}, which the series " + series.get("metric") + " lack";
				}
			}
			for (JsonNode point : series.get("values")) {
				double value = Double.parseDouble(point.get(1).asString());
				finite += Double.isFinite(value) ? 1 : 0;
			}
		}
		return (finite > 0) ? null : "no finite value in " + data.get("result").size() + " series";
	}

	private static Map<String, String> selectedValues() {
		return Map.of("namespace", NAMESPACE, "release", RELEASE, "ensemble", "e2e", "datasource", "prometheus");
	}

	private static Duration interval() {
		return GrafanaDashboard.interval(Duration.between(trafficStart, trafficEnd), 1000);
	}

	private static PrometheusServer.Job job(String component, int port) {
		String service = RELEASE + "-" + component + "-metrics";
		return new PrometheusServer.Job(service, "127.0.0.1:" + port,
				Map.of("namespace", NAMESPACE, "chorus_release", RELEASE, "service", service));
	}

	/** Requests every 100 ms for a while: one without a key in ten, the rest with it. */
	private static void drive(Duration duration) throws Exception {
		long end = System.nanoTime() + duration.toNanos();
		for (int i = 0; System.nanoTime() < end; i++) {
			HttpRequest.Builder request = request();
			if (i % 10 != 9) {
				request.header("Authorization", "Bearer " + LocalStack.KEY);
			}
			count(HTTP.send(request.build(), HttpResponse.BodyHandlers.discarding()).statusCode());
			Thread.sleep(100);
		}
	}

	/**
	 * Cheap readiness requests at once, past the default bucket (burst 100, 50 a second): some get 429. Every
	 * public request spends a token, so these need no fan-out.
	 */
	private static void burst(int requests) {
		List<CompletableFuture<HttpResponse<Void>>> responses = new ArrayList<>();
		URI ready = URI.create("http://127.0.0.1:" + stack.gatewayPort + "/v2/models/e2e/ready");
		for (int i = 0; i < requests; i++) {
			responses.add(BURST.sendAsync(HttpRequest.newBuilder(ready).timeout(Duration.ofSeconds(30))
				.header("Authorization", "Bearer " + LocalStack.KEY).build(), HttpResponse.BodyHandlers.discarding()));
		}
		responses.forEach((r) -> count(r.join().statusCode()));
	}

	private static synchronized void count(int status) {
		statuses.merge(status, 1, Integer::sum);
	}

	private static HttpRequest.Builder request() {
		return HttpRequest.newBuilder(URI.create("http://127.0.0.1:" + stack.gatewayPort + "/v2/models/e2e/infer"))
			.timeout(Duration.ofSeconds(30))
			.header("Content-Type", "application/json")
			.POST(HttpRequest.BodyPublishers.ofString(ROWS));
	}

	/** Sets a model's behaviour through the mock's admin API, or restores it when the behaviour is null. */
	private static void admin(String model, String behavior) throws IOException, InterruptedException {
		HttpRequest.Builder request = HttpRequest
			.newBuilder(URI.create(stack.mock.adminUrl() + "/admin/models/" + model + "/behavior"))
			.timeout(Duration.ofSeconds(10));
		request = (behavior != null) ? request.header("Content-Type", "application/json")
			.PUT(HttpRequest.BodyPublishers.ofString(behavior)) : request.DELETE();
		int status = HTTP.send(request.build(), HttpResponse.BodyHandlers.discarding()).statusCode();
		assertThat(status).as("admin API for " + model).isBetween(200, 299);
	}

}
