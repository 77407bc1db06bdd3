package io.chorus.bench;

import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;

/**
 * The run's settings, from the command line. The default ({@code standard}) runs every scenario with 5 s runs and
 * the oracle at 50 % load; {@code --quick} is a documented subset (N=3 at 0 ms, N=10 at 20 ms, the burst);
 * {@code --full} adds 10 s runs and the oracle at every load level.
 *
 * @param root the repository root
 * @param results where this run's files go
 * @param mode {@code standard}, {@code quick} or {@code full}
 * @param scenarios the scenario ids to run
 * @param systems the system ids to run
 * @param levels the load levels, as fractions of each system's saturation throughput
 * @param oracleLevels the levels at which the oracle is measured for every system
 * @param reps how many times each (system, level) runs, interleaved
 * @param seconds the length of one measured run
 * @param warmupSeconds the longest closed-loop warm-up per system and scenario (it stops earlier once settled)
 * @param saturationSeconds the closed-loop saturation run per system and scenario
 * @param saturationConcurrency the closed loop's requests in flight; 0 = by scenario (64 at 0 ms, 256 at 20 ms, 512 at 50 ms)
 * @param inflight the requests in flight in the concurrency scenario (default 1,000: see {@link #DEFAULT_INFLIGHT})
 * @param sutCpus the CPUs of the systems under test ({@code taskset -c})
 * @param mockCpus the CPUs of the mocks
 * @param jdk the JDK home every JVM runs on
 * @param jvmOptions options given to every JVM system
 * @param jfr whether ensemble-service, the gateway and the floor record a JFR profile (written when they stop)
 */
record BenchConfig(Path root, Path results, String mode, List<String> scenarios, List<String> systems,
		List<Double> levels, List<Double> oracleLevels, int reps, int seconds, int warmupSeconds,
		int saturationSeconds, int saturationConcurrency, int inflight, String sutCpus, String mockCpus, Path jdk,
		List<String> jvmOptions, boolean jfr) {

	/**
	 * The default burst of the concurrency scenario. The issue asks for 10,000; on this machine two limits stand in
	 * the way: the hard open-file limit of one process (20,000; 10,000 in flight need ~40,000 sockets in the system
	 * under test at N=3) and the CPU of the fixture (10,000 requests in one second are 30,000 member answers from
	 * mocks that share one core with the load generator; at 4,500 every system, the floor included, failed most
	 * requests). 1,000 is the largest burst the fixture was measured to serve correctly for every system.
	 * {@code --inflight N} runs another size, up to what fits the open-file limit.
	 */
	static final int DEFAULT_INFLIGHT = 1_000;

	/** Every scenario, the burst first and the N=10 group last, so a run cut short keeps the most. */
	static final List<String> STANDARD_SCENARIOS = List.of("inflight", "n3-0ms", "n3-20ms", "n3-50ms-spikes",
			"n10-20ms", "n10-0ms", "n10-50ms-spikes");

	static BenchConfig parse(String[] args) {
		Path root = Path.of(System.getProperty("chorus.root", ".")).toAbsolutePath().normalize();
		Path results = null;
		String mode = "standard";
		List<String> scenarios = STANDARD_SCENARIOS;
		int inflight = Math.min(DEFAULT_INFLIGHT, fittingInFlight(3));
		List<String> systems = new ArrayList<>(SystemUnderTest.IDS);
		List<Double> levels = List.of(0.25, 0.5, 0.75, 0.9);
		// 25 %: issue 14's tail at ordinary load is judged against the oracle there; 50 %: the fan-out overhead.
		List<Double> oracleLevels = List.of(0.25, 0.5);
		int reps = 3;
		int seconds = 5;
		int warmup = 120;
		int saturation = 6;
		int concurrency = 0;
		String sutCpus = "0";
		String mockCpus = "1";
		Path jdk = Path.of(System.getProperty("java.home"));
		boolean jfr = false;
		List<String> jvmOptions = List.of("-Xms512m", "-Xmx2g", "-XX:+UseG1GC", "--enable-native-access=ALL-UNNAMED");
		for (int i = 0; i < args.length; i++) {
			switch (args[i]) {
				case "--quick" -> {
					mode = "quick";
					scenarios = List.of("inflight", "n3-0ms", "n10-20ms");
				}
				case "--full" -> {
					mode = "full";
					scenarios = STANDARD_SCENARIOS;
					oracleLevels = levels;
					seconds = 10;
					saturation = 10;
				}
				case "--scenarios" -> scenarios = list(args[++i]);
				case "--systems" -> systems = new ArrayList<>(list(args[++i]));
				case "--levels" -> levels = list(args[++i]).stream().map(Double::valueOf).toList();
				case "--oracle-levels" -> oracleLevels = list(args[++i]).stream().map(Double::valueOf).toList();
				case "--reps" -> reps = Integer.parseInt(args[++i]);
				case "--seconds" -> seconds = Integer.parseInt(args[++i]);
				case "--warmup" -> warmup = Integer.parseInt(args[++i]);
				case "--saturation-seconds" -> saturation = Integer.parseInt(args[++i]);
				case "--concurrency" -> concurrency = Integer.parseInt(args[++i]);
				case "--sut-cpus" -> sutCpus = args[++i].equals("none") ? null : args[i];
				case "--mock-cpus" -> mockCpus = args[++i].equals("none") ? null : args[i];
				case "--jfr" -> jfr = true;
				// Replaces the Java systems' options (space-separated), e.g. to compare collectors with GC logs:
				// --jvm-options '-Xms512m -Xmx2g -XX:+UseZGC -Xlog:gc:file=/tmp/zgc-%p.log'
				case "--jvm-options" -> jvmOptions = List.of(args[++i].trim().split("\\s+"));
				case "--inflight" -> inflight = Integer.parseInt(args[++i]);
				case "--results" -> results = Path.of(args[++i]).toAbsolutePath();
				default -> throw new IllegalArgumentException("unknown option " + args[i]);
			}
		}
		if (results == null) {
			results = root.resolve("bench/results").resolve(java.time.LocalDateTime.now()
				.withNano(0).toString().replace(':', '-'));
		}
		if (!javaVersionAtLeast(21) && systems.remove("mvc-virtual")) {
			System.out.println("NOTICE: JDK " + Runtime.version().feature()
					+ " has no virtual threads; skipping Spring MVC on virtual threads (run with JDK 21+)");
		}
		return new BenchConfig(root, results, mode, scenarios, systems, levels, oracleLevels, reps, seconds, warmup,
				saturation, concurrency, inflight, sutCpus, mockCpus, jdk,
				jvmOptions, jfr);
	}

	String jdkJava() {
		return this.jdk.resolve("bin/java").toString();
	}

	String jdkJcmd() {
		Path jcmd = this.jdk.resolve("bin/jcmd");
		return Files.isExecutable(jcmd) ? jcmd.toString() : "jcmd";
	}

	Path jar(String name) {
		String path = switch (name) {
			case "ensemble-service" -> "ensemble-service/target/ensemble-service-0.1.0-SNAPSHOT-exec.jar";
			case "gateway" -> Files.isRegularFile(this.root.resolve("gateway/target/gateway-0.1.0-SNAPSHOT-exec.jar"))
					? "gateway/target/gateway-0.1.0-SNAPSHOT-exec.jar" : "gateway/target/gateway-0.1.0-SNAPSHOT.jar";
			case "mocks" -> "mock-endpoints/target/mock-endpoints-0.1.0-SNAPSHOT-exec.jar";
			case "floor" -> "bench/peers/reactor-netty-floor/target/bench-peer-reactor-netty-floor-0.1.0-SNAPSHOT.jar";
			case "mvc" -> "bench/peers/spring-mvc/target/bench-peer-spring-mvc-0.1.0-SNAPSHOT.jar";
			default -> throw new IllegalArgumentException(name);
		};
		Path jar = this.root.resolve(path);
		if (!Files.isRegularFile(jar)) {
			throw new IllegalStateException("missing " + jar + ": build first (bench/run.sh does)");
		}
		return jar;
	}

	/**
	 * The most requests in flight (at most 10,000, in steps of 500) whose sockets fit the open-file limit of one
	 * process: each needs one inbound and {@code members} outbound connections in the system under test.
	 */
	static int fittingInFlight(int members) {
		long limit = openFileLimit();
		long fit = (limit - 1000) / (1 + members);
		return (int) Math.min(10_000, Math.max(500, fit / 500 * 500));
	}

	static long openFileLimit() {
		try {
			for (String line : Files.readAllLines(Path.of("/proc/self/limits"))) {
				if (line.startsWith("Max open files")) {
					return Long.parseLong(line.substring("Max open files".length()).trim().split("\\s+")[0]);
				}
			}
		}
		catch (Exception ex) {
			// fall through
		}
		return 1024;
	}

	private static boolean javaVersionAtLeast(int feature) {
		return Runtime.version().feature() >= feature;
	}

	private static List<String> list(String csv) {
		return Arrays.stream(csv.split(",")).map(String::trim).filter((s) -> !s.isEmpty()).toList();
	}

}
