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

	static Fleet start(BenchConfig config, Scenario scenario, Path work) throws IOException {
		Fleet fleet = new Fleet();
		try {
			fleet.startAll(config, scenario, work);
			return fleet;
		}
		catch (IOException | RuntimeException ex) {
			fleet.close();
			throw ex;
		}
	}

	static List<String> memberUrls(int members) {
		List<String> urls = new ArrayList<>();
		for (int i = 0; i < members; i++) {
			urls.add(MOCKS + "/v2/models/m" + i + "/infer");
		}
		return urls;
	}

	Map<String, SystemUnderTest> systems() {
		return this.systems;
	}

	private void startAll(BenchConfig config, Scenario scenario, Path work) throws IOException {
		String members = String.join(",", memberUrls(scenario.members()));
		long timeout = scenario.timeoutMs();
		Path logs = work.resolve("logs").resolve(scenario.group());
		List<String> wanted = config.systems();
		if (wanted.contains("ensemble") || wanted.contains("gateway")) {
			Path yml = work.resolve("ensemble-" + scenario.group() + ".yml");
			Files.writeString(yml, ensembleYaml(scenario));
			ManagedProcess ensemble = java(config, "ensemble-service", logs, config.jar("ensemble-service"),
					"--server.port=19080", "--management.server.port=19081",
					"--spring.config.additional-location=file:" + yml.toAbsolutePath());
			if (wanted.contains("ensemble")) {
				add("ensemble", "http://127.0.0.1:19080/v2/models/bench/infer", Map.of(), List.of(ensemble));
			}
			if (wanted.contains("gateway")) {
				ManagedProcess gateway = java(config, "gateway", logs, config.jar("gateway"), "--server.port=19090",
						"--management.server.port=19091", "--spring.profiles.active=local",
						"--chorus.gateway.ensemble-service.uri=http://127.0.0.1:19080",
						"--chorus.gateway.rate-limit.enabled=false");
				add("gateway", "http://127.0.0.1:19090/v2/models/bench/infer",
						Map.of("Authorization", "Bearer chorus-demo-key"), List.of(gateway, ensemble));
			}
		}
		if (wanted.contains("floor")) {
			ManagedProcess floor = start(config, "floor", logs, config.jdkJava(),
					List.of("-Dport=19200", "-Dmembers=" + members, "-DtimeoutMs=" + timeout), config.jar("floor"),
					List.of(), config.jdkJcmd());
			add("floor", "http://127.0.0.1:19200/v2/models/bench/infer", Map.of(), List.of(floor));
		}
		for (String mode : List.of("platform", "virtual")) {
			String id = "mvc-" + mode;
			if (wanted.contains(id)) {
				ManagedProcess mvc = java(config, id, logs, config.jar("mvc"), "--spring.profiles.active=" + mode,
						"--server.port=" + (mode.equals("platform") ? 19300 : 19400), "--peer.members=" + members,
						"--peer.timeout-ms=" + timeout);
				add(id, "http://127.0.0.1:" + (mode.equals("platform") ? 19300 : 19400) + "/v2/models/bench/infer",
						Map.of(), List.of(mvc));
			}
		}
		if (wanted.contains("python")) {
			ManagedProcess python = ManagedProcess.start("python", config.sutCpus(),
					List.of(config.root().resolve("bench/peers/python-asyncio/run.sh").toString(), "19500"),
					Map.of("MEMBERS", members, "TIMEOUT_MS", Long.toString(timeout)), logs.resolve("python.log"),
					null);
			this.processes.add(python);
			add("python", "http://127.0.0.1:19500/v2/models/bench/infer", Map.of(), List.of(python));
		}
	}

	private void add(String id, String url, Map<String, String> headers, List<ManagedProcess> processes) {
		this.systems.put(id, new SystemUnderTest(id, SystemUnderTest.label(id), url, headers, processes));
	}

	private ManagedProcess java(BenchConfig config, String name, Path logs, Path jar, String... args)
			throws IOException {
		return start(config, name, logs, config.jdkJava(), List.of(), jar, List.of(args), config.jdkJcmd());
	}

	private ManagedProcess start(BenchConfig config, String name, Path logs, String java, List<String> jvmArgs,
			Path jar, List<String> args, String jcmd) throws IOException {
		List<String> command = new ArrayList<>(List.of(java));
		command.addAll(config.jvmOptions());
		command.addAll(jvmArgs);
		command.addAll(List.of("-jar", jar.toString()));
		command.addAll(args);
		ManagedProcess process = ManagedProcess.start(name, config.sutCpus(), command, Map.of(),
				logs.resolve(name + ".log"), jcmd);
		this.processes.add(process);
		return process;
	}

	static String ensembleYaml(Scenario scenario) {
		StringBuilder yml = new StringBuilder();
		yml.append("chorus:\n  ensembles:\n    bench:\n");
		yml.append("      deadline: ").append(scenario.timeoutMs() + 1000).append("ms\n");
		yml.append("      quorum: all\n      wait-policy: all\n      strategy: mean\n      outputs: [probabilities]\n");
		yml.append("      members:\n");
		for (int i = 0; i < scenario.members(); i++) {
			yml.append("        - { name: m").append(i).append(", model: m").append(i).append(", replicas: [")
				.append(MOCKS).append("], timeout: ").append(scenario.timeoutMs()).append("ms }\n");
		}
		return yml.toString();
	}

	static String mocksYaml() {
		String[] functions = { "iris-sepal", "iris-petal", "iris-full" };
		StringBuilder yml = new StringBuilder("mock:\n  port: 19101\n  admin-port: 20101\n  models:\n");
		for (int i = 0; i < 10; i++) {
			yml.append("    - { name: m").append(i).append(", function: ").append(functions[i % 3]).append(" }\n");
		}
		return yml.toString();
	}

	@Override
	public void close() {
		this.processes.forEach(ManagedProcess::close);
	}

}
