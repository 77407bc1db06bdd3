package io.chorus.system;

import java.io.File;
import java.io.IOException;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import java.util.concurrent.TimeUnit;

import tools.jackson.databind.JsonNode;
import tools.jackson.databind.json.JsonMapper;

/**
 * A real Zipkin (the {@code io.zipkin:zipkin-server} exec jar, which the build copies into {@code target/zipkin})
 * started with {@code java -jar} on a free port of 127.0.0.1, with in-memory storage.
 */
final class ZipkinServer implements AutoCloseable {

	private static final HttpClient HTTP = HttpClient.newBuilder().connectTimeout(Duration.ofSeconds(5)).build();

	private static final JsonMapper JSON = JsonMapper.shared();

	private final Process process;

	final int port = FreePorts.next();

	ZipkinServer(Path work) throws IOException, InterruptedException {
		Path jar = Path.of(System.getProperty("chorus.zipkin.jar", "target/zipkin/zipkin-server-3.5.1-exec.jar"));
		if (!Files.isRegularFile(jar)) {
			throw new IllegalStateException(jar + " is missing: the system-tests build copies it (pre-integration-test)");
		}
		Files.createDirectories(work);
		File log = work.resolve("zipkin.log").toFile();
		ProcessBuilder builder = new ProcessBuilder(ProcessHandle.current().info().command().orElse("java"), "-Xmx256m",
				"-jar", jar.toString(), "--server.port=" + this.port, "--server.address=127.0.0.1")
			.redirectErrorStream(true)
			.redirectOutput(log);
		builder.environment().put("STORAGE_TYPE", "mem");
		this.process = builder.start();
		long deadline = System.nanoTime() + Duration.ofSeconds(120).toNanos();
		while (get("/health") == null) {
			if (!this.process.isAlive() || System.nanoTime() > deadline) {
				throw new IllegalStateException("Zipkin did not start; see " + log);
			}
			Thread.sleep(250);
		}
	}

	/** Where the applications send their spans. */
	String spansEndpoint() {
		return "http://127.0.0.1:" + this.port + "/api/v2/spans";
	}

	/**
	 * One trace's spans, as Zipkin's API returns them.
	 * @param traceId the trace id
	 * @return the spans, none when the trace is unknown (yet)
	 */
	List<JsonNode> trace(String traceId) throws InterruptedException {
		String body = get("/api/v2/trace/" + traceId);
		return (body == null) ? List.of() : JSON.readTree(body).valueStream().toList();
	}

	/** The body of a 200 answer, or {@code null} for any other status or when nothing listens. */
	private String get(String path) throws InterruptedException {
		try {
			HttpResponse<String> response = HTTP.send(HttpRequest.newBuilder(URI.create("http://127.0.0.1:" + this.port + path))
				.timeout(Duration.ofSeconds(10))
				.build(), HttpResponse.BodyHandlers.ofString());
			return (response.statusCode() == 200) ? response.body() : null;
		}
		catch (IOException ex) {
			return null;
		}
	}

	@Override
	public void close() throws InterruptedException {
		this.process.destroy();
		if (!this.process.waitFor(30, TimeUnit.SECONDS)) {
			this.process.destroyForcibly();
		}
	}

}
