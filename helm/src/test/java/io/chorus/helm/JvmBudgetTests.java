package io.chorus.helm;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.TimeUnit;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

/**
 * The JVM options the chart renders keep heap, direct buffers, metaspace, code cache and the rest under the
 * container's memory limit, and size the JVM by the CPU request; a real JVM started with them reports the same
 * limits.
 */
class JvmBudgetTests {

	private static final long MIB = 1024 * 1024;

	@ParameterizedTest(name = "{0} {1} with {2} memory and {3} CPU")
	@CsvSource({ "gateway, gateway, 768Mi, 500m, 1", "gateway, gateway, 1Gi, 1500m, 2", "gateway, gateway, 2G, 4, 4",
			"ensemble-service, ensembleService, 1Gi, 1, 1", "ensemble-service, ensembleService, 1536Mi, 2, 2",
			"ensemble-service, ensembleService, 4Gi, 250m, 1", "mocks, mocks, 512Mi, 500m, 1" })
	void theBudgetStaysUnderTheMemoryLimitAndTheJvmAppliesIt(String component, String key, String memory, String cpu,
			int processors) throws Exception {
		String mocksOn = key.equals("mocks") ? "  enabled: true\n" : "";
		Path values = HelmChart.writeValues("mocks: {enabled: true}\n" + key + ":\n" + mocksOn + "  resources:\n"
				+ "    requests: {cpu: " + cpu + ", memory: " + memory + "}\n    limits: {memory: " + memory + "}\n");
		String options = javaToolOptions(HelmChart.template(HelmChart.values("one-key.yaml"), values), component);
		long limit = bytes(memory);
		Map<String, Object> jvm = Yamls.map(HelmChart.load(HelmChart.CHART.resolve("values.yaml")), key + ".jvm");
		long heap = option(options, "-Xmx(\\d+)m") * MIB;
		long direct = option(options, "-XX:MaxDirectMemorySize=(\\d+)m") * MIB;
		long metaspace = option(options, "-XX:MaxMetaspaceSize=(\\d+)m") * MIB;
		long codeCache = option(options, "-XX:ReservedCodeCacheSize=(\\d+)m") * MIB;
		long other = bytes(jvm.get("otherSize").toString());
		assertThat(heap + direct + metaspace + codeCache + other).as(options).isLessThanOrEqualTo(limit);
		// The heap share, rounded down to 8Mi so the JVM needs no alignment of its own (G1 regions up to 8Mi).
		assertThat(heap).as("heap share").isEqualTo(limit * (Integer) jvm.get("heapPercentage") / 100 / MIB / 8 * 8 * MIB);
		assertThat(direct).as("direct memory").isPositive();
		assertThat(option(options, "-XX:ActiveProcessorCount=(\\d+)")).isEqualTo(processors);

		Map<String, String> flags = jvmFlags(options);
		assertThat(Long.parseLong(flags.get("MaxHeapSize"))).isEqualTo(heap);
		assertThat(Long.parseLong(flags.get("MaxDirectMemorySize"))).isEqualTo(direct);
		assertThat(Long.parseLong(flags.get("MaxMetaspaceSize"))).isEqualTo(metaspace);
		assertThat(Long.parseLong(flags.get("ReservedCodeCacheSize"))).isEqualTo(codeCache);
		assertThat(Long.parseLong(flags.get("ActiveProcessorCount"))).isEqualTo(processors);
		assertThat(flags.get("ExitOnOutOfMemoryError")).isEqualTo("true");
	}

	@Test
	void thePooledAllocatorGetsTwoArenasPerProcessor() {
		Path values = HelmChart.writeValues(
				"gateway:\n  jvm: {nettyAllocator: pooled}\n  resources:\n    requests: {cpu: 1500m}\n");
		String options = javaToolOptions(HelmChart.template(HelmChart.values("one-key.yaml"), values), "gateway");
		assertThat(options).contains("-Dio.netty.allocator.type=pooled", "-Dio.netty.allocator.numDirectArenas=4",
				"-Dio.netty.allocator.numHeapArenas=4");
		String adaptive = javaToolOptions(HelmChart.template(HelmChart.values("one-key.yaml")), "gateway");
		assertThat(adaptive).doesNotContain("io.netty.allocator");
	}

	@Test
	void aLimitTooSmallForTheBudgetFailsTheRenderWithTheBreakdown() {
		Path values = HelmChart.writeValues("gateway:\n  resources:\n    limits: {memory: 256Mi}\n");
		assertThatThrownBy(() -> HelmChart.template(HelmChart.values("one-key.yaml"), values)).hasMessageContaining(
				"gateway.resources.limits.memory (256Mi = 256Mi) cannot hold the JVM budget of 409Mi: heap 128Mi (50%) "
						+ "+ direct memory 25Mi (10%) + metaspace 128Mi + code cache 64Mi + other 64Mi");
	}

	static String javaToolOptions(Manifests manifests, String component) {
		Map<String, Object> container = Yamls.list(Yamls.map(manifests.get("Deployment", "chorus-" + component),
				"spec.template.spec"), "containers").get(0);
		return Yamls.list(container, "env").stream().filter((e) -> "JAVA_TOOL_OPTIONS".equals(e.get("name")))
			.findFirst().orElseThrow().get("value").toString();
	}

	/** Starts this test's own JVM binary with the options in JAVA_TOOL_OPTIONS, as the image does. */
	private static Map<String, String> jvmFlags(String options) throws IOException, InterruptedException {
		Path java = Path.of(System.getProperty("java.home"), "bin", "java");
		ProcessBuilder builder = new ProcessBuilder(List.of(java.toString(), "-XX:+PrintFlagsFinal", "-version"))
			.redirectErrorStream(true);
		builder.environment().put("JAVA_TOOL_OPTIONS", options);
		Process process = builder.start();
		String output = new String(process.getInputStream().readAllBytes(), StandardCharsets.UTF_8);
		assertThat(process.waitFor(60, TimeUnit.SECONDS)).isTrue();
		assertThat(process.exitValue()).as(output).isZero();
		assertThat(output).contains("Picked up JAVA_TOOL_OPTIONS: " + options);
		Map<String, String> flags = new HashMap<>();
		Matcher matcher = Pattern.compile("(?m)^\\s*\\S+\\s+(\\w+)\\s+:?=\\s+(\\S+)").matcher(output);
		while (matcher.find()) {
			flags.put(matcher.group(1), matcher.group(2));
		}
		return flags;
	}

	private static long option(String options, String regex) {
		Matcher matcher = Pattern.compile(regex).matcher(options);
		assertThat(matcher.find()).as(regex + " in " + options).isTrue();
		return Long.parseLong(matcher.group(1));
	}

	private static long bytes(String quantity) {
		Matcher matcher = Pattern.compile("(\\d+)(Ki|Mi|Gi|k|M|G)?").matcher(quantity);
		assertThat(matcher.matches()).as(quantity).isTrue();
		long number = Long.parseLong(matcher.group(1));
		String unit = (matcher.group(2) != null) ? matcher.group(2) : "";
		return switch (unit) {
			case "Ki" -> number * 1024;
			case "Mi" -> number * MIB;
			case "Gi" -> number * 1024 * MIB;
			case "k" -> number * 1000;
			case "M" -> number * 1000_000;
			case "G" -> number * 1000_000_000;
			default -> number;
		};
	}

}
