package io.chorus.bench;

import java.io.BufferedReader;
import java.io.InputStreamReader;
import java.time.Duration;
import java.util.Arrays;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

import io.chorus.bench.load.LoadGenerator;
import io.chorus.bench.load.RunStats;
import io.chorus.bench.load.Target;
import tools.jackson.databind.json.JsonMapper;

/**
 * The oracle as a long-lived process of its own, pinned like a system under test: per scheduled request it
 * makes N concurrent direct calls to the mocks and waits for the slowest. Running on the systems' CPU (idle
 * while the oracle runs) keeps its N client calls from competing with the mocks, as a system's fan-out does not;
 * living for the whole benchmark keeps its JIT warm.
 *
 * <p>Reads one command per line on stdin, {@code run <rate> <seconds> <drainMs> <url,url,...> <maxInFlight>}, and answers
 * each with one line, {@code ORACLE <json>}.
 */
public final class OracleMain {

	private OracleMain() {
	}

	public static void main(String[] args) throws Exception {
		reactor.util.Loggers.useJdkLoggers();
		java.util.logging.Logger.getLogger("").setLevel(java.util.logging.Level.OFF);
		JsonMapper json = JsonMapper.builder().build();
		BufferedReader in = new BufferedReader(new InputStreamReader(System.in));
		try (LoadGenerator generator = new LoadGenerator(Duration.ofSeconds(30))) {
			for (String line = in.readLine(); line != null; line = in.readLine()) {
				String[] a = line.trim().split(" ");
				if (!a[0].equals("run")) {
					continue;
				}
				double rate = Double.parseDouble(a[1]);
				int seconds = Integer.parseInt(a[2]);
				long drainMs = Long.parseLong(a[3]);
				List<String> members = Arrays.asList(a[4].split(","));
				Target oracle = Target.oracle(generator.client(), members, BenchMain.BODY);
				long cap = Long.parseLong(a[5]);
				RunStats stats = generator.open(oracle, rate, Duration.ofSeconds(seconds), Duration.ofMillis(drainMs),
						null, cap);
				Map<String, Object> out = new LinkedHashMap<>();
				out.put("requests", stats.requests());
				out.put("ok", stats.ok());
				out.put("errors", stats.errors());
				out.put("errorKinds", stats.errorKinds());
				out.put("seconds", stats.seconds());
				out.put("p50", stats.p50());
				out.put("p99", stats.p99());
				out.put("p999", stats.p999());
				out.put("max", stats.max());
				out.put("maxInFlight", stats.maxInFlight());
				out.put("maxLagMs", stats.maxLagMs());
				System.out.println("ORACLE " + json.writeValueAsString(out));
				System.out.flush();
			}
		}
		System.exit(0);
	}

}
