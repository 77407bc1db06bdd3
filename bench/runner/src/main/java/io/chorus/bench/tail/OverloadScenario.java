package io.chorus.bench.tail;

import java.time.Duration;
import java.util.List;

/**
 * Twice the saturation throughput for a while, open model, against ensemble-service without and with the ingress
 * concurrency limit; and half the saturation throughput, to see whether the limit costs anything at normal load.
 */
final class OverloadScenario {

	private final TailMain main;

	private final Stack stack;

	OverloadScenario(TailMain main, Stack stack) {
		this.main = main;
		this.stack = stack;
	}

	void run() throws Exception {
		List<String> members = List.of("m0", "m1", "m2");
		Stack.behavior(Stack.ADMIN_A, members, Ensembles.HEALTHY);
		Stack.behavior(Stack.ADMIN_B, members, Ensembles.HEALTHY);
		double saturation = 0;
		this.main.line("### Overload scenario: the ingress concurrency limit");
		this.main.line("");
		StringBuilder rows = new StringBuilder();
		for (boolean limited : new boolean[] { false, true }) {
			this.stack.startService(Ensembles.overload(limited), limited ? "ensemble-limited" : "ensemble-unlimited");
			TailMain.log("overload: limited=" + limited + ", warming up");
			OpenLoop.run(this.main.ensemble("overload"), 100, Duration.ofSeconds(10), Duration.ofSeconds(10));
			this.main.closed(this.main.ensemble("overload"), 256, Duration.ofSeconds(10));
			if (!limited) {
				saturation = this.main.closed(this.main.ensemble("overload"), 256, Duration.ofSeconds(10));
				TailMain.log("overload: saturation " + Math.round(saturation) + "/s");
			}
			for (double level : new double[] { 0.5, 2.0 }) {
				Duration length = (level > 1) ? this.main.seconds() : Duration.ofSeconds(15);
				TailMain.log("overload: limited=" + limited + " at " + level + "x");
				OpenLoop.Result result = OpenLoop.run(this.main.ensemble("overload"), level * saturation, length,
						length);
				rows.append("| ").append(limited ? "on (gradient2)" : "off").append(" | ").append(level).append("× = ")
					.append(Math.round(level * saturation)).append("/s | ")
					.append(Math.round(result.ok() / result.seconds())).append(" (")
					.append(TailMain.f(100 * result.ok() / result.seconds() / saturation)).append(" %) | ")
					.append(TailMain.f(result.p(50))).append(" | ").append(TailMain.f(result.p(99))).append(" | ")
					.append(result.refused()).append(" | ")
					.append(TailMain.f(OpenLoop.Result.ms(result.refusedLatency(), 50))).append(" / ")
					.append(TailMain.f(OpenLoop.Result.ms(result.refusedLatency(), 99))).append(" | ")
					.append(result.statuses()).append(" | ").append(TailMain.f(result.maxLagMs())).append(" |\n");
			}
		}
		this.stack.stopService();
		this.main.line("Three members (m0–m2, two replicas each, lognormal around 20 ms, no spikes), `quorum: all`,"
				+ " deadline 1 s, breakers lenient (as in every ensemble here). Saturation = closed loop with 256 in flight for 10 s after a warm-up (10 s at 100/s, 10 s closed loop), without the"
				+ " limit: **" + Math.round(saturation) + " correct answers/s**. Then open model at 0.5× for 15 s and at"
				+ " 2× for " + this.main.seconds().toSeconds() + " s, first without the limit, then with"
				+ " `chorus.admission.enabled: true` (gradient2, per ensemble, defaults). Goodput = 200s with an answer"
				+ " per second; latency from the scheduled send time; generator lag = how late the generator sent its"
				+ " latest request (CPU 1 is shared with the mocks).");
		this.main.line("");
		this.main.line("| limit | offered | goodput/s (of saturation) | 200 p50 ms | 200 p99 ms | 503s | 503 p50 / p99 ms | statuses | generator lag ms |");
		this.main.line("|---|---|---:|---:|---:|---:|---:|---|---:|");
		this.main.md().append(rows);
		this.main.line("");
	}

}
