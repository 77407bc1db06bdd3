package io.chorus.bench;

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
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.atomic.DoubleAccumulator;

import io.chorus.bench.load.LoadGenerator;
import io.chorus.bench.load.Outcome;
import io.chorus.bench.load.RunStats;
import io.chorus.bench.load.Target;
import io.chorus.bench.proc.ManagedProcess;
import io.chorus.bench.report.Report;
import io.chorus.protocol.InferenceCodec;
import io.chorus.protocol.Tensor;

/**
 * The benchmark's entry point (see {@code bench/run.sh}): starts the mocks and, per scenario group, every system;
 * finds each system's saturation throughput; runs each (system, load level) several times, interleaved, with the
 * oracle at the same rate; records latency, errors, CPU and memory; then writes the report.
 */
public final class BenchMain {

	static final byte[] BODY = ("{\"id\":\"bench\",\"inputs\":[{\"name\":\"features\",\"shape\":[1,4],"
			+ "\"datatype\":\"FP32\",\"data\":[5.9,3.0,5.1,1.8]}]}").getBytes(StandardCharsets.UTF_8);

	private static final int WARMUP_WINDOW_SECONDS = 5;

	/** A window of the unmeasured open-model run at the lowest level after the closed loops ({@link #settle}). */
	private static final int SETTLE_SECONDS = 10;

	/** The most settle windows: a system whose JIT never quiets is measured anyway, and says so in its row. */
	private static final int SETTLE_MAX_WINDOWS = 6;

	/** The most unmeasured warm-up bursts per system before the burst scenario's heap burst. */
	private static final int BURST_WARMUP_MAX = 10;

	private final BenchConfig config;

	private final Results results;

	private final LoadGenerator generator;

	private final HttpClient admin = HttpClient.newHttpClient();

	private ManagedProcess mocks;

	private Process oracleProcess;

	private float[] expected;

	private java.io.PrintWriter oracleIn;

	private java.io.BufferedReader oracleOut;

	private BenchMain(BenchConfig config) throws IOException {
		this.config = config;
		this.results = new Results(config.results().resolve("runs.jsonl"));
		this.generator = new LoadGenerator(Duration.ofSeconds(30));
	}

	public static void main(String[] args) throws Exception {
		// Reactor Netty logs every failed connection at WARN; thousands of timeouts in an overload run would flood
		// the console and steal the generator's CPU. Errors are counted, not logged.
		reactor.util.Loggers.useJdkLoggers();
		java.util.logging.Logger.getLogger("").setLevel(java.util.logging.Level.SEVERE);
		for (java.util.logging.Handler h : java.util.logging.Logger.getLogger("").getHandlers()) {
			h.setLevel(java.util.logging.Level.SEVERE);
		}
		if (args.length == 2 && args[0].equals("--report-only")) {
			Path dir = Path.of(args[1]).toAbsolutePath();
			Report.write(dir, Path.of(System.getProperty("chorus.root", ".")).toAbsolutePath().normalize());
			return;
		}
		BenchConfig config = BenchConfig.parse(args);
		Files.createDirectories(config.results());
		System.out.println("results in " + config.results());
		BenchMain bench = new BenchMain(config);
		try {
			bench.run();
		}
		finally {
			bench.generator.close();
			if (bench.mocks != null) {
				bench.mocks.close();
			}
			if (bench.oracleProcess != null) {
				bench.oracleProcess.destroyForcibly();
			}
		}
		Report.write(config.results(), config.root());
		System.exit(0);
	}

	private void run() throws Exception {
		this.results.write(meta());
		Path mockYaml = this.config.results().resolve("mocks.yml");
		Files.writeString(mockYaml, Fleet.mocksYaml(19101, 20101));
		this.mocks = ManagedProcess.start("mocks", this.config.mockCpus(),
				List.of(this.config.jdkJava(), "-Xms512m", "-Xmx2g", "-XX:+UseG1GC", "-jar",
						this.config.jar("mocks").toString(),
						"--spring.config.additional-location=file:" + mockYaml.toAbsolutePath()),
				Map.of(), this.config.results().resolve("logs/mocks.log"), this.config.jdkJcmd());
		waitForMocks(Fleet.MOCKS);
		startOracle();
		Map<String, List<Scenario>> groups = new LinkedHashMap<>();
		for (String id : this.config.scenarios()) {
			Scenario s = Scenario.byId(id);
			groups.computeIfAbsent(s.group(), (k) -> new ArrayList<>()).add(s);
		}
		for (List<Scenario> group : groups.values()) {
			log("starting systems for " + group.get(0).group());
			try (Fleet fleet = Fleet.start(this.config, group.get(0), this.config.results(), this.mocks)) {
				for (SystemUnderTest system : fleet.systems().values()) {
					waitForMocks(system.mocks().base());
				}
				for (Scenario scenario : group) {
					setBehavior(scenario, fleet);
					float[] expected = expected(scenario.members());
					this.expected = expected;
					Map<String, Target> targets = new LinkedHashMap<>();
					for (SystemUnderTest system : fleet.systems().values()) {
						targets.put(system.id(), Target.inference(this.generator.client(), system.url(),
								with(system.headers()), BODY, "probabilities", expected));
					}
					awaitReady(fleet, targets);
					if (scenario.burst()) {
						runBurst(scenario, fleet, expected);
					}
					else {
						runLatency(scenario, fleet, targets);
					}
					recordMemory(scenario, fleet);
				}
			}
		}
	}

	private void runLatency(Scenario scenario, Fleet fleet, Map<String, Target> targets) throws IOException {
		Map<String, Double> saturation = new LinkedHashMap<>();
		warmOracle(scenario);
		for (SystemUnderTest system : fleet.systems().values()) {
			Target target = targets.get(system.id());
			Warmup warmup = warmUp(scenario, system, target);
			double cpu0 = system.cpuSeconds();
			double mock0 = system.mocks().process().cpuSeconds();
			LoadGenerator.ClosedStats sat = this.generator.closed(target, concurrency(scenario),
					Duration.ofSeconds(this.config.saturationSeconds()));
			saturation.put(system.id(), sat.throughput());
			Map<String, Object> row = row("saturation", scenario, system.id(), 1.0, 0);
			row.put("throughput", sat.throughput());
			row.put("errorShare", sat.errorShare());
			row.put("errorKinds", sat.errorKinds());
			row.put("concurrency", concurrency(scenario));
			row.put("cpuSeconds", system.cpuSeconds() - cpu0);
			row.put("mockCpuSeconds", system.mocks().process().cpuSeconds() - mock0);
			row.put("seconds", sat.seconds());
			row.put("warmupSeconds", warmup.seconds());
			row.put("warmupJitShare", warmup.jitShare());
			row.put("warmupSettled", warmup.settled());
			row.put("settleJitShare", settle(scenario, system, sat.throughput()));
			this.results.write(row);
			log(String.format("%s %s: saturation %.0f req/s (errors %.2f%% %s)", scenario.id(), system.id(),
					sat.throughput(), sat.errorShare() * 100, sat.errorKinds()));
		}
		List<String> order = new ArrayList<>(fleet.systems().keySet());
		for (int rep = 1; rep <= this.config.reps(); rep++) {
			for (double level : this.config.levels()) {
				for (String id : order) {
					SystemUnderTest system = fleet.systems().get(id);
					double rate = Math.max(1, level * saturation.get(id));
					if (this.config.oracleLevels().contains(level)) {
						oracle(scenario, id, level, rep, rate);
						if (id.equals("gateway") && fleet.systems().containsKey("ensemble")) {
							// The gateway hop: ensemble-service called directly at the gateway's rate.
							measure("hop", scenario, id, level, rep, rate, fleet.systems().get("ensemble"));
						}
					}
					measure("load", scenario, id, level, rep, rate, system);
				}
			}
			// Interleave: the next repetition starts with a different system.
			order.add(order.remove(0));
		}
	}

	/**
	 * Runs the lowest load level, unmeasured, after the closed loops, in 10 s windows until the JIT compilers used
	 * under 3 % of the system's CPU in one (at most {@link #SETTLE_MAX_WINDOWS}). Why: the warm-up and the
	 * saturation search are closed loops that keep the event loop busy; evenly spaced arrivals at low load take other
	 * paths (an idle loop woken per request, timers that fire), and the first measured run at 25 % load was where C2
	 * deoptimised and recompiled on the one pinned core (JFR, 2026-12-02: 20 deoptimisations, then 2.1 s of C2
	 * compilation inside a 10 s run). One fixed 10 s window was not enough for a fresh JVM (9-12 % JIT in it, and a
	 * 25 % tail 40 ms above the oracle's, against +9 ms for warm processes).
	 * @return the JIT compilers' share of the system's CPU time in the last settle window
	 */
	private double settle(Scenario scenario, SystemUnderTest system, double saturation) throws IOException {
		double level = this.config.levels().stream().mapToDouble(Double::doubleValue).min().orElse(0.25);
		try (LoadGenerator generator = new LoadGenerator(Duration.ofSeconds(30))) {
			Target target = inferenceTarget(generator, system, this.expected);
			return untilJitQuiet(system, SETTLE_MAX_WINDOWS, String.format("%s %s: settle window %%d (%d s at %.0f %%%% load)",
					scenario.id(), system.id(), SETTLE_SECONDS, 100 * level),
					() -> generator.open(target, Math.max(1, level * saturation), Duration.ofSeconds(SETTLE_SECONDS),
							Duration.ofMillis(scenario.timeoutMs() + 10_000), null, cap(scenario.members())))
				.jitShare();
		}
	}

	/**
	 * Runs unmeasured rounds until the JIT compilers used under 3 % of the system's CPU during one.
	 * @param max the most rounds: a system whose JIT never quiets is measured anyway, and its row says so
	 * @param label the log line's start, with {@code %d} for the round's number
	 * @param round one round of load
	 * @return how many rounds ran, and the JIT's share of the system's CPU in the last
	 */
	private Quieted untilJitQuiet(SystemUnderTest system, int max, String label, Runnable round) {
		Quieted last = new Quieted(0, 0);
		for (int i = 1; i <= max; i++) {
			double cpu0 = system.cpuSeconds();
			double jit0 = system.jitCpuSeconds();
			round.run();
			last = new Quieted(i, jitShare(system, cpu0, jit0));
			log(String.format(label + ": JIT %.1f%% of its CPU", i, 100 * last.jitShare()));
			if (last.jitShare() < 0.03) {
				break;
			}
		}
		return last;
	}

	/** How many unmeasured rounds a system needed, and the JIT's share of its CPU in the last. */
	private record Quieted(int rounds, double jitShare) {
	}

	/** The JIT compilers' share of the system's CPU since the two readings. */
	private static double jitShare(SystemUnderTest system, double cpu0, double jit0) {
		double cpu = system.cpuSeconds() - cpu0;
		return (cpu > 0) ? (system.jitCpuSeconds() - jit0) / cpu : 0;
	}

	/** The closed loop's requests in flight: enough to saturate, not so many that the mocks' core queues. */
	private int concurrency(Scenario scenario) {
		if (this.config.saturationConcurrency() > 0) {
			return this.config.saturationConcurrency();
		}
		return scenario.behavior().contains("\"ms\":50") ? 512 : scenario.behavior().contains("\"ms\":20") ? 256 : 64;
	}

	/**
	 * Warms a system up until it is compiled and steady: 5 s closed-loop windows at 64 in flight until two windows
	 * in a row differ by less than 5 % in throughput and the JIT compiler threads used less than 3 % of the
	 * system's CPU in the last one (at least 15 s, at most {@code --warmup} seconds).
	 * @return how long it took and whether it settled
	 */
	private Warmup warmUp(Scenario scenario, SystemUnderTest system, Target target) {
		// JIT compilers share the pinned core with the system; let them use both cores while warming up.
		system.processes().forEach((p) -> repin(p, "0-1"));
		try {
			return warmUpPinned(scenario, system, target);
		}
		finally {
			system.processes().forEach((p) -> repin(p, this.config.sutCpus()));
		}
	}

	private static void repin(ManagedProcess process, String cpus) {
		if (cpus == null) {
			return;
		}
		try {
			new ProcessBuilder("taskset", "-a", "-p", "-c", cpus, Long.toString(process.pid()))
				.redirectErrorStream(true).redirectOutput(ProcessBuilder.Redirect.DISCARD).start().waitFor();
		}
		catch (IOException ex) {
			throw new IllegalStateException(ex);
		}
		catch (InterruptedException ex) {
			Thread.currentThread().interrupt();
		}
	}

	private Warmup warmUpPinned(Scenario scenario, SystemUnderTest system, Target target) {
		long giveUp = System.nanoTime() + Duration.ofSeconds(this.config.warmupSeconds()).toNanos();
		double last = 0;
		int windows = 0;
		while (true) {
			double cpu0 = system.cpuSeconds();
			double jit0 = system.jitCpuSeconds();
			LoadGenerator.ClosedStats window = this.generator.closed(target, 64, Duration.ofSeconds(WARMUP_WINDOW_SECONDS));
			double cpu = system.cpuSeconds() - cpu0;
			double jit = system.jitCpuSeconds() - jit0;
			double now = window.throughput();
			double jitShare = (cpu > 0) ? jit / cpu : 0;
			windows++;
			// Settled: throughput steady and the JIT compilers (which share the system's CPU time) nearly idle.
			// Throughput alone settled too early: the gateway's compilers were still taking 15-35 % of its CPU
			// when two windows first agreed, so its "saturation" was measured half-compiled.
			boolean settled = windows >= 3 && last > 0 && Math.abs(now - last) / last < 0.05 && jitShare < 0.03;
			log(String.format("%s %s: warm-up window %d: %.0f req/s, %.3f CPU ms/request, JIT %.1f%% of its CPU",
					scenario.id(), system.id(), windows, now, (now > 0) ? 1000 * cpu / (now * WARMUP_WINDOW_SECONDS) : Double.NaN,
					100 * jitShare));
			if (settled || System.nanoTime() > giveUp) {
				return new Warmup(windows * WARMUP_WINDOW_SECONDS, jitShare, settled);
			}
			last = now;
		}
	}

	private void startOracle() throws IOException {
		List<String> command = new ArrayList<>();
		if (this.config.sutCpus() != null) {
			command.addAll(List.of("taskset", "-c", this.config.sutCpus()));
		}
		command.addAll(List.of(this.config.jdkJava(), "-Xms256m", "-Xmx1g", "-XX:+UseG1GC",
				"--enable-native-access=ALL-UNNAMED", "-cp",
				this.config.root().resolve("bench/runner/target/bench-runner-0.1.0-SNAPSHOT.jar").toString(),
				"io.chorus.bench.OracleMain"));
		this.oracleProcess = new ProcessBuilder(command).redirectError(ProcessBuilder.Redirect.appendTo(
				this.config.results().resolve("logs/oracle.log").toFile())).start();
		this.oracleIn = new java.io.PrintWriter(this.oracleProcess.getOutputStream(), true);
		this.oracleOut = new java.io.BufferedReader(new java.io.InputStreamReader(this.oracleProcess.getInputStream()));
	}

	private Map<String, Object> oracleRun(double rate, int seconds, long drainMs, List<String> members)
			throws IOException {
		this.oracleIn.println("run " + rate + " " + seconds + " " + drainMs + " " + String.join(",", members) + " "
				+ cap(members.size()));
		for (String line = this.oracleOut.readLine(); line != null; line = this.oracleOut.readLine()) {
			if (line.startsWith("ORACLE ")) {
				return new tools.jackson.databind.json.JsonMapper().readValue(line.substring(7),
						new tools.jackson.core.type.TypeReference<Map<String, Object>>() { });
			}
		}
		throw new IllegalStateException("the oracle process ended; see logs/oracle.log");
	}

	/** Warms the oracle's JIT: 5 s windows at 500 requests/s until its p50 settles (15-45 s). */
	private void warmOracle(Scenario scenario) throws IOException {
		double last = 0;
		for (int i = 1; i <= 9; i++) {
			double p50 = ((Number) oracleRun(500, 5, scenario.timeoutMs() + 5_000,
					Fleet.memberUrls(scenario.members())).get("p50")).doubleValue();
			log(String.format("%s oracle warm-up window %d: p50 %.2f ms", scenario.id(), i, p50));
			if (i >= 3 && last > 0 && Math.abs(p50 - last) / last < 0.1) {
				return;
			}
			last = p50;
		}
	}

	private void oracle(Scenario scenario, String id, double level, int rep, double rate) throws IOException {
		double mock0 = this.mocks.cpuSeconds();
		Map<String, Object> stats = oracleRun(rate, this.config.seconds(), scenario.timeoutMs() + 10_000,
				Fleet.memberUrls(scenario.members()));
		Map<String, Object> row = row("oracle", scenario, id, level, rep);
		row.put("offeredRate", rate);
		row.putAll(stats);
		double seconds = ((Number) stats.get("seconds")).doubleValue();
		long ok = ((Number) stats.get("ok")).longValue();
		long requests = ((Number) stats.get("requests")).longValue();
		row.put("throughput", (seconds > 0) ? ok / seconds : 0);
		row.put("errorShare", (requests > 0) ? (double) ((Number) stats.get("errors")).longValue() / requests : 0);
		row.put("mockCpuSeconds", this.mocks.cpuSeconds() - mock0);
		this.results.write(row);
		log(String.format("%s oracle   %-12s level %.2f rep %d: %.0f/s offered, p50 %s p99 %s p99.9 %s ms, errors %s, lag %s ms",
				scenario.id(), id, level, rep, rate, stats.get("p50"), stats.get("p99"), stats.get("p999"),
				stats.get("errorKinds"), stats.get("maxLagMs")));
	}

	private static void join(Process p) {
		try {
			p.waitFor();
		}
		catch (InterruptedException ex) {
			Thread.currentThread().interrupt();
			p.destroyForcibly();
		}
	}

	private void runBurst(Scenario scenario, Fleet fleet, float[] expected) throws IOException {
		double rate = this.config.inflight();
		for (SystemUnderTest system : fleet.systems().values()) {
			try (LoadGenerator generator = new LoadGenerator(Duration.ofSeconds(30))) {
				Target target = inferenceTarget(generator, system, expected);
				// No closed-loop warm-up runs here: in fresh JVMs primed by one burst the JIT took 28-49 % of the
				// system's CPU during the measured bursts (2026-12-02), so the burst measured compilation.
				Quieted warmed = untilJitQuiet(system, BURST_WARMUP_MAX,
						scenario.id() + " " + system.id() + ": warm-up burst %d",
						() -> prime(generator, scenario, system, target, rate));
				log(scenario.id() + " " + system.id() + ": burst with a full GC at the peak, for the heap");
				Thread heap = new Thread(() -> {
					sleep(900);
					Map<String, Object> row = row("memory-peak", scenario, system.id(), 1.0, 0);
					row.put("warmupBursts", warmed.rounds());
					row.put("warmupJitShare", warmed.jitShare());
					row.put("heapAfterGcMb", system.processes().get(0).heapAfterGcMb());
					row.put("rssMb", system.rssMb());
					try {
						this.results.write(row);
					}
					catch (IOException ex) {
						throw new IllegalStateException(ex);
					}
				});
				heap.start();
				RunStats peak = generator.open(target, rate, Duration.ofSeconds(1), Duration.ofSeconds(30), null,
						Long.MAX_VALUE);
				join(heap);
				log(scenario.id() + " " + system.id() + ": heap burst " + peak);
			}
			sleep(1500);
		}
		List<String> order = new ArrayList<>(fleet.systems().keySet());
		for (int rep = 1; rep <= this.config.reps(); rep++) {
			for (String id : order) {
				SystemUnderTest system = fleet.systems().get(id);
				// A pool of its own per system: the generator cannot hold every system's thousands of sockets at once.
				try (LoadGenerator generator = new LoadGenerator(Duration.ofSeconds(30))) {
					Target target = inferenceTarget(generator, system, expected);
					prime(generator, scenario, system, target, rate);
					measure(generator, "load", scenario, id, 1.0, rep, rate, target, system);
				}
				sleep(1500);
			}
			order.add(order.remove(0));
		}
	}

	private Target inferenceTarget(LoadGenerator generator, SystemUnderTest system, float[] expected) {
		return Target.inference(generator.client(), system.url(), with(system.headers()), BODY, "probabilities",
				expected);
	}

	/**
	 * An identical, unrecorded burst just before a measured one, so the measured burst finds the connections
	 * (generator → system → members) already open, as a long-running service would; without it the result is
	 * dominated by thousands of TCP handshakes, and by servers that close idle keep-alive connections sooner.
	 */
	private void prime(LoadGenerator generator, Scenario scenario, SystemUnderTest system, Target target,
			double rate) {
		RunStats primed = generator.open(target, rate, Duration.ofSeconds(1), Duration.ofSeconds(30), null,
				Long.MAX_VALUE);
		log(String.format("%s %s: priming burst p50 %.0f ms, p99 %.0f ms, errors %d %s", scenario.id(), system.id(),
				primed.p50(), primed.p99(), primed.errors(), primed.errorKinds()));
		sleep(1500);
	}

	private void measure(String kind, Scenario scenario, String id, double level, int rep, double rate,
			SystemUnderTest called) throws IOException {
		// A fresh pool per run: the sockets of a run that overloaded its system close before the next one starts.
		try (LoadGenerator generator = new LoadGenerator(Duration.ofSeconds(30))) {
			measure(generator, kind, scenario, id, level, rep, rate, inferenceTarget(generator, called, this.expected),
					called);
		}
	}

	/** The most requests in flight per run: what the mocks' and the system's open-file limits allow, at most 2,000. */
	private static long cap(int members) {
		return Math.min(2_000, BenchConfig.fittingInFlight(members));
	}

	private void measure(LoadGenerator generator, String kind, Scenario scenario, String id, double level, int rep,
			double rate, Target target, SystemUnderTest system) throws IOException {
		boolean burst = scenario.burst();
		Duration duration = Duration.ofSeconds(burst ? 1 : this.config.seconds());
		Duration drain = Duration.ofMillis(burst ? 30_000 : scenario.timeoutMs() + 10_000);
		double cpu0 = (system != null) ? system.cpuSeconds() : 0;
		double jit0 = (system != null) ? system.jitCpuSeconds() : 0;
		ManagedProcess mocks = (system != null) ? system.mocks().process() : this.mocks;
		double mock0 = mocks.cpuSeconds();
		DoubleAccumulator rss = new DoubleAccumulator(Math::max, 0);
		RunStats stats = generator.open(target, rate, duration, drain,
				(system != null) ? () -> rss.accumulate(system.rssMb()) : null,
				burst ? Long.MAX_VALUE : cap(scenario.members()));
		Map<String, Object> row = row(kind, scenario, id, level, rep);
		row.put("offeredRate", rate);
		row.put("requests", stats.requests());
		row.put("ok", stats.ok());
		row.put("errors", stats.errors());
		row.put("errorKinds", stats.errorKinds());
		row.put("seconds", stats.seconds());
		row.put("throughput", stats.throughput());
		row.put("errorShare", stats.errorShare());
		row.put("p50", stats.p50());
		row.put("p99", stats.p99());
		row.put("p999", stats.p999());
		row.put("max", stats.max());
		row.put("maxInFlight", stats.maxInFlight());
		row.put("maxLagMs", stats.maxLagMs());
		row.put("mockCpuSeconds", mocks.cpuSeconds() - mock0);
		if (system != null) {
			double cpu = system.cpuSeconds() - cpu0;
			row.put("cpuSeconds", cpu);
			row.put("cpuPer1000", cpu / (stats.requests() / 1000.0));
			// The JIT compilers' share of the system's CPU during the run: compilation on the pinned core is in its tail.
			row.put("jitShare", jitShare(system, cpu0, jit0));
			row.put("rssPeakMb", rss.get());
		}
		this.results.write(row);
		log(String.format("%s %-8s %-12s level %.2f rep %d: %.0f/s offered, %.0f/s ok, p50 %.2f p99 %.2f p99.9 %.2f ms,"
				+ " errors %d %s, lag %.2f ms%s", scenario.id(), kind, id, level, rep, rate, stats.throughput(),
				stats.p50(), stats.p99(), stats.p999(), stats.errors(), stats.errorKinds(), stats.maxLagMs(),
				row.containsKey("jitShare") ? String.format(", JIT %.1f%%", 100 * (double) row.get("jitShare")) : ""));
	}

	private void recordMemory(Scenario scenario, Fleet fleet) throws IOException {
		for (SystemUnderTest system : fleet.systems().values()) {
			Map<String, Object> row = row("memory-idle", scenario, system.id(), 1.0, 0);
			row.put("heapAfterGcMb", system.processes().get(0).heapAfterGcMb());
			row.put("rssMb", system.rssMb());
			this.results.write(row);
		}
	}

	private Map<String, Object> row(String kind, Scenario scenario, String system, double level, int rep) {
		Map<String, Object> row = new LinkedHashMap<>();
		row.put("kind", kind);
		row.put("scenario", scenario.id());
		row.put("system", system);
		row.put("level", level);
		row.put("rep", rep);
		return row;
	}

	private Map<String, Object> meta() {
		Map<String, Object> row = new LinkedHashMap<>();
		row.put("kind", "meta");
		row.put("mode", this.config.mode());
		row.put("scenarios", this.config.scenarios());
		row.put("systems", this.config.systems());
		row.put("levels", this.config.levels());
		row.put("oracleLevels", this.config.oracleLevels());
		row.put("reps", this.config.reps());
		row.put("seconds", this.config.seconds());
		row.put("warmupSeconds", this.config.warmupSeconds());
		row.put("saturationSeconds", this.config.saturationSeconds());
		row.put("saturationConcurrency", this.config.saturationConcurrency());
		row.put("inflight", this.config.inflight());
		row.put("openFileLimit", BenchConfig.openFileLimit());
		row.put("sutCpus", String.valueOf(this.config.sutCpus()));
		row.put("mockCpus", String.valueOf(this.config.mockCpus()));
		row.put("jdk", System.getProperty("java.vm.name") + " " + System.getProperty("java.runtime.version"));
		row.put("jvmOptions", this.config.jvmOptions());
		row.put("started", java.time.OffsetDateTime.now().toString());
		row.put("cpu", MachineInfo.cpuModel());
		row.put("loadAverage", MachineInfo.loadAverage());
		row.put("memoryGb", MachineInfo.memoryGb());
		row.put("kernel", MachineInfo.kernel());
		return row;
	}

	private Map<String, String> with(Map<String, String> headers) {
		Map<String, String> all = new LinkedHashMap<>(headers);
		all.put("Content-Type", "application/json");
		return all;
	}

	private void waitForMocks(String base) throws Exception {
		long giveUp = System.nanoTime() + Duration.ofSeconds(120).toNanos();
		while (System.nanoTime() < giveUp) {
			try {
				if (post(base + "/v2/models/m0/infer", BODY).statusCode() == 200) {
					return;
				}
			}
			catch (IOException ex) {
				// not up yet
			}
			sleep(500);
		}
		throw new IllegalStateException("mocks at " + base + " did not start; see logs/");
	}

	private void awaitReady(Fleet fleet, Map<String, Target> targets) {
		for (SystemUnderTest system : fleet.systems().values()) {
			long giveUp = System.nanoTime() + Duration.ofSeconds(240).toNanos();
			Outcome last = null;
			while (System.nanoTime() < giveUp) {
				last = targets.get(system.id()).call().block(Duration.ofSeconds(10));
				if (last != null && last.ok()) {
					break;
				}
				if (system.processes().stream().anyMatch((p) -> !p.alive())) {
					throw new IllegalStateException(system.id() + " exited; see its log");
				}
				sleep(500);
			}
			if (last == null || !last.ok()) {
				throw new IllegalStateException(system.id() + " not ready: " + last);
			}
			log(system.id() + " ready");
		}
	}

	private void setBehavior(Scenario scenario, Fleet fleet) throws Exception {
		java.util.Set<String> admins = new java.util.LinkedHashSet<>();
		admins.add("http://127.0.0.1:20101");
		fleet.systems().values().forEach((s) -> admins.add(s.mocks().admin()));
		for (String admin : admins) {
			for (int i = 0; i < 10; i++) {
				HttpResponse<String> r = this.admin.send(
						HttpRequest.newBuilder(URI.create(admin + "/admin/models/m" + i + "/behavior"))
							.PUT(HttpRequest.BodyPublishers.ofString(scenario.behavior()))
							.build(),
						HttpResponse.BodyHandlers.ofString());
				if (r.statusCode() != 200) {
					throw new IllegalStateException("behaviour rejected: " + r.body());
				}
			}
		}
	}

	private float[] expected(int members) throws Exception {
		double[] sum = null;
		for (String url : Fleet.memberUrls(members)) {
			Tensor t = InferenceCodec.readResponse(post(url, BODY).body()).output("probabilities").orElseThrow();
			if (sum == null) {
				sum = new double[t.data().size()];
			}
			for (int i = 0; i < sum.length; i++) {
				sum[i] += t.data().doubleAt(i);
			}
		}
		float[] mean = new float[sum.length];
		for (int i = 0; i < mean.length; i++) {
			mean[i] = (float) (sum[i] / members);
		}
		return mean;
	}

	private HttpResponse<byte[]> post(String url, byte[] body) throws Exception {
		return this.admin.send(HttpRequest.newBuilder(URI.create(url))
			.header("Content-Type", "application/json")
			.timeout(Duration.ofSeconds(10))
			.POST(HttpRequest.BodyPublishers.ofByteArray(body))
			.build(), HttpResponse.BodyHandlers.ofByteArray());
	}

	private static void join(Thread thread) {
		try {
			thread.join();
		}
		catch (InterruptedException ex) {
			Thread.currentThread().interrupt();
		}
	}

	private static void sleep(long millis) {
		try {
			Thread.sleep(millis);
		}
		catch (InterruptedException ex) {
			Thread.currentThread().interrupt();
		}
	}

	/**
	 * How a system's warm-up ended.
	 * @param seconds how long it ran
	 * @param jitShare the JIT compilers' share of the system's CPU time in the last window
	 * @param settled false when it stopped at {@code --warmup} seconds without settling
	 */
	private record Warmup(double seconds, double jitShare, boolean settled) {
	}

	static void log(String message) {
		System.out.println(java.time.LocalTime.now().withNano(0) + " " + message);
	}

}
