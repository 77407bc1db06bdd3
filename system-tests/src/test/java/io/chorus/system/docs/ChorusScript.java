package io.chorus.system.docs;

import java.io.File;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.TimeUnit;

import io.chorus.system.FreePorts;

/**
 * The {@code ./chorus --no-build} script of the repository root, run as a newcomer runs it but with every port
 * moved to a free one through its environment variables (so it also proves that the demo ensembles follow
 * {@code MOCK_PORT}).
 */
final class ChorusScript implements AutoCloseable {

	/** The ports the docs show, by the script's variable that moves them. */
	static final Map<String, Integer> DOCUMENTED_PORTS = Map.of("GATEWAY_PORT", 8080, "GATEWAY_MANAGEMENT_PORT", 8081,
			"ENSEMBLE_PORT", 9080, "ENSEMBLE_MANAGEMENT_PORT", 9081, "MOCK_PORT", 9101, "MOCK_ADMIN_PORT", 10101);

	private final Map<Integer, Integer> ports = new LinkedHashMap<>();

	private final Map<String, Integer> variables = new LinkedHashMap<>();

	private final Process process;

	private final Path output;

	ChorusScript(Path root) throws IOException, InterruptedException {
		Path work = Files.createDirectories(root.resolve("system-tests/target/chorus-script"));
		this.output = work.resolve("chorus.out");
		ProcessBuilder builder = new ProcessBuilder("bash", "./chorus", "--no-build").directory(root.toFile())
			.redirectErrorStream(true)
			.redirectOutput(this.output.toFile());
		DOCUMENTED_PORTS.forEach((variable, documented) -> {
			int port = FreePorts.next();
			this.variables.put(variable, port);
			this.ports.put(documented, port);
			builder.environment().put(variable, Integer.toString(port));
		});
		builder.environment().put("CHORUS_LOG_DIR", work.resolve("logs").toString());
		// The script runs `java`: the JDK running this test, as on a machine with only that JDK.
		ProcessHandle.current().info().command().map(Path::of).map(Path::getParent).ifPresent((bin) -> builder
			.environment()
			.put("PATH", bin + File.pathSeparator + builder.environment().getOrDefault("PATH", "")));
		this.process = builder.start();
		awaitReady();
	}

	/**
	 * The port of the test stack that stands for a documented port.
	 * @param documented a port the docs show (8080, 10101, …)
	 * @return the test stack's port
	 * @throws IllegalArgumentException for a port ./chorus does not open
	 */
	int port(int documented) {
		Integer port = this.ports.get(documented);
		if (port == null) {
			throw new IllegalArgumentException("port " + documented + " is not one that ./chorus opens " + this.ports.keySet());
		}
		return port;
	}

	/**
	 * The port given to one of the script's variables.
	 * @param variable e.g. {@code GATEWAY_PORT}
	 * @return the port
	 */
	int variable(String variable) {
		return this.variables.get(variable);
	}

	/**
	 * What the script printed so far.
	 * @return its standard output and error
	 */
	String output() {
		try {
			return Files.readString(this.output);
		}
		catch (IOException ex) {
			throw new UncheckedIOException(ex);
		}
	}

	private void awaitReady() throws InterruptedException {
		long deadline = System.nanoTime() + Duration.ofSeconds(300).toNanos();
		while (System.nanoTime() < deadline) {
			String output = output();
			if (output.contains("Press Ctrl-C to stop.")) {
				return;
			}
			if (!this.process.isAlive()) {
				throw new IllegalStateException("./chorus --no-build exited with " + this.process.exitValue()
						+ " (its logs: system-tests/target/chorus-script/logs; missing jars come from "
						+ "./mvnw -DskipTests package):\n" + output);
			}
			Thread.sleep(250);
		}
		throw new IllegalStateException("./chorus did not print 'Press Ctrl-C to stop.' in 300 s:\n" + output());
	}

	/** Stops the script as Ctrl-C does (its trap stops the three processes), then makes sure. */
	@Override
	public void close() throws InterruptedException {
		List<ProcessHandle> children = this.process.descendants().toList();
		this.process.destroy();
		if (!this.process.waitFor(60, TimeUnit.SECONDS)) {
			this.process.destroyForcibly();
		}
		children.stream().filter(ProcessHandle::isAlive).forEach(ProcessHandle::destroyForcibly);
	}

}
