package io.chorus.bench;

import java.nio.file.Files;
import java.nio.file.Path;

/**
 * What the report says about the machine, read from {@code /proc}.
 */
final class MachineInfo {

	private MachineInfo() {
	}

	static String cpuModel() {
		try {
			var lines = Files.readAllLines(Path.of("/proc/cpuinfo"));
			String model = lines.stream().filter((l) -> l.startsWith("model name")).findFirst()
				.map((l) -> l.split(":", 2)[1].trim()).orElse("unknown");
			long cpus = lines.stream().filter((l) -> l.startsWith("processor")).count();
			return model + ", " + cpus + " vCPUs";
		}
		catch (Exception ex) {
			return "unknown";
		}
	}

	static String loadAverage() {
		try {
			return Files.readString(Path.of("/proc/loadavg")).trim();
		}
		catch (Exception ex) {
			return "unknown";
		}
	}

	static double memoryGb() {
		try {
			String total = Files.readAllLines(Path.of("/proc/meminfo")).get(0).replaceAll("\\D", "");
			return Math.round(Long.parseLong(total) / 1024.0 / 1024.0 * 10) / 10.0;
		}
		catch (Exception ex) {
			return Double.NaN;
		}
	}

	static String kernel() {
		try {
			return Files.readString(Path.of("/proc/sys/kernel/osrelease")).trim();
		}
		catch (Exception ex) {
			return "unknown";
		}
	}

}
