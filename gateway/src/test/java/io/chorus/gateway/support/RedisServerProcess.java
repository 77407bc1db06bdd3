package io.chorus.gateway.support;

import java.io.File;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.net.InetSocketAddress;
import java.net.Socket;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.concurrent.TimeUnit;

import org.junit.jupiter.api.Assumptions;

/**
 * A real {@code redis-server} child process on a free loopback port, without persistence.
 * CI installs the Debian package ({@code .ci/run}); where it is missing the test fails under
 * CI and is skipped elsewhere.
 */
public final class RedisServerProcess implements AutoCloseable {

	private final Process process;

	private final int port;

	private RedisServerProcess(Process process, int port) {
		this.process = process;
		this.port = port;
	}

	public static RedisServerProcess start() throws IOException, InterruptedException {
		return start(FreePorts.next());
	}

	/**
	 * Starts redis-server on a given port (again, after {@link #close()}, to end an outage).
	 * @param port the port on 127.0.0.1
	 * @return the running server
	 */
	public static RedisServerProcess start(int port) throws IOException, InterruptedException {
		String binary = find();
		if (binary == null) {
			String message = "redis-server is not installed (apt-get install -y redis-server)";
			if (System.getenv("CI") != null) {
				throw new IllegalStateException(message);
			}
			Assumptions.abort(message);
		}
		Process process = new ProcessBuilder(List.of(binary, "--port", Integer.toString(port), "--bind", "127.0.0.1",
				"--save", "", "--appendonly", "no"))
			.redirectErrorStream(true)
			.redirectOutput(new File(System.getProperty("java.io.tmpdir"), "chorus-gateway-redis-" + port + ".log"))
			.start();
		RedisServerProcess redis = new RedisServerProcess(process, port);
		long deadline = System.nanoTime() + TimeUnit.SECONDS.toNanos(20);
		while (System.nanoTime() < deadline) {
			if (!process.isAlive()) {
				throw new IllegalStateException("redis-server exited with " + process.exitValue());
			}
			try (Socket socket = new Socket()) {
				socket.connect(new InetSocketAddress("127.0.0.1", port), 200);
				return redis;
			}
			catch (IOException notYet) {
				Thread.sleep(100);
			}
		}
		redis.close();
		throw new IllegalStateException("redis-server did not listen on " + port + " within 20 s");
	}

	private static String find() {
		for (String dir : System.getenv().getOrDefault("PATH", "").split(File.pathSeparator)) {
			Path candidate = Path.of(dir, "redis-server");
			if (Files.isExecutable(candidate)) {
				return candidate.toString();
			}
		}
		return Files.isExecutable(Path.of("/usr/bin/redis-server")) ? "/usr/bin/redis-server" : null;
	}

	public int port() {
		return this.port;
	}

	@Override
	public void close() {
		this.process.destroy();
		try {
			if (!this.process.waitFor(10, TimeUnit.SECONDS)) {
				this.process.destroyForcibly().waitFor(10, TimeUnit.SECONDS);
			}
		}
		catch (InterruptedException ex) {
			Thread.currentThread().interrupt();
			throw new UncheckedIOException(new IOException("interrupted while stopping redis-server", ex));
		}
	}

}
