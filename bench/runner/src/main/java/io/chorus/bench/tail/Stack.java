package io.chorus.bench.tail;

import java.io.IOException;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;

import io.chorus.bench.proc.ManagedProcess;

/**
 * The processes of the tail scenarios: two mock-endpoints processes (replica A and replica B, each serving
 * members m0..m4) and one ensemble-service, with the mocks' admin API and the service's Prometheus scrape.
 */
final class Stack implements AutoCloseable {

	static final String A = "http://127.0.0.1:27601";

	static final String B = "http://127.0.0.1:27602";

	static final String ADMIN_A = "http://127.0.0.1:28601";

	static final String ADMIN_B = "http://127.0.0.1:28602";

	static final String SERVICE = "http://127.0.0.1:27680";

	static final String MANAGEMENT = "http://127.0.0.1:27681";

	static final String BODY = "{\"inputs\":[{\"name\":\"features\",\"shape\":[1,4],\"datatype\":\"FP32\","
			+ "\"data\":[5.1,3.5,1.4,0.2]}]}";

	private static final HttpClient HTTP = HttpClient.newBuilder().connectTimeout(Duration.ofSeconds(5)).build();

	private final Path root;

	private final Path logs;

	private final String java;

	private final List<ManagedProcess> mocks = new ArrayList<>();

	private ManagedProcess service;

	Stack(Path root, Path logs, String java) {
		this.root = root;
		this.logs = logs;
		this.java = java;
	}

	void startMocks() throws Exception {
		for (int i = 0; i < 2; i++) {
			int port = 27601 + i;
			StringBuilder yml = new StringBuilder("mock:\n  port: " + port + "\n  admin-port: " + (28601 + i)
					+ "\n  models:\n");
			for (int m = 0; m < 5; m++) {
				yml.append("    - { name: m").append(m).append(", function: iris-sepal }\n");
			}
			Path file = this.logs.resolve("mocks-" + port + ".yml");
			Files.writeString(file, yml);
			this.mocks.add(ManagedProcess.start("mocks-" + port, "1",
					List.of(this.java, "-Xms256m", "-Xmx1g", "-XX:+UseG1GC", "-jar",
							jar("mock-endpoints/target/mock-endpoints-0.1.0-SNAPSHOT-exec.jar"),
							"--spring.config.additional-location=file:" + file),
					Map.of(), this.logs.resolve("mocks-" + port + ".log"), null));
		}
		await(A + "/v2/models/m0/infer");
		await(B + "/v2/models/m0/infer");
	}

	void startService(String yaml, String name) throws Exception {
		stopService();
		Path file = this.logs.resolve(name + ".yml");
		Files.writeString(file, yaml);
		this.service = ManagedProcess.start(name, "0",
				List.of(this.java, "-Xms512m", "-Xmx1g", "-XX:+UseG1GC", "-jar",
						jar("ensemble-service/target/ensemble-service-0.1.0-SNAPSHOT-exec.jar"), "--server.port=27680",
						"--management.server.port=27681", "--spring.config.additional-location=file:" + file),
				Map.of(), this.logs.resolve(name + ".log"), null);
		await(SERVICE + "/v2/models/" + firstEnsemble(yaml) + "/infer");
	}

	private static String firstEnsemble(String yaml) {
		int at = yaml.indexOf("  ensembles:\n") + "  ensembles:\n".length();
		return yaml.substring(at, yaml.indexOf(':', at)).trim();
	}

	void stopService() {
		if (this.service != null) {
			this.service.close();
			this.service = null;
		}
	}

	/** Sets the behaviour of member models on one replica. */
	static void behavior(String admin, List<String> models, String json) throws Exception {
		for (String model : models) {
			HttpResponse<String> response = HTTP.send(HttpRequest.newBuilder(URI.create(admin + "/admin/models/"
					+ model + "/behavior")).header("Content-Type", "application/json")
				.PUT(HttpRequest.BodyPublishers.ofString(json)).build(), HttpResponse.BodyHandlers.ofString());
			if (response.statusCode() != 200) {
				throw new IllegalStateException("behavior of " + model + ": " + response.body());
			}
		}
	}

	/** Sums the samples of a Prometheus metric whose labels contain every given label. */
	static double scrape(String metric, String... labels) throws Exception {
		String text = HTTP.send(HttpRequest.newBuilder(URI.create(MANAGEMENT + "/actuator/prometheus")).build(),
				HttpResponse.BodyHandlers.ofString()).body();
		double sum = 0;
		for (String line : text.split("\n")) {
			if (!line.startsWith(metric + "{") && !line.startsWith(metric + " ")) {
				continue;
			}
			boolean all = true;
			for (String label : labels) {
				all &= line.contains(label);
			}
			if (all) {
				sum += Double.parseDouble(line.substring(line.lastIndexOf(' ') + 1));
			}
		}
		return sum;
	}

	private void await(String url) throws Exception {
		long giveUp = System.nanoTime() + Duration.ofSeconds(180).toNanos();
		while (System.nanoTime() < giveUp) {
			try {
				HttpResponse<String> response = HTTP.send(HttpRequest.newBuilder(URI.create(url))
					.header("Content-Type", "application/json")
					.POST(HttpRequest.BodyPublishers.ofString(BODY)).build(), HttpResponse.BodyHandlers.ofString());
				if (response.statusCode() == 200) {
					return;
				}
			}
			catch (IOException ex) {
				// not up yet
			}
			Thread.sleep(500);
		}
		throw new IllegalStateException(url + " never answered 200; see " + this.logs);
	}

	private String jar(String path) {
		Path jar = this.root.resolve(path);
		if (!Files.isRegularFile(jar)) {
			throw new IllegalStateException("missing " + jar + ": run bench/tail.sh, which builds it");
		}
		return jar.toString();
	}

	@Override
	public void close() {
		stopService();
		this.mocks.forEach(ManagedProcess::close);
	}

}
