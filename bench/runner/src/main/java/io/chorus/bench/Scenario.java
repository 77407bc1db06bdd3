package io.chorus.bench;

import java.util.List;

/**
 * One benchmark scenario: how many members, how they behave, the member-call timeout every system uses.
 *
 * @param id the short id used in results and on the command line
 * @param title the table title
 * @param members the fan-out width N
 * @param behavior the mock behaviour JSON applied to every member
 * @param timeoutMs the member-call timeout of every system (ensemble-service gets a deadline 1 s longer)
 * @param burst true for the concurrency scenario: {@code --inflight} requests (10,000 where the open-file limit
 * allows) arrive within one second
 */
public record Scenario(String id, String title, int members, String behavior, long timeoutMs, boolean burst) {

	static final List<Scenario> ALL = List.of(
			latency("n3-0ms", "N=3, members at 0 ms", 3, "{}"),
			latency("n3-20ms", "N=3, members at 20 ms fixed", 3, fixed(20, false)),
			latency("n3-50ms-spikes", "N=3, members at 50 ms, 1% of calls 10x slower", 3, fixed(50, true)),
			latency("n10-0ms", "N=10, members at 0 ms", 10, "{}"),
			latency("n10-20ms", "N=10, members at 20 ms fixed", 10, fixed(20, false)),
			latency("n10-50ms-spikes", "N=10, members at 50 ms, 1% of calls 10x slower", 10, fixed(50, true)),
			new Scenario("inflight", "requests in flight: N=3, members at 1 s", 3, fixed(1000, false), 3000, true));

	/**
	 * The group key: scenarios with the same N and timeout share one start of every system.
	 * @return the key
	 */
	String group() {
		return "n" + this.members + "-t" + this.timeoutMs;
	}

	private static Scenario latency(String id, String title, int members, String behavior) {
		return new Scenario(id, title, members, behavior, 1000, false);
	}

	private static String fixed(int ms, boolean spikes) {
		return "{\"latency\":{\"type\":\"fixed\",\"ms\":" + ms
				+ (spikes ? ",\"spike\":{\"rate\":0.01,\"factor\":10}" : "") + "}}";
	}

	/**
	 * Every scenario id in the matrix's order (N=3 before N=10, faster members first, the burst last).
	 * @return the ids
	 */
	public static List<String> ids() {
		return ALL.stream().map(Scenario::id).toList();
	}

	static Scenario byId(String id) {
		return ALL.stream().filter((s) -> s.id.equals(id)).findFirst()
			.orElseThrow(() -> new IllegalArgumentException("unknown scenario " + id));
	}

}
