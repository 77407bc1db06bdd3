package io.chorus.bench;

import java.util.List;
import java.util.Map;

import io.chorus.bench.proc.ManagedProcess;

/**
 * A system being compared: where to send requests and which processes do its work (their CPU and memory are
 * what the system costs).
 *
 * @param id the short id used in results
 * @param label the name in tables and charts
 * @param url the infer URL
 * @param headers request headers it needs (the gateway's API key)
 * @param processes the processes that serve it
 * @param mocks the mocks it calls
 */
record SystemUnderTest(String id, String label, String url, Map<String, String> headers,
		List<ManagedProcess> processes, Fleet.Mocks mocks) {

	static final List<String> IDS = List.of("ensemble", "gateway", "floor", "mvc-platform", "mvc-virtual", "python");

	static String label(String id) {
		return io.chorus.bench.report.SystemLabels.of(id);
	}

	double cpuSeconds() {
		return this.processes.stream().mapToDouble(ManagedProcess::cpuSeconds).sum();
	}

	double jitCpuSeconds() {
		return this.processes.stream().mapToDouble(ManagedProcess::jitCpuSeconds).sum();
	}

	double rssMb() {
		return this.processes.stream().mapToDouble(ManagedProcess::rssMb).sum();
	}

}
