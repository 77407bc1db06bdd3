package io.chorus.helm;

import java.io.File;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;
import java.util.concurrent.TimeUnit;

import org.junit.jupiter.api.Assumptions;

/**
 * The {@code promtool} of Debian's {@code prometheus} package (2.42), found on the PATH. CI installs it
 * (.ci/run); without it the tests fail, unless {@code -Dchorus.prometheus.skip=true} says to skip them.
 */
final class Promtool {

	static final String SKIP_PROPERTY = "chorus.prometheus.skip";

	private final Path binary;

	private Promtool(Path binary) {
		this.binary = binary;
	}

	/**
	 * Finds promtool on the PATH.
	 * @return promtool
	 * @throws AssertionError when it is missing and the skip property is not set
	 */
	static Promtool find() {
		Optional<Path> found = onPath("promtool");
		if (found.isEmpty()) {
			Assumptions.assumeFalse(Boolean.getBoolean(SKIP_PROPERTY),
					"promtool is not on the PATH and -D" + SKIP_PROPERTY + "=true: skipped");
			throw new AssertionError("promtool is not on the PATH: install Debian's prometheus package "
					+ "(apt-get install -y prometheus, as .ci/run does), or skip these tests explicitly with -D"
					+ SKIP_PROPERTY + "=true");
		}
		return new Promtool(found.get());
	}

	static Optional<Path> onPath(String name) {
		for (String directory : System.getenv().getOrDefault("PATH", "").split(File.pathSeparator)) {
			Path candidate = Path.of(directory, name);
			if (Files.isExecutable(candidate)) {
				return Optional.of(candidate);
			}
		}
		return Optional.empty();
	}

	/**
	 * Runs promtool.
	 * @param directory the working directory
	 * @param args the arguments, such as {@code check rules rules.yaml}
	 * @return the exit code and the output (stdout and stderr together)
	 */
	Result run(Path directory, String... args) {
		List<String> command = new ArrayList<>();
		command.add(this.binary.toString());
		command.addAll(List.of(args));
		try {
			Process process = new ProcessBuilder(command).directory(directory.toFile()).redirectErrorStream(true).start();
			String output = new String(process.getInputStream().readAllBytes(), StandardCharsets.UTF_8);
			if (!process.waitFor(60, TimeUnit.SECONDS)) {
				process.destroyForcibly();
				throw new AssertionError("promtool " + String.join(" ", args) + " did not finish in 60 s");
			}
			return new Result(process.exitValue(), output);
		}
		catch (IOException ex) {
			throw new UncheckedIOException(ex);
		}
		catch (InterruptedException ex) {
			Thread.currentThread().interrupt();
			throw new IllegalStateException(ex);
		}
	}

	record Result(int exitCode, String output) {
	}

}
