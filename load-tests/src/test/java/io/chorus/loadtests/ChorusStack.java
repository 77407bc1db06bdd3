package io.chorus.loadtests;

import java.io.IOException;
import java.net.ServerSocket;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;

import io.chorus.mock.MockServer;

/**
 * What a simulation runs against: the mocks (in this JVM), ensemble-service and the gateway (child processes
 * from their exec jars, on free ports of 127.0.0.1). {@link #close()} stops all three, and a shutdown hook
 * does it too if the simulation dies, so the build never leaves processes behind.
 *
 * <p>The ensemble {@value #ENSEMBLE} takes the mean of the three Iris classifiers' {@code probabilities}:
 * quorum 2 of 3, wait for all, member timeout 1 s, deadline 2 s.
 */
final class ChorusStack implements AutoCloseable {

	static final String ENSEMBLE = "iris-mean";

	static final String API_KEY = "chorus-demo-key";

	static final List<String> MEMBERS = List.of("iris-sepal", "iris-petal", "iris-full");

	private final MockServer mocks;

	private final List<Process> processes = new ArrayList<>();

	private final String gatewayUrl;

	private ChorusStack(MockServer mocks) {
		this.mocks = mocks;
		Runtime.getRuntime().addShutdownHook(new Thread(this::close));
		try {
			Path work = Path.of(System.getProperty("chorus.workDir", "target/chorus-stack"));
			Files.createDirectories(work);
			Path config = work.resolve("ensembles.yml");
			Files.writeString(config, ensembleYaml(mocks.baseUrl()));
			int ensemblePort = freePort();
			int gatewayPort = freePort();
			this.processes.add(java(work.resolve("ensemble-service.log"), jar("chorus.ensembleServiceJar"),
					"--server.address=127.0.0.1", "--server.port=" + ensemblePort, "--management.server.port=0",
					"--spring.config.additional-location=file:" + config.toAbsolutePath()));
			this.processes.add(java(work.resolve("gateway.log"), jar("chorus.gatewayJar"),
					"--server.address=127.0.0.1", "--server.port=" + gatewayPort, "--management.server.port=0",
					"--spring.profiles.active=local",
					"--chorus.gateway.ensemble-service.uri=http://127.0.0.1:" + ensemblePort,
					"--chorus.gateway.rate-limit.enabled=false"));
			this.gatewayUrl = "http://127.0.0.1:" + gatewayPort;
			awaitReady(Duration.ofSeconds(Long.getLong("chorus.startTimeoutSeconds", 180)), work);
		}
		catch (IOException | RuntimeException ex) {
			close();
			throw new IllegalStateException("could not start the stack: " + ex.getMessage(), ex);
		}
	}

	/**
	 * Starts the mocks, ensemble-service and the gateway, and waits until an inference through the gateway
	 * answers 200.
	 * @return the running stack
	 */
	static ChorusStack start() {
		return new ChorusStack(MockServer.startDemo());
	}

	String gatewayUrl() {
		return this.gatewayUrl;
	}

	String mocksAdminUrl() {
		return this.mocks.adminUrl();
	}

	String mocksUrl() {
		return this.mocks.baseUrl();
	}

	@Override
	public synchronized void close() {
		for (Process p : this.processes) {
			p.destroy();
		}
		for (Process p : this.processes) {
			try {
				if (!p.waitFor(20, java.util.concurrent.TimeUnit.SECONDS)) {
					p.destroyForcibly().waitFor(10, java.util.concurrent.TimeUnit.SECONDS);
				}
			}
			catch (InterruptedException ex) {
				p.destroyForcibly();
				Thread.currentThread().interrupt();
			}
		}
		this.processes.clear();
		this.mocks.close();
	}

	private static String ensembleYaml(String mocks) {
		StringBuilder yml = new StringBuilder("""
				chorus:
				  ensembles:
				    %s:
				      deadline: 2s
				      quorum: 2
				      wait-policy: all
				      strategy: mean
				      outputs: [probabilities]
				      members:
				""".formatted(ENSEMBLE));
		for (String member : MEMBERS) {
			yml.append("        - { name: ").append(member).append(", model: ").append(member).append(", replicas: [")
				.append(mocks).append("], timeout: 1s }\n");
		}
		return yml.toString();
	}

	private void awaitReady(Duration timeout, Path work) {
		HttpClient client = HttpClient.newHttpClient();
		HttpRequest probe = HttpRequest.newBuilder(URI.create(this.gatewayUrl + "/v2/models/" + ENSEMBLE + "/infer"))
			.header("Authorization", "Bearer " + API_KEY)
			.header("Content-Type", "application/json")
			.timeout(Duration.ofSeconds(5))
			.POST(HttpRequest.BodyPublishers.ofString(IrisRows.requestBody(0)))
			.build();
		long giveUp = System.nanoTime() + timeout.toNanos();
		String last = "no answer";
		while (System.nanoTime() < giveUp) {
			for (Process p : this.processes) {
				if (!p.isAlive()) {
					throw new IllegalStateException("a child process exited with " + p.exitValue() + "; see " + work);
				}
			}
			try {
				HttpResponse<String> r = client.send(probe, HttpResponse.BodyHandlers.ofString());
				if (r.statusCode() == 200) {
					return;
				}
				last = "HTTP " + r.statusCode() + " " + r.body();
			}
			catch (IOException ex) {
				last = ex.toString();
			}
			catch (InterruptedException ex) {
				Thread.currentThread().interrupt();
				throw new IllegalStateException(ex);
			}
			sleep(500);
		}
		throw new IllegalStateException("not ready after " + timeout + ": " + last + "; logs in " + work);
	}

	private static Process java(Path log, String jar, String... args) throws IOException {
		List<String> command = new ArrayList<>();
		command.add(ProcessHandle.current().info().command().orElse("java"));
		command.addAll(List.of(System.getProperty("chorus.childJvmOptions", "-Xmx512m").trim().split("\\s+")));
		command.addAll(List.of("-jar", jar));
		command.addAll(List.of(args));
		return new ProcessBuilder(command).redirectErrorStream(true)
			.redirectOutput(ProcessBuilder.Redirect.to(log.toFile()))
			.start();
	}

	private static String jar(String property) {
		String jar = System.getProperty(property);
		if (jar == null || !Files.isRegularFile(Path.of(jar))) {
			throw new IllegalStateException(property + " = " + jar
					+ " is not a file: build the jars first (./mvnw -B -DskipTests install)");
		}
		return jar;
	}

	private static int freePort() throws IOException {
		try (ServerSocket socket = new ServerSocket(0)) {
			return socket.getLocalPort();
		}
	}

	private static void sleep(long millis) {
		try {
			Thread.sleep(millis);
		}
		catch (InterruptedException ex) {
			Thread.currentThread().interrupt();
		}
	}

}
