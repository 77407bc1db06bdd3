package io.chorus.helm;

import java.io.IOException;
import java.io.InputStream;
import java.net.ServerSocket;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.file.FileSystems;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.PathMatcher;
import java.nio.file.StandardCopyOption;
import java.nio.file.Paths;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;
import java.util.concurrent.TimeUnit;
import java.util.jar.JarFile;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import java.util.stream.Stream;

import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * Checks what can be checked of the Dockerfiles without a Docker engine: the jar they copy exists and is a
 * layered Spring Boot jar of the right application, the layers they copy are the jar's layers in its order,
 * the extraction command works and gives an extracted jar whose class path is in the layers, the training run
 * writes the AOT cache the entrypoint reads, the entrypoint is exec form, the user is numeric and not root, and
 * the merged layout, trained with the Dockerfile's own command, starts with the entrypoint's exact command and
 * uses its cache (on a JDK 25, the images' JDK, when this machine has one).
 */
class ContainerImageTests {

	static final Path ROOT = HelmChart.MODULE.getParent();

	static final String LAUNCHER = "org.springframework.boot.loader.launch.JarLauncher";

	static final String CACHE = "application.aot";

	/** The entrypoint: the extracted jar (its manifest's Class-Path names lib/) with the training run's cache. */
	static final List<String> ENTRYPOINT = List.of("java", "-XX:AOTCache=" + CACHE, "-jar", "application.jar");

	@ParameterizedTest
	@CsvSource({ "gateway, io.chorus.gateway.GatewayApplication", "ensemble-service, io.chorus.ensemble.EnsembleServiceApplication",
			"mock-endpoints, io.chorus.mock.MockEndpointsApplication" })
	void dockerfileCopiesTheLayersOfTheApplicationsLayeredJar(String module, String mainClass, @TempDir Path work)
			throws Exception {
		Dockerfile dockerfile = Dockerfile.read(ROOT.resolve(module).resolve("Dockerfile"));
		assertThat(dockerfile.froms()).as("multi-stage").hasSize(2);
		assertThat(dockerfile.froms()).allMatch((image) -> image.matches("eclipse-temurin:25-jre(-\\w+)?( AS \\w+)?"));
		Path jar = dockerfile.jar(ROOT);
		try (JarFile jarFile = new JarFile(jar.toFile())) {
			assertThat(jarFile.getManifest().getMainAttributes().getValue("Start-Class")).isEqualTo(mainClass);
			assertThat(jarFile.getManifest().getMainAttributes().getValue("Main-Class")).isEqualTo(LAUNCHER);
		}
		List<String> layers = run(work, "java", "-Djarmode=tools", "-jar", jar.toString(), "list-layers");
		assertThat(dockerfile.copiedLayers()).containsExactlyElementsOf(layers);
		assertThat(dockerfile.extractCommand()).containsExactly("java", "-Djarmode=tools", "-jar", "application.jar",
				"extract", "--layers", "--destination", "extracted");
		Path extracted = extract(jar, work);
		for (String layer : layers) {
			assertThat(extracted.resolve(layer)).isDirectory();
		}
		assertThat(dockerfile.entrypoint()).containsExactlyElementsOf(ENTRYPOINT);
		Path application = extracted.resolve("application/application.jar");
		try (JarFile jarFile = new JarFile(application.toFile())) {
			String classPath = jarFile.getManifest().getMainAttributes().getValue("Class-Path");
			assertThat(classPath.split(" ")).as("the extracted jar's class path is in the copied layers")
				.allSatisfy((entry) -> assertThat(layers).anySatisfy(
						(layer) -> assertThat(extracted.resolve(layer).resolve(entry)).isRegularFile()));
		}
		// The gateway's training run runs its warm-up (loopback to an in-process stand-in) and exits; the others
		// have nothing to warm up against in an image build and stop at context refresh.
		List<String> training = dockerfile.trainingCommand();
		assertThat(training).as("the training run writes the cache the image copies")
			.startsWith("java", "-XX:AOTCacheOutput=/layers/" + CACHE)
			.containsSubsequence("-jar", "application.jar");
		if (module.equals("gateway")) {
			assertThat(training).as("the gateway's training run ends after its warm-up")
				.contains("--chorus.gateway.warmup.exit-when-done=true")
				.doesNotContain("-Dspring.context.exit=onRefresh");
		}
		else {
			assertThat(training).as("the training run ends at context refresh").contains("-Dspring.context.exit=onRefresh");
		}
		assertThat(dockerfile.lines()).contains("COPY --from=layers /layers/" + CACHE + " ./");
		assertThat(dockerfile.user()).matches("[1-9][0-9]*(:[1-9][0-9]*)?");
		Object chartUser = Yamls.at(HelmChart.load(HelmChart.CHART.resolve("values.yaml")), "podSecurityContext.runAsUser");
		assertThat(dockerfile.user()).as("the chart's runAsUser").startsWith(chartUser + ":");
	}

	@Test
	void theTrainedLayoutStartsWithTheEntrypointCommandAndUsesItsCache(@TempDir Path work) throws Exception {
		Dockerfile dockerfile = Dockerfile.read(ROOT.resolve("mock-endpoints/Dockerfile"));
		Path app = Files.createDirectories(work.resolve("app"));
		Path extracted = extract(dockerfile.jar(ROOT), work);
		// The image's COPY steps merge the layers into one working directory, keeping the files' times (which
		// the cache checks), as the training stage's cp -a does.
		for (String layer : dockerfile.copiedLayers()) {
			copyTree(extracted.resolve(layer), app);
		}
		Optional<String> jdk25 = jdk25();
		List<String> entrypoint = new ArrayList<>(dockerfile.entrypoint());
		if (jdk25.isPresent()) {
			List<String> training = new ArrayList<>(dockerfile.trainingCommand());
			training.set(0, jdk25.get());
			training.replaceAll((part) -> part.replace("/layers/" + CACHE, CACHE));
			training.addAll(List.of("--mock.port=" + freePort(), "--mock.admin-port=" + freePort()));
			run(app, training.toArray(String[]::new));
			assertThat(app.resolve(CACHE)).isRegularFile();
			entrypoint.set(0, jdk25.get());
		}
		else {
			// JDK 17 has no AOT cache option: the layout alone is checked (this machine has no JDK 25).
			entrypoint.removeIf((part) -> part.startsWith("-XX:AOTCache="));
		}
		int port = freePort();
		int adminPort = freePort();
		List<String> command = new ArrayList<>(entrypoint);
		command.add("--mock.port=" + port);
		command.add("--mock.admin-port=" + adminPort);
		Process process = new ProcessBuilder(command).directory(app.toFile())
			.redirectErrorStream(true).redirectOutput(work.resolve("out.log").toFile()).start();
		try {
			HttpClient client = HttpClient.newHttpClient();
			Instant deadline = Instant.now().plus(Duration.ofSeconds(60));
			String body = null;
			while (body == null && Instant.now().isBefore(deadline) && process.isAlive()) {
				try {
					body = client.send(HttpRequest.newBuilder(URI.create("http://127.0.0.1:" + port + "/v2/health/ready"))
						.timeout(Duration.ofSeconds(2)).build(), HttpResponse.BodyHandlers.ofString()).body();
				}
				catch (IOException ex) {
					Thread.sleep(200);
				}
			}
			String out = Files.readString(work.resolve("out.log"));
			assertThat(body).as(out).contains("\"ready\":true");
			// A cache the JVM cannot use says so in [aot] warning and error lines (then starts without it).
			assertThat(out).as("the cache was usable").doesNotContain("[aot]");
		}
		finally {
			process.destroy();
			if (!process.waitFor(10, TimeUnit.SECONDS)) {
				process.destroyForcibly();
			}
		}
	}

	/** A JDK 25 to run the images' cache with: this one, or the one installed next to it on these machines. */
	private static Optional<String> jdk25() {
		if (Runtime.version().feature() >= 25) {
			return Optional.of(Path.of(System.getProperty("java.home"), "bin", "java").toString());
		}
		Path installed = Path.of("/usr/lib/jvm/temurin-25-jdk-amd64/bin/java");
		return Files.isExecutable(installed) ? Optional.of(installed.toString()) : Optional.empty();
	}

	private static Path extract(Path jar, Path work) throws Exception {
		Path copy = Files.copy(jar, work.resolve("application.jar"));
		run(work, "java", "-Djarmode=tools", "-jar", copy.getFileName().toString(), "extract", "--layers",
				"--destination", "extracted");
		return work.resolve("extracted");
	}

	private static List<String> run(Path directory, String... command) throws Exception {
		Process process = new ProcessBuilder(command).directory(directory.toFile()).redirectErrorStream(true).start();
		String output;
		try (InputStream in = process.getInputStream()) {
			output = new String(in.readAllBytes());
		}
		assertThat(process.waitFor(60, TimeUnit.SECONDS)).isTrue();
		assertThat(process.exitValue()).as(String.join(" ", command) + "\n" + output).isZero();
		return output.lines().map(String::strip).filter((l) -> !l.isEmpty()).toList();
	}

	private static void copyTree(Path from, Path to) throws IOException {
		try (Stream<Path> files = Files.walk(from)) {
			for (Path source : (Iterable<Path>) files::iterator) {
				Path target = to.resolve(from.relativize(source).toString());
				if (Files.isDirectory(source)) {
					Files.createDirectories(target);
				}
				else {
					Files.copy(source, target, StandardCopyOption.COPY_ATTRIBUTES);
				}
			}
		}
	}

	private static int freePort() throws IOException {
		try (ServerSocket socket = new ServerSocket(0)) {
			return socket.getLocalPort();
		}
	}

	/** The parts of a Dockerfile these tests read. */
	record Dockerfile(List<String> lines) {

		private static final Pattern LAYER_COPY = Pattern
			.compile("COPY --from=\\w+ /layers/extracted/([\\w-]+)/ \\./");

		static Dockerfile read(Path file) throws IOException {
			List<String> logical = new ArrayList<>();
			StringBuilder current = new StringBuilder();
			for (String line : Files.readAllLines(file)) {
				if (line.strip().startsWith("#") && current.isEmpty()) {
					continue;
				}
				if (line.endsWith("\\")) {
					current.append(line, 0, line.length() - 1).append(' ');
					continue;
				}
				current.append(line);
				if (!current.toString().isBlank()) {
					logical.add(current.toString().strip());
				}
				current.setLength(0);
			}
			return new Dockerfile(logical);
		}

		List<String> froms() {
			return this.lines.stream().filter((l) -> l.startsWith("FROM ")).map((l) -> l.substring(5)).toList();
		}

		String arg(String name) {
			return this.lines.stream().filter((l) -> l.startsWith("ARG " + name + "=")).findFirst()
				.map((l) -> l.substring(("ARG " + name + "=").length())).orElseThrow();
		}

		/** The one file the JAR_FILE glob matches, relative to the build context (the repository root). */
		Path jar(Path context) throws IOException {
			String glob = arg("JAR_FILE");
			PathMatcher matcher = FileSystems.getDefault().getPathMatcher("glob:" + glob);
			Path directory = context.resolve(Paths.get(glob).getParent());
			List<Path> matches;
			try (Stream<Path> files = Files.list(directory)) {
				matches = files.filter((f) -> matcher.matches(context.relativize(f))).toList();
			}
			assertThat(matches).as("files matching " + glob + " (run ./mvnw package first)").hasSize(1);
			return matches.get(0);
		}

		List<String> copiedLayers() {
			List<String> layers = new ArrayList<>();
			for (String line : this.lines) {
				Matcher matcher = LAYER_COPY.matcher(line);
				if (matcher.matches()) {
					layers.add(matcher.group(1));
				}
			}
			return layers;
		}

		List<String> extractCommand() {
			String run = this.lines.stream().filter((l) -> l.startsWith("RUN java ")).findFirst().orElseThrow();
			return List.of(run.substring(4).split("\\s+"));
		}

		/** The training run: the java command of the RUN step that records the AOT cache. */
		List<String> trainingCommand() {
			String run = this.lines.stream().filter((l) -> l.startsWith("RUN ") && l.contains("-XX:AOTCacheOutput="))
				.findFirst().orElseThrow();
			return List.of(run.substring(run.indexOf("java ")).split("\\s+"));
		}

		/** The ENTRYPOINT's JSON array (exec form); fails on the shell form. */
		List<String> entrypoint() {
			String entrypoint = this.lines.stream().filter((l) -> l.startsWith("ENTRYPOINT ")).reduce((a, b) -> b)
				.orElseThrow().substring("ENTRYPOINT ".length()).strip();
			assertThat(entrypoint).as("exec form").startsWith("[").endsWith("]");
			List<String> parts = new ArrayList<>();
			Matcher matcher = Pattern.compile("\"((?:[^\"\\\\]|\\\\.)*)\"").matcher(entrypoint);
			while (matcher.find()) {
				parts.add(matcher.group(1));
			}
			assertThat(parts).as("no shell").doesNotContain("sh", "/bin/sh", "bash", "-c");
			return parts;
		}

		String user() {
			return this.lines.stream().filter((l) -> l.startsWith("USER ")).reduce((a, b) -> b).orElseThrow()
				.substring(5).strip();
		}

	}

}
