package io.chorus.bench.tail;

import java.time.Duration;
import java.util.List;
import java.util.concurrent.CompletableFuture;

import org.HdrHistogram.Histogram;

/**
 * One replica of a member turns five times slower ten seconds into the run: peak-EWMA power of two choices
 * against round-robin, each on a one-member ensemble whose member has two replicas.
 */
final class ReplicaScenario {

	private static final int CHANGE_AT = 10;

	private static final int LENGTH = 40;

	private final TailMain main;

	ReplicaScenario(TailMain main) {
		this.main = main;
	}

	void run() throws Exception {
		this.main.line("### Replica scenario: one replica turns 5× slower");
		this.main.line("");
		this.main.line("A one-member ensemble whose member (m4) has two replicas, each lognormal around 20 ms; at "
				+ CHANGE_AT + " s replica A turns five times slower (median 100 ms) through the mock's admin API. Open"
				+ " model for " + LENGTH + " s, at the tail scenario's rate and at 200 requests/s. Baseline = p99 of the first "
				+ CHANGE_AT + " s; \"after\" = p99 from 10 s after the change to the end; \"back within 20 %\" = the"
				+ " first 2-s window after the change from which every window's p99 stays within 120 % of the baseline.");
		this.main.line("");
		this.main.line("| balancer | rate/s | baseline p99 ms | after p99 ms | after / baseline | back within 20 % after | p99 per 2 s window (ms) |");
		this.main.line("|---|---:|---:|---:|---:|---:|---|");
		java.util.Map<String, List<Double>> chart = new java.util.LinkedHashMap<>();
		for (double rate : new double[] { this.main.rate(), 200 }) {
			for (String ensemble : List.of("replica-p2c", "replica-rr")) {
				one(ensemble, rate, chart);
			}
		}
		this.main.line("");
		TailCharts.overTime(this.main.root().resolve("bench/charts/replica-p99.png"), chart, 2, CHANGE_AT);
		this.main.line("![replica scenario p99 over time](../bench/charts/replica-p99.png)");
		this.main.line("");
	}

	private void one(String ensemble, double rate, java.util.Map<String, List<Double>> chart) throws Exception {
		Stack.behavior(Stack.ADMIN_A, List.of("m4"), Ensembles.HEALTHY);
		Stack.behavior(Stack.ADMIN_B, List.of("m4"), Ensembles.HEALTHY);
		OpenLoop.run(this.main.ensemble(ensemble), rate, Duration.ofSeconds(5), Duration.ofSeconds(1));
		TailMain.log("replica: " + ensemble + " at " + rate + "/s");
		CompletableFuture<OpenLoop.Result> run = CompletableFuture.supplyAsync(() -> OpenLoop
			.run(this.main.ensemble(ensemble), rate, Duration.ofSeconds(LENGTH), Duration.ofSeconds(2)));
		Thread.sleep(CHANGE_AT * 1000L + 20);
		Stack.behavior(Stack.ADMIN_A, List.of("m4"), Ensembles.FIVE_TIMES_SLOWER);
		OpenLoop.Result result = run.get();
		Stack.behavior(Stack.ADMIN_A, List.of("m4"), Ensembles.HEALTHY);
		Histogram[] windows = result.buckets();
		double baseline = p99(windows, 0, CHANGE_AT / 2);
		double after = p99(windows, (CHANGE_AT + 10) / 2, windows.length);
		String back = "not within the run";
		for (int w = CHANGE_AT / 2; w < windows.length; w++) {
			boolean stays = true;
			for (int v = w; v < windows.length; v++) {
				stays &= p99(windows, v, v + 1) <= 1.2 * baseline;
			}
			if (stays) {
				back = (w * 2 - CHANGE_AT) + " s";
				break;
			}
		}
		StringBuilder series = new StringBuilder();
		List<Double> points = new java.util.ArrayList<>();
		for (int w = 0; w < windows.length; w++) {
			series.append((w == 0) ? "" : " ").append(Math.round(p99(windows, w, w + 1)));
			points.add(p99(windows, w, w + 1));
		}
		chart.put((ensemble.endsWith("p2c") ? "p2c-ewma" : "round-robin") + " at " + Math.round(rate) + "/s", points);
		this.main.line("| " + (ensemble.endsWith("p2c") ? "p2c-ewma" : "round-robin") + " | " + Math.round(rate)
				+ " | " + TailMain.f(baseline) + " | " + TailMain.f(after) + " | " + TailMain.f(after / baseline) + "× | "
				+ back + " | " + series + " |");
	}

	private static double p99(Histogram[] windows, int from, int to) {
		Histogram sum = new Histogram(1, 60_000_000L, 3);
		for (int i = from; i < to && i < windows.length; i++) {
			sum.add(windows[i]);
		}
		return OpenLoop.Result.ms(sum, 99);
	}

}
