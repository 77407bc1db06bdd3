package io.chorus.system;

import java.io.File;
import java.io.IOException;
import java.net.URI;
import java.net.URLEncoder;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.time.Instant;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.concurrent.TimeUnit;

import org.junit.jupiter.api.Assumptions;
import tools.jackson.databind.JsonNode;
import tools.jackson.databind.json.JsonMapper;

/**
 * A real Prometheus (the {@code prometheus} binary of Debian's package, 2.42, from the PATH) started as a
 * process on a free port of 127.0.0.1, with its configuration and storage in a fresh directory, scraping
 * the given targets every second. Without the binary the test fails, unless
 * {@code -Dchorus.prometheus.skip=true} says to skip it (CI installs the package: .ci/run).
 */
final class PrometheusServer implements AutoCloseable {

	static final String SKIP_PROPERTY = "chorus.prometheus.skip";

	/** The scrape interval, which is also the Grafana data source's "Scrape interval" the test assumes. */
	static final Duration SCRAPE_INTERVAL = Duration.ofSeconds(1);

	private static final HttpClient HTTP = HttpClient.newBuilder().connectTimeout(Duration.ofSeconds(5)).build();

	private final Process process;

	private final int port;

	private final Path work;

	/**
	 * One scrape job: the target and the labels the job gives its series.
	 * @param name the job name
	 * @param target host:port of the metrics endpoint
	 * @param labels labels added to every series of the target
	 */
	record Job(String name, String target, Map<String, String> labels) {
	}

	private PrometheusServer(Process process, int port, Path work) {
		this.process = process;
		this.port = port;
		this.work = work;
	}

	/**
	 * Starts Prometheus scraping {@code /actuator/prometheus} of each job's target, and waits until it is
	 * ready and every target has been scraped successfully.
	 * @param work the directory for its configuration, storage and log
	 * @param jobs the scrape jobs
	 * @return the running server
	 */
	static PrometheusServer start(Path work, List<Job> jobs) throws IOException, InterruptedException {
		Path binary = binary();
		Files.createDirectories(work);
		StringBuilder config = new StringBuilder("""
				global:
				  scrape_interval: %1$ds
				  scrape_timeout: %1$ds
				  evaluation_interval: %1$ds
				scrape_configs:
				""".formatted(SCRAPE_INTERVAL.toSeconds()));
		for (Job job : jobs) {
			config.append("  - job_name: ").append(job.name()).append('\n')
				.append("    metrics_path: /actuator/prometheus\n")
				.append("    static_configs:\n")
				.append("      - targets: ['").append(job.target()).append("']\n")
				.append("        labels:\n");
			job.labels().forEach((name, value) -> config.append("          ").append(name).append(": '").append(value)
				.append("'\n"));
		}
		Path configFile = Files.writeString(work.resolve("prometheus.yml"), config);
		Path storage = Files.createTempDirectory(work, "data-");
		int port = FreePorts.next();
		Process process = new ProcessBuilder(binary.toString(), "--config.file=" + configFile,
				"--storage.tsdb.path=" + storage, "--web.listen-address=127.0.0.1:" + port)
			.redirectErrorStream(true)
			.redirectOutput(work.resolve("prometheus.log").toFile())
			.start();
		PrometheusServer server = new PrometheusServer(process, port, work);
		try {
			server.awaitReady(jobs.size());
		}
		catch (RuntimeException | InterruptedException ex) {
			server.close();
			throw ex;
		}
		return server;
	}

	/**
	 * The prometheus binary on the PATH.
	 * @return its path
	 * @throws AssertionError when it is missing and the skip property is not set
	 */
	static Path binary() {
		Optional<Path> found = onPath("prometheus");
		if (found.isEmpty()) {
			Assumptions.assumeFalse(Boolean.getBoolean(SKIP_PROPERTY),
					"prometheus is not on the PATH and -D" + SKIP_PROPERTY + "=true: skipped");
			throw new AssertionError("the prometheus binary is not on the PATH: install Debian's prometheus package "
					+ "(apt-get install -y prometheus, as .ci/run does), or skip this test explicitly with -D"
					+ SKIP_PROPERTY + "=true");
		}
		return found.get();
	}

	private static Optional<Path> onPath(String name) {
		for (String directory : System.getenv().getOrDefault("PATH", "").split(File.pathSeparator)) {
			Path candidate = Path.of(directory, name);
			if (Files.isExecutable(candidate)) {
				return Optional.of(candidate);
			}
		}
		return Optional.empty();
	}

	private void awaitReady(int targets) throws InterruptedException {
		long deadline = System.nanoTime() + Duration.ofSeconds(60).toNanos();
		String last = "not started";
		while (System.nanoTime() < deadline) {
			if (!this.process.isAlive()) {
				throw new IllegalStateException("prometheus exited with " + this.process.exitValue() + "; see "
						+ this.work.resolve("prometheus.log"));
			}
			try {
				JsonNode active = get("/api/v1/targets?state=active").get("data").get("activeTargets");
				long up = 0;
				for (JsonNode target : active) {
					up += "up".equals(target.get("health").asString()) ? 1 : 0;
				}
				if (active.size() == targets && up == targets) {
					return;
				}
				last = active.toString();
			}
			catch (IOException | RuntimeException ex) {
				last = ex.toString();
			}
			Thread.sleep(250);
		}
		throw new IllegalStateException("prometheus did not scrape every target in 60 s: " + last + "; see " + this.work);
	}

	/**
	 * Each active target's job, health and last scrape error, for failure messages.
	 * @return one {@code job: health (lastError)} entry per target
	 */
	List<String> targetHealth() throws IOException, InterruptedException {
		List<String> health = new java.util.ArrayList<>();
		for (JsonNode target : get("/api/v1/targets?state=active").get("data").get("activeTargets")) {
			health.add(target.path("labels").path("job").asString() + ": " + target.path("health").asString() + " ("
					+ target.path("lastError").asString() + ")");
		}
		return health;
	}

	/**
	 * Runs an instant query at a given time.
	 * @param promql the expression
	 * @param time the evaluation time
	 * @return the response's {@code data}
	 */
	JsonNode query(String promql, Instant time) throws IOException, InterruptedException {
		return data("/api/v1/query?query=" + encode(promql) + "&time=" + seconds(time));
	}

	/**
	 * Runs a range query, as Grafana's time series panels do.
	 * @param promql the expression
	 * @param start the first evaluation time
	 * @param end the last evaluation time
	 * @param step the resolution
	 * @return the response's {@code data}
	 */
	JsonNode queryRange(String promql, Instant start, Instant end, Duration step) throws IOException, InterruptedException {
		return data("/api/v1/query_range?query=" + encode(promql) + "&start=" + seconds(start) + "&end=" + seconds(end)
				+ "&step=" + step.toMillis() / 1000.0);
	}

	/**
	 * The values of a label on the series a selector matches, as Grafana's {@code label_values(selector, label)}.
	 * @param label the label
	 * @param selector the series selector
	 * @param start the start of the time range
	 * @param end the end of the time range
	 * @return the response's {@code data}
	 */
	JsonNode labelValues(String label, String selector, Instant start, Instant end) throws IOException, InterruptedException {
		return data("/api/v1/label/" + label + "/values?match[]=" + encode(selector) + "&start=" + seconds(start) + "&end="
				+ seconds(end));
	}

	private JsonNode data(String pathAndQuery) throws IOException, InterruptedException {
		JsonNode response = get(pathAndQuery);
		if (!"success".equals(response.get("status").asString())) {
			throw new AssertionError("prometheus refused " + pathAndQuery + ": " + response);
		}
		return response.get("data");
	}

	private JsonNode get(String pathAndQuery) throws IOException, InterruptedException {
		HttpResponse<String> response = HTTP.send(
				HttpRequest.newBuilder(URI.create("http://127.0.0.1:" + this.port + pathAndQuery))
					.timeout(Duration.ofSeconds(10))
					.build(),
				HttpResponse.BodyHandlers.ofString());
		return JsonMapper.shared().readTree(response.body());
	}

	private static String encode(String text) {
		return URLEncoder.encode(text, StandardCharsets.UTF_8);
	}

	private static String seconds(Instant time) {
		return String.valueOf(time.toEpochMilli() / 1000.0);
	}

	@Override
	public void close() throws InterruptedException {
		this.process.destroy();
		if (!this.process.waitFor(20, TimeUnit.SECONDS)) {
			this.process.destroyForcibly();
		}
	}

}
