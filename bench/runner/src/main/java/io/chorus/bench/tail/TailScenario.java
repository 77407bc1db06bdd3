package io.chorus.bench.tail;

import java.time.Duration;
import java.util.List;

/**
 * Hedging against a lognormal member with 1 % of calls ten times slower: every member alone, then the
 * ensembles with and without hedging, at the same open-model rate, in one run.
 */
final class TailScenario {

	private static final List<String> MEMBERS = List.of("m0", "m1", "m2", "m3", "m4");

	private final TailMain main;

	private final java.util.Map<String, double[]> chart = new java.util.LinkedHashMap<>();

	TailScenario(TailMain main) {
		this.main = main;
	}

	void run() throws Exception {
		Stack.behavior(Stack.ADMIN_A, MEMBERS, Ensembles.TAIL_LATENCY);
		Stack.behavior(Stack.ADMIN_B, MEMBERS, Ensembles.TAIL_LATENCY);
		List<String> ensembles = List.of("q3", "q3-hedged", "all-hedged", "one", "one-hedged");
		TailMain.log("tail: warming up");
		OpenLoop.run(this.main.ensemble("q3"), 100, Duration.ofSeconds(10), Duration.ofSeconds(10));
		this.main.closed(this.main.ensemble("q3"), 64, Duration.ofSeconds(10));
		double saturation = this.main.closed(this.main.ensemble("q3"), 64, Duration.ofSeconds(10));
		double rate = this.main.rateIfAuto(Math.round(saturation / 2));
		TailMain.log("tail: q3 saturation " + Math.round(saturation) + "/s, rate " + rate + "/s");
		for (String ensemble : ensembles) {
			OpenLoop.run(this.main.ensemble(ensemble), rate, Duration.ofSeconds(5), Duration.ofSeconds(1));
		}
		this.main.line("### Tail scenario: hedging");
		this.main.line("");
		this.main.line("Five members, each two mock replicas with lognormal latency (median 20 ms, σ 0.25) and 1 % of calls"
				+ " 10× slower; open model at " + (int) this.main.rate() + " requests/s for " + this.main.seconds().toSeconds()
				+ " s per row (ensemble `q3`'s closed-loop saturation with 64 in flight: " + Math.round(saturation)
				+ " answers/s); latency from the scheduled send time. Members alone are called directly on replica A."
				+ " Ensembles: `quorum: 3` with `quorum-grace` (grace 10 ms), `all`, and one-member ensembles; hedged"
				+ " rows use `hedge: {delay: p95, max-extra-load: 5%}`. Extra load = hedged attempts ÷ member calls"
				+ " (from `chorus.member.hedges.sent` and `chorus.member.calls`). Every member: timeout 500 ms, breakers"
				+ " lenient (a breaker opened by warm-up timeouts would short-circuit the measurement), deadline 1 s.");
		this.main.line("");
		this.main.line("| called | p50 ms | p99 ms | p99.9 ms | 200s / sent | other statuses | extra member calls |");
		this.main.line("|---|---:|---:|---:|---:|---|---:|");
		for (String member : MEMBERS) {
			TailMain.log("tail: member " + member + " alone");
			OpenLoop.Result result = OpenLoop.run(this.main.post(Stack.A + "/v2/models/" + member + "/infer"),
					this.main.rate(), this.main.seconds(), this.main.seconds());
			row("member " + member + " alone", result, "–");
		}
		for (String ensemble : ensembles) {
			TailMain.log("tail: ensemble " + ensemble);
			String tag = "ensemble=\"" + ensemble + "\"";
			double hedgesBefore = Stack.scrape("chorus_member_hedges_sent_total", tag);
			double callsBefore = Stack.scrape("chorus_member_calls_seconds_count", tag);
			OpenLoop.Result result = OpenLoop.run(this.main.ensemble(ensemble), this.main.rate(), this.main.seconds(),
					this.main.seconds());
			double hedges = Stack.scrape("chorus_member_hedges_sent_total", tag) - hedgesBefore;
			double calls = Stack.scrape("chorus_member_calls_seconds_count", tag) - callsBefore;
			String extra = ensemble.contains("hedged") ? TailMain.f(100 * hedges / Math.max(1, calls)) + " %" : "–";
			row("ensemble `" + ensemble + "`", result, extra);
		}
		this.main.line("");
		TailCharts.percentiles(this.main.root().resolve("bench/charts/tail-latency.png"), this.chart);
		this.main.line("![tail scenario percentiles](../bench/charts/tail-latency.png)");
		this.main.line("");
	}

	private void row(String name, OpenLoop.Result result, String extra) {
		this.chart.put(name.replace("`", ""), new double[] { result.p(50), result.p(99), result.p(99.9) });
		this.main.line("| " + name + " | " + TailMain.f(result.p(50)) + " | " + TailMain.f(result.p(99)) + " | "
				+ TailMain.f(result.p(99.9)) + " | " + result.ok() + " / " + result.requests() + " | " + others(result)
				+ " | " + extra + " |");
	}

	private static String others(OpenLoop.Result result) {
		StringBuilder others = new StringBuilder();
		result.statuses().forEach((status, count) -> {
			if (!status.equals("200")) {
				others.append((others.length() == 0) ? "" : ", ").append(status).append(": ").append(count);
			}
		});
		return (others.length() == 0) ? "none" : others.toString();
	}

}
