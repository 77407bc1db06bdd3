package io.chorus.bench.cold;

import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.Map;

import io.chorus.bench.load.LoadGenerator;
import io.chorus.bench.load.RunStats;
import io.chorus.bench.load.Target;
import io.chorus.bench.proc.ManagedProcess;
import io.chorus.protocol.InferenceCodec;
import io.chorus.protocol.Tensor;

/**
 * The cold-replica scenario (issue 18): start a system, wait until its readiness probe answers 200, then send
 * open-model load at a fixed rate at once and report the first seconds' latency against the same process warm,
 * with the warm-up on and off, and the time from process start to ready.
 *
 * <p>Members: three mocks at a fixed 20, 40 and 60 ms, {@code quorum: all}. System {@code ensemble} is
 * ensemble-service alone; system {@code gateway} is a gateway started cold in front of an ensemble-service that is
 * already warm. Each system starts from its plain jar ({@code cds: off}) or from the extracted jar with the class-data
 * archive of a training run ({@code cds: on}, prepared by {@code bench/cold.sh}). One JSON line per trial goes to
 * standard output; the whole run also becomes {@code bench/COLD.md}, the section {@code bench/run.sh}'s report
 * includes, and replaces the same section of {@code docs/benchmarks.md} between its markers.
 */
public final class ColdReplicaMain {

	private static final byte[] BODY = ("{\"id\":\"bench\",\"inputs\":[{\"name\":\"features\",\"shape\":[1,4],"
			+ "\"datatype\":\"FP32\",\"data\":[5.9,3.0,5.1,1.8]}]}").getBytes(StandardCharsets.UTF_8);

	private static final String MOCKS = "http://127.0.0.1:19611";

	private static String maxTime = "5s";

	private static final HttpClient PROBE = HttpClient.newBuilder().connectTimeout(Duration.ofMillis(500)).build();

	private ColdReplicaMain() {
	}

	/**
	 * Runs the scenario.
	 * @param args {@code root java systems(ensemble,gateway) rate seconds warmSeconds sutCpus mockCpus
	 * warmups(on,off) cds(on,off) command [reps [warm-up max-time]]}
	 * @throws Exception when a process does not start or become ready
	 */
	public static void main(String[] args) throws Exception {
		Path root = Path.of(args[0]);
		String java = args[1];
		List<String> systems = List.of(args[2].split(","));
		double rate = Double.parseDouble(args[3]);
		Duration measured = Duration.ofSeconds(Long.parseLong(args[4]));
		Duration settle = Duration.ofSeconds(Long.parseLong(args[5]));
		// One or more CPU sets for the systems, separated by '/': each is a dimension of the run (e.g. "0/0-1").
		List<String> cpuSets = List.of(args[6].split("/"));
		String sutCpus = cpuSets.get(0);
		String mockCpus = args[7];
		List<Boolean> warmups = flags(args[8]);
		List<Boolean> cdsModes = flags(args[9]);
		String command = args[10];
		int reps = (args.length > 11) ? Integer.parseInt(args[11]) : 1;
		// The warm-up's cap in the trials, e.g. 2500ms; the services' own default (5s) when not given.
		maxTime = (args.length > 12 && !args[12].isEmpty()) ? args[12] : "5s";
		String started = Instant.now().toString();
		String loadBefore = Files.readString(Path.of("/proc/loadavg")).strip();
		List<String> rows = new ArrayList<>();
		Path work = Files.createTempDirectory("chorus-cold-");
		Path mocksYml = work.resolve("mocks.yml");
		Files.writeString(mocksYml, "mock:\n  port: 19611\n  admin-port: 19612\n  models:\n"
				+ "    - { name: m0, function: iris-sepal, behavior: { latency: { type: fixed, ms: 20 } } }\n"
				+ "    - { name: m1, function: iris-petal, behavior: { latency: { type: fixed, ms: 40 } } }\n"
				+ "    - { name: m2, function: iris-full, behavior: { latency: { type: fixed, ms: 60 } } }\n");
		Path ensembleYml = work.resolve("ensemble.yml");
		Files.writeString(ensembleYml, "chorus:\n  ensembles:\n    bench:\n      deadline: 2000ms\n      quorum: all\n"
				+ "      wait-policy: all\n      strategy: mean\n      outputs: [probabilities]\n      members:\n"
				+ "        - { name: m0, model: m0, replicas: [" + MOCKS + "], timeout: 1000ms }\n"
				+ "        - { name: m1, model: m1, replicas: [" + MOCKS + "], timeout: 1000ms }\n"
				+ "        - { name: m2, model: m2, replicas: [" + MOCKS + "], timeout: 1000ms }\n");
		// The JVM options of every system in bench/run.sh.
		List<String> jvm = List.of(java, "-Xms512m", "-Xmx2g", "-XX:+UseG1GC", "--enable-native-access=ALL-UNNAMED");
		try (ManagedProcess mocks = ManagedProcess.start("mocks", mockCpus,
				concat(jvm, "-jar",
						root.resolve("mock-endpoints/target/mock-endpoints-0.1.0-SNAPSHOT-exec.jar").toString(),
						"--spring.config.additional-location=file:" + mocksYml),
				Map.of(), work.resolve("mocks.log"), null);
				LoadGenerator generator = new LoadGenerator(Duration.ofSeconds(10))) {
			awaitStatus(MOCKS + "/v2/health/ready", Duration.ofSeconds(60));
			float[] expected = expected();
			Target direct = Target.inference(generator.client(), MOCKS + "/v2/models/m2/infer", Map.of(), BODY,
					"probabilities", null);
			generator.open(direct, rate, Duration.ofSeconds(5), Duration.ofSeconds(2), null, 10_000);
			Map<String, List<String>> archived = new java.util.HashMap<>();
			if (cdsModes.contains(Boolean.TRUE)) {
				for (String system : systems) {
					archived.put(system, train(root, jvm, system, ensembleYml, work, sutCpus));
				}
			}
			// Repetitions outermost, so slow drifts of the machine spread over every configuration alike.
			for (int rep = 1; rep <= reps; rep++) {
				for (String cpus : cpuSets) {
					for (String system : systems) {
						for (boolean cds : cdsModes) {
							for (boolean warmup : warmups) {
								rows.add(trial(root, jvm, system, warmup, cds ? archived : null, ensembleYml, work, cpus,
										generator, expected, rate, measured, settle, rep));
							}
						}
					}
				}
			}
		}
		ColdReport.write(root, command, started, loadBefore, jvm, String.join(" and ", cpuSets), mockCpus, rows);
	}

	/**
	 * Records a module's class-data archive as {@code ./chorus} does: extracts its jar, then a training run with
	 * the measured JVM options (an AOT cache recorded with other options is refused at run time) that runs the
	 * module's warm-up and exits ({@code exit-when-done}), writing an AOT cache on JDK 25+ or a dynamic CDS archive
	 * before. The mocks answer during ensemble-service's training, so its warm-up reaches them as in the trials.
	 * @return the java arguments that start the module from its archive
	 */
	private static List<String> train(Path root, List<String> jvm, String system, Path ensembleYml, Path work,
			String sutCpus) throws Exception {
		String module = system.equals("ensemble") ? "ensemble-service" : "gateway";
		Path dir = root.resolve(module + "/target/cold-cds");
		if (Files.exists(dir)) {
			try (var files = Files.walk(dir)) {
				files.sorted(java.util.Comparator.reverseOrder()).forEach((f) -> f.toFile().delete());
			}
		}
		run(List.of(jvm.get(0), "-Djarmode=tools", "-jar",
				root.resolve(module + "/target/" + module + "-0.1.0-SNAPSHOT-exec.jar").toString(), "extract",
				"--destination", dir.toString(), "--application-filename", "app.jar"), work.resolve(system + "-extract.log"));
		boolean aot = Runtime.version().feature() >= 25;
		Path archive = dir.resolve(aot ? "app.aot" : "app.jsa");
		// On the systems' CPUs, as long as the JIT needs to go quiet (a training run has no readiness to hurry).
		List<String> training = new ArrayList<>(List.of("taskset", "-c", sutCpus));
		training.addAll(jvm);
		training.add(aot ? "-XX:AOTCacheOutput=" + archive : "-XX:ArchiveClassesAtExit=" + archive);
		training.addAll(List.of("-jar", dir.resolve("app.jar").toString(), "--server.port=0", "--management.server.port=0"));
		if (system.equals("ensemble")) {
			training.addAll(List.of("--spring.config.additional-location=file:" + ensembleYml,
					"--chorus.warmup.exit-when-done=true", "--chorus.warmup.max-time=30s"));
		}
		else {
			training.addAll(List.of("--spring.profiles.active=local", "--chorus.gateway.rate-limit.enabled=false",
					"--chorus.gateway.ensemble-service.uri=http://127.0.0.1:19680",
					"--chorus.gateway.warmup.exit-when-done=true", "--chorus.gateway.warmup.max-time=30s"));
		}
		long start = System.nanoTime();
		run(training, work.resolve(system + "-training.log"));
		System.err.printf(Locale.ROOT, "trained %s's archive in %.1f s: %s%n", module, (System.nanoTime() - start) / 1e9,
				archive);
		if (!Files.exists(archive)) {
			throw new IllegalStateException("no archive from the training run; see " + work.resolve(system + "-training.log"));
		}
		return List.of(aot ? "-XX:AOTCache=" + archive : "-XX:SharedArchiveFile=" + archive, "-jar",
				dir.resolve("app.jar").toString());
	}

	/** Runs a command to its end (at most 3 minutes, then it is asked to stop, which still records an archive). */
	private static void run(List<String> command, Path log) throws Exception {
		Process process = new ProcessBuilder(command).redirectErrorStream(true).redirectOutput(log.toFile()).start();
		if (!process.waitFor(180, java.util.concurrent.TimeUnit.SECONDS)) {
			process.destroy();
			process.waitFor(30, java.util.concurrent.TimeUnit.SECONDS);
		}
	}

	private static List<Boolean> flags(String list) {
		return List.of(list.split(",")).stream().map("on"::equals).toList();
	}

	/** The arguments that start a module's jar: the plain jar, or the extracted jar with its archive. */
	private static List<String> launch(Map<String, List<String>> archived, String system, String jar) {
		return (archived != null) ? archived.get(system) : List.of("-jar", jar);
	}

	private static String trial(Path root, List<String> jvm, String system, boolean warmup,
			Map<String, List<String>> archived, Path ensembleYml, Path work, String sutCpus, LoadGenerator generator,
			float[] expected, double rate, Duration measured, Duration settle, int rep) throws Exception {
		String ensembleJar = root.resolve("ensemble-service/target/ensemble-service-0.1.0-SNAPSHOT-exec.jar").toString();
		String gatewayJar = root.resolve("gateway/target/gateway-0.1.0-SNAPSHOT-exec.jar").toString();
		String tag = system + "-" + (warmup ? "warmup" : "nowarmup") + ((archived != null) ? "-cds" : "");
		List<ManagedProcess> started = new ArrayList<>();
		try {
			String url;
			Map<String, String> headers = Map.of();
			String readiness;
			long start;
			if (system.equals("ensemble")) {
				start = System.nanoTime();
				started.add(ManagedProcess.start(tag + "-ensemble", sutCpus, concat(concat(jvm, launch(archived, system,
						ensembleJar)), "--server.port=19680", "--management.server.port=19681", "--chorus.warmup.enabled=" + warmup,
						"--chorus.warmup.max-time=" + maxTime,
						"--spring.config.additional-location=file:" + ensembleYml), Map.of(),
						work.resolve(tag + "-ensemble.log"), null));
				url = "http://127.0.0.1:19680/v2/models/bench/infer";
				readiness = "http://127.0.0.1:19681/actuator/health/readiness";
			}
			else {
				// ensemble-service behind it starts first and is warmed by traffic: only the gateway is cold.
				started.add(ManagedProcess.start(tag + "-ensemble", sutCpus, concat(jvm, "-jar", ensembleJar,
						"--server.port=19680", "--management.server.port=19681",
						"--spring.config.additional-location=file:" + ensembleYml), Map.of(),
						work.resolve(tag + "-ensemble.log"), null));
				awaitStatus("http://127.0.0.1:19681/actuator/health/readiness", Duration.ofSeconds(60));
				generator.open(Target.inference(generator.client(), "http://127.0.0.1:19680/v2/models/bench/infer",
						Map.of(), BODY, "probabilities", expected), rate, settle, Duration.ofSeconds(2), null, 10_000);
				start = System.nanoTime();
				started.add(ManagedProcess.start(tag + "-gateway", sutCpus, concat(concat(jvm, launch(archived, system,
						gatewayJar)), "--server.port=19690", "--management.server.port=19691", "--spring.profiles.active=local",
						"--chorus.gateway.ensemble-service.uri=http://127.0.0.1:19680",
						"--chorus.gateway.rate-limit.enabled=false", "--chorus.gateway.warmup.enabled=" + warmup,
						"--chorus.gateway.warmup.max-time=" + maxTime),
						Map.of(), work.resolve(tag + "-gateway.log"), null));
				url = "http://127.0.0.1:19690/v2/models/bench/infer";
				headers = Map.of("Authorization", "Bearer chorus-demo-key");
				readiness = "http://127.0.0.1:19691/actuator/health/readiness";
			}
			awaitStatus(readiness, Duration.ofSeconds(60));
			double toReady = (System.nanoTime() - start) / 1e9;
			Target target = Target.inference(generator.client(), url, headers, BODY, "probabilities", expected);
			RunStats cold = generator.open(target, rate, measured, Duration.ofSeconds(5), null, 10_000);
			generator.open(target, rate, settle, Duration.ofSeconds(2), null, 10_000);
			RunStats warm = generator.open(target, rate, measured, Duration.ofSeconds(5), null, 10_000);
			String row = String.format(Locale.ROOT,
					"{\"system\":\"%s\",\"warmup\":%s,\"cds\":%s,\"cpus\":\"%s\",\"rep\":%d,\"rate\":%.0f,"
							+ "\"secondsToReady\":%.2f,\"cold\":%s,\"warm\":%s,\"load\":\"%s\"}",
					system, warmup, archived != null, sutCpus, rep, rate, toReady, json(cold), json(warm),
					Files.readString(Path.of("/proc/loadavg")).strip());
			System.out.println(row);
			return row;
		}
		finally {
			for (int i = started.size() - 1; i >= 0; i--) {
				started.get(i).close();
			}
			Thread.sleep(1000);
		}
	}

	private static String json(RunStats s) {
		return String.format(Locale.ROOT,
				"{\"requests\":%d,\"errors\":%d,\"p50\":%.1f,\"p99\":%.1f,\"p999\":%.1f,\"max\":%.1f,\"errorKinds\":\"%s\",\"p99BySecond\":%s}",
				s.requests(), s.errors(), s.p50(), s.p99(), s.p999(), s.max(), s.errorKinds(),
				s.p99BySecond().stream().map((v) -> String.format(Locale.ROOT, "%.0f", v)).toList());
	}

	private static float[] expected() throws Exception {
		double[] sum = null;
		for (int i = 0; i < 3; i++) {
			Tensor t = InferenceCodec.readResponse(post(MOCKS + "/v2/models/m" + i + "/infer"))
				.output("probabilities")
				.orElseThrow();
			sum = (sum == null) ? new double[t.data().size()] : sum;
			for (int j = 0; j < sum.length; j++) {
				sum[j] += t.data().doubleAt(j);
			}
		}
		float[] mean = new float[sum.length];
		for (int j = 0; j < mean.length; j++) {
			mean[j] = (float) (sum[j] / 3);
		}
		return mean;
	}

	private static byte[] post(String url) throws Exception {
		return PROBE.send(HttpRequest.newBuilder(URI.create(url)).POST(HttpRequest.BodyPublishers.ofByteArray(BODY))
			.header("Content-Type", "application/json").build(), HttpResponse.BodyHandlers.ofByteArray()).body();
	}

	/** Polls every 20 ms: the time to ready is measured to within that. */
	private static void awaitStatus(String url, Duration within) throws Exception {
		long deadline = System.nanoTime() + within.toNanos();
		while (System.nanoTime() < deadline) {
			try {
				int status = PROBE.send(HttpRequest.newBuilder(URI.create(url)).timeout(Duration.ofSeconds(1)).build(),
						HttpResponse.BodyHandlers.discarding()).statusCode();
				if (status == 200) {
					return;
				}
			}
			catch (java.io.IOException ex) {
				// not listening yet
			}
			Thread.sleep(20);
		}
		throw new IllegalStateException(url + " not 200 within " + within);
	}

	private static List<String> concat(List<String> head, String... tail) {
		return concat(head, List.of(tail));
	}

	private static List<String> concat(List<String> head, List<String> tail) {
		List<String> all = new ArrayList<>(head);
		all.addAll(tail);
		return all;
	}

}
