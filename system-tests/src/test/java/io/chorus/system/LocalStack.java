package io.chorus.system;

import java.io.File;
import java.io.IOException;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.time.Duration;
import java.util.ArrayList;
import java.util.HexFormat;
import java.util.List;

import io.chorus.mock.MockServer;

/**
 * The packaged applications as real processes: ensemble-service and the gateway started from their
 * {@code -exec} jars on free ports of 127.0.0.1, in front of an in-process mock model server.
 */
final class LocalStack implements AutoCloseable {

	static final String KEY = "system-test-key";

	final MockServer mock = MockServer.startDemo();

	final int ensemblePort = FreePorts.next();

	final int gatewayPort = FreePorts.next();

	final int ensembleManagementPort = FreePorts.next();

	final int gatewayManagementPort = FreePorts.next();

	private final List<Process> processes = new ArrayList<>();

	private final Path work;

	LocalStack() throws IOException, InterruptedException {
		this(false, List.of(), List.of());
	}

	/**
	 * Starts the stack.
	 * @param demo whether ensemble-service also serves the demo profile's ensembles (iris, iris-vote, ...) on the mock
	 */
	LocalStack(boolean demo) throws IOException, InterruptedException {
		this(demo, List.of(), List.of());
	}

	/**
	 * Starts the stack with more gateway arguments.
	 * @param gatewayArgs extra command-line arguments of the gateway (more keys, limits)
	 */
	LocalStack(List<String> gatewayArgs) throws IOException, InterruptedException {
		this(false, List.of(), gatewayArgs);
	}

	/**
	 * Starts the stack.
	 * @param demo whether ensemble-service also serves the demo profile's ensembles (iris, iris-vote, ...) on the mock
	 * @param common arguments given to ensemble-service and to the gateway (tracing settings, for example)
	 * @param gatewayArgs extra command-line arguments of the gateway (more keys, limits)
	 */
	LocalStack(boolean demo, List<String> common, List<String> gatewayArgs) throws IOException, InterruptedException {
		Path root = Path.of(System.getProperty("chorus.root", ".."));
		String version = System.getProperty("chorus.version", "0.1.0-SNAPSHOT");
		this.work = Files.createDirectories(root.resolve("system-tests/target/stack"));
		Path ensembles = this.work.resolve("application.yml");
		Files.writeString(ensembles, ensemblesYaml(this.mock.baseUrl()));
		start("ensemble-service", common, jar(root, "ensemble-service", version), "--server.address=127.0.0.1",
				"--server.port=" + this.ensemblePort, "--management.server.port=" + this.ensembleManagementPort,
				"--spring.config.additional-location=file:" + this.work + "/",
				demo ? "--spring.profiles.active=demo" : "--spring.profiles.active=default",
				"--chorus.demo.mock-url=" + this.mock.baseUrl());
		List<String> gateway = new ArrayList<>(List.of("--server.address=127.0.0.1", "--server.port=" + this.gatewayPort,
				"--management.server.port=" + this.gatewayManagementPort,
				"--chorus.gateway.ensemble-service.uri=http://127.0.0.1:" + this.ensemblePort,
				"--chorus.gateway.auth.keys[0].client=system-test", "--chorus.gateway.auth.keys[0].sha256=" + sha256(KEY),
				"--chorus.gateway.auth.keys[0].ensembles[0]=e2e"));
		gateway.addAll(gatewayArgs);
		start("gateway", common, jar(root, "gateway", version), gateway.toArray(String[]::new));
		awaitStatus(this.ensembleManagementPort, "/actuator/health/readiness", 200);
		awaitStatus(this.gatewayManagementPort, "/actuator/health/readiness", 200);
	}

	private static String ensemblesYaml(String mock) {
		return """
				chorus:
				  ensembles:
				    e2e:
				      deadline: 3s
				      quorum: 2
				      strategy: soft-vote
				      outputs: [probabilities]
				      v1-input: features
				      members:
				        - { name: sepal, model: iris-sepal, replicas: [%1$s], weight: 0.5, timeout: 2s }
				        - { name: petal, model: iris-petal, replicas: [%1$s], weight: 1.0, timeout: 2s }
				        - { name: full, model: iris-full, replicas: [%1$s], weight: 1.5, timeout: 2s }
				    other:
				      quorum: 1
				      strategy: mean
				      outputs: [prediction]
				      members:
				        - { name: width, model: iris-petal-width, replicas: [%1$s] }
				""".formatted(mock);
	}

	private void start(String name, List<String> common, Path jar, String... args) throws IOException {
		if (!Files.isRegularFile(jar)) {
			throw new IllegalStateException(jar + " is missing: run ./mvnw verify (the jars are built in package)");
		}
		List<String> command = new ArrayList<>();
		command.add(ProcessHandle.current().info().command().orElse("java"));
		command.add("-Xmx256m");
		command.add("-jar");
		command.add(jar.toString());
		command.addAll(List.of(args));
		command.addAll(common);
		File log = this.work.resolve(name + ".log").toFile();
		this.processes.add(new ProcessBuilder(command).redirectErrorStream(true).redirectOutput(log).start());
	}

	private void awaitStatus(int port, String path, int status) throws InterruptedException {
		HttpClient http = HttpClient.newHttpClient();
		long deadline = System.nanoTime() + Duration.ofSeconds(90).toNanos();
		while (System.nanoTime() < deadline) {
			for (Process process : this.processes) {
				if (!process.isAlive()) {
					throw new IllegalStateException("a Chorus process exited early; see " + this.work);
				}
			}
			try {
				HttpResponse<Void> response = http.send(
						HttpRequest.newBuilder(URI.create("http://127.0.0.1:" + port + path)).build(),
						HttpResponse.BodyHandlers.discarding());
				if (response.statusCode() == status) {
					return;
				}
			}
			catch (IOException ex) {
				// not listening yet
			}
			Thread.sleep(250);
		}
		throw new IllegalStateException("port " + port + path + " not ready in 90 s; see " + this.work);
	}

	private static Path jar(Path root, String module, String version) {
		return root.resolve(module).resolve("target").resolve(module + "-" + version + "-exec.jar");
	}

	static String sha256(String key) {
		try {
			return HexFormat.of().formatHex(MessageDigest.getInstance("SHA-256").digest(key.getBytes(StandardCharsets.UTF_8)));
		}
		catch (NoSuchAlgorithmException ex) {
			throw new IllegalStateException(ex);
		}
	}

	@Override
	public void close() throws InterruptedException {
		for (Process process : this.processes) {
			process.destroy();
		}
		for (Process process : this.processes) {
			if (!process.waitFor(30, java.util.concurrent.TimeUnit.SECONDS)) {
				process.destroyForcibly();
			}
		}
		this.mock.close();
	}

}
