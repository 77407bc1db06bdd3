package io.chorus.system;

import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import java.time.Duration;
import java.util.List;
import java.util.concurrent.Executors;
import java.util.concurrent.ScheduledExecutorService;
import java.util.concurrent.TimeUnit;
import java.util.function.Supplier;
import java.util.logging.Level;

import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.openqa.selenium.OutputType;
import org.openqa.selenium.chrome.ChromeDriver;
import org.openqa.selenium.chrome.ChromeDriverService;
import org.openqa.selenium.chrome.ChromeOptions;
import org.openqa.selenium.logging.LogEntry;
import org.openqa.selenium.logging.LogType;
import org.openqa.selenium.logging.LoggingPreferences;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * The live console in a real headless Chromium, against real ensemble-service and mock processes serving the demo
 * ensembles: the page loads without browser errors, lists the ensembles, and shows a member turning unhealthy
 * once its mock is told to fail through the mock's admin API while traffic flows, and healthy again once it heals.
 */
class ConsoleSystemTests {

	private static final Path CHROMEDRIVER = Path.of(System.getProperty("chorus.chromedriver", "/usr/bin/chromedriver"));

	private static final Path CHROMIUM = Path.of(System.getProperty("chorus.chromium", "/usr/bin/chromium"));

	private static final String ROW = "{\"inputs\":[{\"name\":\"features\",\"shape\":[1,4],\"datatype\":\"FP32\","
			+ "\"data\":[6.3,2.8,5.1,1.5]}]}";

	private static final String FULL = "[data-ensemble=\"iris\"] [data-member=\"full\"]";

	private static final HttpClient HTTP = HttpClient.newBuilder().connectTimeout(Duration.ofSeconds(5)).build();

	private static LocalStack stack;

	private static ChromeDriver browser;

	private static ScheduledExecutorService traffic;

	@BeforeAll
	static void start() throws Exception {
		assertThat(CHROMEDRIVER).as("apt-get install chromium chromium-driver (.ci/run installs them)").isExecutable();
		stack = new LocalStack(true);
		// Steady traffic on the demo ensemble, as a client would send it; failures are what the test is about.
		traffic = Executors.newSingleThreadScheduledExecutor();
		traffic.scheduleWithFixedDelay(() -> send(HttpRequest.newBuilder(
				URI.create("http://127.0.0.1:" + stack.ensemblePort + "/v2/models/iris/infer"))
			.header("Content-Type", "application/json")
			.POST(HttpRequest.BodyPublishers.ofString(ROW))), 0, 50, TimeUnit.MILLISECONDS);
		ChromeOptions options = new ChromeOptions().setBinary(CHROMIUM.toFile())
			.addArguments("--headless=new", "--no-sandbox", "--disable-gpu", "--disable-dev-shm-usage",
					"--window-size=1700,1250");
		LoggingPreferences logging = new LoggingPreferences();
		logging.enable(LogType.BROWSER, Level.ALL);
		options.setCapability("goog:loggingPrefs", logging);
		ChromeDriverService service = new ChromeDriverService.Builder().usingDriverExecutable(CHROMEDRIVER.toFile())
			.usingAnyFreePort()
			.build();
		browser = new ChromeDriver(service, options);
	}

	@AfterAll
	static void stop() throws Exception {
		if (traffic != null) {
			traffic.shutdownNow();
		}
		if (browser != null) {
			browser.quit();
		}
		if (stack != null) {
			stack.close();
		}
	}

	@Test
	void showsAMemberTurningUnhealthyAndRecoveringLive() throws Exception {
		browser.get("http://127.0.0.1:" + stack.ensembleManagementPort + "/console");
		await("the demo ensembles listed", Duration.ofSeconds(30), () -> ensembles().containsAll(
				List.of("iris", "iris-vote", "petal-width", "iris-subspace", "iris-cascade")));
		await("the iris members healthy under traffic", Duration.ofSeconds(30), () -> "healthy".equals(status()));
		assertThat(browser.findElement(org.openqa.selenium.By.id("connection")).getText()).isEqualTo("live");

		long failAt = System.nanoTime();
		assertThat(admin("PUT", "{\"errorRate\":1.0,\"errorStatus\":503}")).isEqualTo(200);
		await("iris.full unhealthy", Duration.ofSeconds(30), () -> "unhealthy".equals(status()));
		long unhealthyAfter = Duration.ofNanos(System.nanoTime() - failAt).toMillis();
		Thread.sleep(1500);
		Path shot = browser.getScreenshotAs(OutputType.FILE).toPath();
		Path target = Path.of("target", "console.png");
		Files.copy(shot, target, StandardCopyOption.REPLACE_EXISTING);

		long healAt = System.nanoTime();
		assertThat(admin("DELETE", null)).isIn(200, 204);
		await("iris.full healthy again", Duration.ofSeconds(90), () -> "healthy".equals(status()));
		long healthyAfter = Duration.ofNanos(System.nanoTime() - healAt).toMillis();
		System.out.println("console: iris.full unhealthy " + unhealthyAfter + " ms after the mock failed, healthy "
				+ healthyAfter + " ms after it healed; screenshot " + target.toAbsolutePath());

		List<LogEntry> severe = browser.manage().logs().get(LogType.BROWSER).getAll().stream()
			.filter((entry) -> entry.getLevel().intValue() >= Level.SEVERE.intValue())
			.toList();
		assertThat(severe).isEmpty();
	}

	@SuppressWarnings("unchecked")
	private static List<String> ensembles() {
		return (List<String>) browser.executeScript("return Array.from(document.querySelectorAll('[data-ensemble]'))"
				+ ".map(function (e) { return e.dataset.ensemble; });");
	}

	private static String status() {
		return (String) browser.executeScript("var row = document.querySelector(arguments[0]);"
				+ " return row ? row.dataset.status : null;", FULL);
	}

	private static int admin(String method, String body) {
		HttpRequest.Builder request = HttpRequest.newBuilder(
				URI.create(stack.mock.adminUrl() + "/admin/models/iris-full/behavior"));
		request = (body != null) ? request.header("Content-Type", "application/json")
			.method(method, HttpRequest.BodyPublishers.ofString(body)) : request.method(method,
					HttpRequest.BodyPublishers.noBody());
		return send(request);
	}

	private static int send(HttpRequest.Builder request) {
		try {
			return HTTP.send(request.timeout(Duration.ofSeconds(5)).build(), HttpResponse.BodyHandlers.discarding())
				.statusCode();
		}
		catch (Exception ex) {
			return -1;
		}
	}

	private static void await(String what, Duration limit, Supplier<Boolean> condition) throws InterruptedException {
		long deadline = System.nanoTime() + limit.toNanos();
		while (System.nanoTime() < deadline) {
			if (Boolean.TRUE.equals(condition.get())) {
				return;
			}
			Thread.sleep(200);
		}
		throw new AssertionError(what + ": not within " + limit.toSeconds() + " s; page: "
				+ browser.executeScript("return document.body.innerText"));
	}

}
