package io.chorus.bench;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

import io.chorus.bench.proc.ManagedProcess;

/**
 * Starts every system for one scenario group (same N, same timeout), all pinned to the systems' CPUs, and
 * stops them afterwards. ensemble-service serves both the direct and the gateway system.
 */
final class Fleet implements AutoCloseable {

	static final String MOCKS = "http://127.0.0.1:19101";

	private final List<ManagedProcess> processes = new ArrayList<>();

	private final Map<String, SystemUnderTest> systems = new LinkedHashMap<>();

	private Fleet() {
	}

	static Fleet start(BenchConfig config, Scenario scenario, Path work, ManagedProcess sharedMocks)
			throws IOException {
		Fleet fleet = new Fleet();
		try {
			fleet.startAll(config, scenario, work, sharedMocks);
			return fleet;
		}
		catch (IOException | RuntimeException ex) {
			fleet.close();
			throw ex;
		}
	}

	static List<String> memberUrls(String mocks, int members) {
		List<String> urls = new ArrayList<>();
		for (int i = 0; i < members; i++) {
			urls.add(mocks + "/v2/models/m" + i + "/infer");
		}
		return urls;
	}

	static List<String> memberUrls(int members) {
		return memberUrls(MOCKS, members);
	}

	Map<String, SystemUnderTest> systems() {
		return this.systems;
	}

	/**
	 * The members one system calls: every system gets mock processes of its own (same jar, same models, same
	 * CPU), because one process may hold only so many sockets and each system keeps its member connections open.
	 * The shared mocks on port 19101 serve the oracle.
	 */
	private Mocks mocksFor(BenchConfig config, Scenario scenario, Path logs, ManagedProcess shared, int index)
			throws IOException {
		int port = 19111 + index;
		int admin = 20111 + index;
		Path yml = logs.resolve("mocks-" + port + ".yml");
		Files.createDirectories(logs);
		Files.writeString(yml, mocksYaml(port, admin));
		ManagedProcess process = ManagedProcess.start("mocks-" + port, config.mockCpus(),
				List.of(config.jdkJava(), "-Xms512m", "-Xmx2g", "-XX:+UseG1GC", "--enable-native-access=ALL-UNNAMED",
						"-jar", config.jar("mocks").toString(), "--spring.config.additional-location=file:" + yml),
				Map.of(), logs.resolve("mocks-" + port + ".log"), config.jdkJcmd());
		this.processes.add(process);
		return new Mocks("http://127.0.0.1:" + port, "http://127.0.0.1:" + admin, process);
	}

	private void startAll(BenchConfig config, Scenario scenario, Path work, ManagedProcess shared) throws IOException {
		long timeout = scenario.timeoutMs();
		Path logs = work.resolve("logs").resolve(scenario.group());
		List<String> wanted = config.systems();
		if (wanted.contains("ensemble") || wanted.contains("gateway")) {
			Mocks mocks = mocksFor(config, scenario, logs, shared, 0);
			Path yml = work.resolve("ensemble-" + scenario.group() + ".yml");
			Files.writeString(yml, ensembleYaml(scenario, mocks.base()));
			ManagedProcess ensemble = java(config, "ensemble-service", logs, config.jar("ensemble-service"),
					"--server.port=19080", "--management.server.port=19081",
					"--spring.config.additional-location=file:" + yml.toAbsolutePath());
			if (wanted.contains("ensemble")) {
				add("ensemble", "http://127.0.0.1:19080/v2/models/bench/infer", Map.of(), List.of(ensemble), mocks);
			}
			if (wanted.contains("gateway")) {
				String behind = "http://127.0.0.1:19080";
				Mocks gatewayMocks = mocks;
				ManagedProcess gatewayEnsemble = ensemble;
				if (scenario.burst()) {
					// Its own ensemble-service too: one process cannot hold the sockets of both systems at once.
					gatewayMocks = mocksFor(config, scenario, logs, shared, 1);
					Path yml2 = work.resolve("ensemble-" + scenario.group() + "-gateway.yml");
					Files.writeString(yml2, ensembleYaml(scenario, gatewayMocks.base()));
					gatewayEnsemble = java(config, "ensemble-service-behind-gateway", logs,
							config.jar("ensemble-service"), "--server.port=19082", "--management.server.port=19083",
							"--spring.config.additional-location=file:" + yml2.toAbsolutePath());
					behind = "http://127.0.0.1:19082";
				}
				ManagedProcess gateway = java(config, "gateway", logs, config.jar("gateway"), "--server.port=19090",
						"--management.server.port=19091", "--spring.profiles.active=local",
						"--chorus.gateway.ensemble-service.uri=" + behind, "--chorus.gateway.rate-limit.enabled=false");
				add("gateway", "http://127.0.0.1:19090/v2/models/bench/infer",
						Map.of("Authorization", "Bearer chorus-demo-key"), List.of(gateway, gatewayEnsemble),
						gatewayMocks);
			}
		}
		if (wanted.contains("ensemble-h2c")) {
			// ensemble-service as shipped, its members called over HTTP/2 cleartext (http2: true): its own mocks
			// (they serve h2c and HTTP/1.1 on one port) and ports, so it can run side by side with "ensemble".
			Mocks mocks = mocksFor(config, scenario, logs, shared, 5);
			Path yml = work.resolve("ensemble-" + scenario.group() + "-h2c.yml");
			Files.writeString(yml, ensembleYaml(scenario, mocks.base(), true));
			ManagedProcess ensemble = java(config, "ensemble-service-h2c", logs, config.jar("ensemble-service"),
					"--server.port=19084", "--management.server.port=19085",
					"--spring.config.additional-location=file:" + yml.toAbsolutePath());
			add("ensemble-h2c", "http://127.0.0.1:19084/v2/models/bench/infer", Map.of(), List.of(ensemble), mocks);
		}
		if (wanted.contains("floor")) {
			Mocks mocks = mocksFor(config, scenario, logs, shared, 2);
			ManagedProcess floor = start(config, "floor", logs, config.jdkJava(),
					List.of("-Dport=19200", "-Dmembers=" + members(mocks, scenario), "-DtimeoutMs=" + timeout),
					config.jar("floor"), List.of(), config.jdkJcmd());
			add("floor", "http://127.0.0.1:19200/v2/models/bench/infer", Map.of(), List.of(floor), mocks);
		}
		for (String mode : List.of("platform", "virtual")) {
			String id = "mvc-" + mode;
			if (wanted.contains(id)) {
				Mocks mocks = mocksFor(config, scenario, logs, shared, mode.equals("platform") ? 3 : 4);
				int port = mode.equals("platform") ? 19300 : 19400;
				ManagedProcess mvc = java(config, id, logs, config.jar("mvc"), "--spring.profiles.active=" + mode,
						"--server.port=" + port, "--peer.members=" + members(mocks, scenario),
						"--peer.timeout-ms=" + timeout);
				add(id, "http://127.0.0.1:" + port + "/v2/models/bench/infer", Map.of(), List.of(mvc), mocks);
			}
		}
		if (wanted.contains("python")) {
			Mocks mocks = mocksFor(config, scenario, logs, shared, 5);
			ManagedProcess python = ManagedProcess.start("python", config.sutCpus(),
					List.of(config.root().resolve("bench/peers/python-asyncio/run.sh").toString(), "19500"),
					Map.of("MEMBERS", members(mocks, scenario), "TIMEOUT_MS", Long.toString(timeout)),
					logs.resolve("python.log"), null);
			this.processes.add(python);
			add("python", "http://127.0.0.1:19500/v2/models/bench/infer", Map.of(), List.of(python), mocks);
		}
	}

	private static String members(Mocks mocks, Scenario scenario) {
		return String.join(",", memberUrls(mocks.base(), scenario.members()));
	}

	private void add(String id, String url, Map<String, String> headers, List<ManagedProcess> processes,
			Mocks mocks) {
		this.systems.put(id, new SystemUnderTest(id, SystemUnderTest.label(id), url, headers, processes, mocks));
	}

	private ManagedProcess java(BenchConfig config, String name, Path logs, Path jar, String... args)
			throws IOException {
		return start(config, name, logs, config.jdkJava(), List.of(), jar, List.of(args), config.jdkJcmd());
	}

	private ManagedProcess start(BenchConfig config, String name, Path logs, String java, List<String> jvmArgs,
			Path jar, List<String> args, String jcmd) throws IOException {
		List<String> command = new ArrayList<>(List.of(java));
		command.addAll(config.jvmOptions());
		if (config.jfr() && (name.startsWith("ensemble-service") || name.equals("gateway") || name.equals("floor"))) {
			Path jfr = config.results().resolve("jfr");
			Files.createDirectories(jfr);
			command.add("-XX:StartFlightRecording=settings=profile,filename=" + jfr.resolve(name + "-"
					+ logs.getFileName() + ".jfr"));
		}
		command.addAll(jvmArgs);
		command.addAll(List.of("-jar", jar.toString()));
		command.addAll(args);
		ManagedProcess process = ManagedProcess.start(name, config.sutCpus(), command, Map.of(),
				logs.resolve(name + ".log"), jcmd);
		this.processes.add(process);
		return process;
	}

	static String ensembleYaml(Scenario scenario, String mocks) {
		return ensembleYaml(scenario, mocks, false);
	}

	static String ensembleYaml(Scenario scenario, String mocks, boolean http2) {
		StringBuilder yml = new StringBuilder();
		yml.append("chorus:\n  ensembles:\n    bench:\n");
		yml.append("      deadline: ").append(scenario.timeoutMs() + 1000).append("ms\n");
		yml.append("      quorum: all\n      wait-policy: all\n      strategy: mean\n      outputs: [probabilities]\n");
		yml.append("      members:\n");
		for (int i = 0; i < scenario.members(); i++) {
			yml.append("        - { name: m").append(i).append(", model: m").append(i).append(", replicas: [")
				.append(mocks).append("], timeout: ").append(scenario.timeoutMs()).append("ms")
				.append(http2 ? ", http2: true }\n" : " }\n");
		}
		return yml.toString();
	}

	static String mocksYaml(int port, int adminPort) {
		String[] functions = { "iris-sepal", "iris-petal", "iris-full" };
		StringBuilder yml = new StringBuilder("mock:\n  port: " + port + "\n  admin-port: " + adminPort + "\n  models:\n");
		for (int i = 0; i < 10; i++) {
			yml.append("    - { name: m").append(i).append(", function: ").append(functions[i % 3]).append(" }\n");
		}
		return yml.toString();
	}

	/**
	 * The mocks a system calls.
	 *
	 * @param base the members' base URL
	 * @param admin the admin API's base URL
	 * @param process the mock process (its CPU is reported next to the system's)
	 */
	record Mocks(String base, String admin, ManagedProcess process) {
	}

	@Override
	public void close() {
		this.processes.forEach(ManagedProcess::close);
	}

}
