package io.chorus.system.docs;

import java.io.IOException;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.TimeUnit;
import java.util.stream.Stream;

import io.chorus.system.FreePorts;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * Keeps the README and docs/*.md true: starts the local stack with {@code ./chorus --no-build} (every port moved
 * through the script's variables), runs every shell block marked {@code <!-- doc-test: run -->} and compares each
 * answer with the JSON the page shows, and checks that every command shown on a marked page is marked, and works
 * on a fresh clone. See {@link DocPages} for the markers.
 */
class DocumentationSystemTests {

	private static final Path ROOT = Path.of(System.getProperty("chorus.root", "..")).toAbsolutePath().normalize();

	private static final List<String> DEMO_MODELS = List.of("iris-sepal", "iris-petal", "iris-full", "iris-petal-width",
			"iris-petal-width-petal");

	private static final HttpClient HTTP = HttpClient.newBuilder().connectTimeout(Duration.ofSeconds(5)).build();

	private static ChorusScript chorus;

	private static DocPages pages;

	@BeforeAll
	static void start() throws Exception {
		pages = DocPages.read(ROOT);
		chorus = new ChorusScript(ROOT);
		warmUp();
	}

	/**
	 * The examples check answers, not a cold start: on a busy machine the first calls through fresh JVMs can
	 * exceed the demo members' 500 ms timeout, so the demo ensemble answers once before any example runs.
	 */
	private static void warmUp() throws IOException, InterruptedException {
		String rows = "{\"inputs\":[{\"name\":\"features\",\"shape\":[1,4],\"datatype\":\"FP32\","
				+ "\"data\":[5.1,3.5,1.4,0.2]}]}";
		int status = 0;
		for (int attempt = 0; attempt < 30 && status != 200; attempt++) {
			status = send(new CurlRequest("POST", 8080, "/v2/models/iris/infer",
					List.of(Map.entry("Authorization", "Bearer chorus-demo-key"),
							Map.entry("Content-Type", "application/json")),
					rows)).statusCode();
		}
		assertThat(status).as("the demo ensemble never answered 200 through the gateway").isEqualTo(200);
		healMocks();
	}

	@AfterAll
	static void stop() throws Exception {
		if (chorus != null) {
			chorus.close();
		}
	}

	@Test
	void theReadmeShowsTheCurlThatChorusPrints() {
		String output = chorus.output();
		int start = output.indexOf("curl -s http://127.0.0.1:");
		assertThat(start).as("./chorus printed no curl:\n" + output).isNotNegative();
		String printed = output.substring(start, output.indexOf("\n\n", start))
			.replace("127.0.0.1:" + chorus.variable("GATEWAY_PORT") + "/", "127.0.0.1:8080/");
		assertThat(pages.examples().stream().filter((e) -> e.where().startsWith("README.md:") && e.run())
			.map(DocExample::text))
			.as("README.md has a doc-test: run block with exactly the curl that ./chorus prints")
			.contains(printed);
	}

	@Test
	void everyShellBlockOnAMarkedPageIsMarkedAndEveryCommandWorksOnAFreshClone() {
		List<String> problems = new ArrayList<>(pages.problems());
		CommandLint lint = new CommandLint(ROOT);
		for (DocExample example : pages.examples()) {
			for (DocExample.Command command : example.commands()) {
				lint.problems(command.line()).forEach((p) -> problems.add(command.where() + ": " + p));
			}
		}
		assertThat(problems).as(String.join("\n", problems)).isEmpty();
	}

	@Test
	void everyRunnableExampleAnswersWhatThePageShows() throws Exception {
		List<String> failures = new ArrayList<>();
		String page = null;
		int run = 0;
		for (DocExample example : pages.examples()) {
			if (!example.run()) {
				continue;
			}
			String thisPage = example.where().substring(0, example.where().indexOf(':'));
			if (!thisPage.equals(page)) {
				page = thisPage;
				healMocks();
			}
			run++;
			failures.addAll(run(example));
		}
		assertThat(run).as("runnable examples found").isPositive();
		assertThat(failures).as("documented examples that do not answer as documented:\n" + String.join("\n", failures))
			.isEmpty();
	}

	/**
	 * README "Operations": {@code ./chorus --no-build} starts each service from a class-data archive recorded by a
	 * training run that ran the service's warm-up ({@code exit-when-done}), and the JVM accepts it. An archive
	 * recorded with other JVM options than the run's is refused with one log line and the service starts without
	 * it, which nothing else would notice.
	 */
	@Test
	void theServicesStartFromArchivesTrainedOnTheirWarmUp() throws IOException {
		for (String module : List.of("ensemble-service", "gateway")) {
			Path dir = ROOT.resolve(module + "/target/fast-start");
			try (Stream<Path> files = Files.list(dir)) {
				assertThat(files.map((f) -> f.getFileName().toString()))
					.as("%s's archive in %s", module, dir)
					.anyMatch((name) -> name.endsWith(".aot") || name.endsWith(".jsa"));
			}
			assertThat(Files.readString(dir.resolve("training.log"))).as("%s's training run", module)
				.contains("warm-up over, exiting");
			String log = Files.readString(ROOT.resolve("system-tests/target/chorus-script/logs/" + module + ".log"));
			assertThat(log).as("%s's log", module)
				.doesNotContain("[error][aot]")
				.doesNotContain("[error][cds]")
				.doesNotContain("[warning][cds]")
				.doesNotContain("Unable to map shared spaces");
		}
	}

	@Test
	void theDemoEnsemblesFollowAMovedMockPort() throws Exception {
		assertThat(chorus.variable("MOCK_PORT")).isNotEqualTo(9101);
		HttpResponse<String> metadata = HTTP.send(HttpRequest
			.newBuilder(URI.create("http://127.0.0.1:" + chorus.variable("ENSEMBLE_PORT") + "/v2/models/iris"))
			.timeout(Duration.ofSeconds(10))
			.build(), HttpResponse.BodyHandlers.ofString());
		assertThat(metadata.statusCode()).as(metadata.body()).isEqualTo(200);
	}

	@Test
	void chorusHelpListsThePortVariablesAndATakenPortNamesTheVariableThatMovesIt() throws Exception {
		String help = script(Map.of(), "--help");
		assertThat(help).contains(ChorusScript.DOCUMENTED_PORTS.keySet());
		Map<String, String> ports = new HashMap<>();
		ChorusScript.DOCUMENTED_PORTS.keySet().forEach((v) -> ports.put(v, Integer.toString(FreePorts.next())));
		ports.put("GATEWAY_PORT", Integer.toString(chorus.variable("GATEWAY_PORT")));
		assertThat(script(ports, "--no-build")).contains("port " + chorus.variable("GATEWAY_PORT")
				+ " is already in use (another ./chorus?); set GATEWAY_PORT to move it");
	}

	private static String script(Map<String, String> environment, String argument) throws Exception {
		ProcessBuilder builder = new ProcessBuilder("bash", "./chorus", argument).directory(ROOT.toFile())
			.redirectErrorStream(true);
		builder.environment().putAll(environment);
		Process process = builder.start();
		String output = new String(process.getInputStream().readAllBytes(), StandardCharsets.UTF_8);
		assertThat(process.waitFor(30, TimeUnit.SECONDS)).isTrue();
		return output;
	}

	private static List<String> run(DocExample example) throws InterruptedException {
		List<String> failures = new ArrayList<>();
		HttpResponse<String> last = null;
		for (DocExample.Command command : example.commands()) {
			List<String> words = ShellWords.split(command.line());
			if (words.isEmpty() || !words.get(0).equals("curl") || ShellWords.hasVariable(command.line())) {
				failures.add(command.where() + ": only curl commands without shell variables can run; mark the "
						+ "block <!-- doc-test: skip (reason) --> instead: " + command.line());
				return failures;
			}
			try {
				last = send(CurlRequest.parse(words));
			}
			catch (IllegalArgumentException | IOException ex) {
				failures.add(command.where() + ": " + ex.getMessage() + ": " + command.line());
				return failures;
			}
			boolean statusOk = (example.status() == 0) ? last.statusCode() / 100 == 2
					: last.statusCode() == example.status();
			if (!statusOk) {
				failures.add(command.where() + ": expected HTTP " + ((example.status() == 0) ? "2xx" : example.status())
						+ ", got " + last.statusCode() + " " + last.body());
				return failures;
			}
		}
		if (example.expectedJson() != null && last != null) {
			for (String difference : JsonExpectation.differences(example.expectedJson(), last.body())) {
				failures.add(example.where() + ": the JSON after the block differs from the answer: " + difference
						+ "\n    answer: " + last.body());
			}
		}
		return failures;
	}

	private static HttpResponse<String> send(CurlRequest curl) throws IOException, InterruptedException {
		HttpRequest.Builder request = HttpRequest
			.newBuilder(URI.create("http://127.0.0.1:" + chorus.port(curl.port()) + curl.path()))
			.timeout(Duration.ofSeconds(30))
			.method(curl.method(), (curl.body() != null) ? HttpRequest.BodyPublishers.ofString(curl.body())
					: HttpRequest.BodyPublishers.noBody());
		for (Map.Entry<String, String> header : curl.headers()) {
			request.header(header.getKey(), header.getValue());
		}
		return HTTP.send(request.build(), HttpResponse.BodyHandlers.ofString());
	}

	/** Each page starts from the demo models' start-up behaviour, whatever the page before changed. */
	private static void healMocks() throws IOException, InterruptedException {
		for (String model : DEMO_MODELS) {
			HTTP.send(HttpRequest
				.newBuilder(URI.create("http://127.0.0.1:" + chorus.variable("MOCK_ADMIN_PORT") + "/admin/models/"
						+ model + "/behavior"))
				.DELETE()
				.build(), HttpResponse.BodyHandlers.discarding());
		}
	}

}
