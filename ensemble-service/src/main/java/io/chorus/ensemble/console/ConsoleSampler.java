package io.chorus.ensemble.console;

import java.time.Duration;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.HashMap;
import java.util.HashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.TreeMap;
import java.util.function.LongSupplier;

import io.github.resilience4j.circuitbreaker.CircuitBreaker;
import io.micrometer.core.instrument.MeterRegistry;
import org.apache.commons.logging.Log;
import org.apache.commons.logging.LogFactory;
import reactor.core.Disposable;
import reactor.core.publisher.Flux;
import reactor.core.publisher.Sinks;
import reactor.core.scheduler.Scheduler;
import reactor.core.scheduler.Schedulers;
import tools.jackson.databind.json.JsonMapper;

import io.chorus.ensemble.config.EnsembleSpec;
import io.chorus.ensemble.member.MemberClient;
import io.chorus.ensemble.member.MemberClients;
import io.chorus.ensemble.member.ReplicaState;
import io.chorus.ensemble.reload.LiveEnsembles;

/**
 * Computes the console's snapshot once per tick, on its own thread, and hands the same JSON to every open page.
 * It reads what the request path already keeps (the live catalog and member clients, which it re-reads each
 * tick so it follows hot reloads; the breakers; the replicas' state; the outcome, hedge and agreement meters),
 * never calls a member and never adds work to a request.
 */
final class ConsoleSampler implements AutoCloseable {

	private static final Log logger = LogFactory.getLog(ConsoleSampler.class);

	private static final String OUTCOME = MeterReadings.OUTCOME;

	private final LiveEnsembles live;

	private final MeterRegistry registry;

	private final ConsoleProperties properties;

	private final LongSupplier clock;

	private final Map<String, RecentWindow> windows = new HashMap<>();

	private final Sinks.Many<String> sink = Sinks.many().replay().latest();

	private final Scheduler ticker = Schedulers.newSingle("chorus-console", true);

	private volatile String latest;

	private Disposable ticking;

	ConsoleSampler(LiveEnsembles live, MeterRegistry registry, ConsoleProperties properties, LongSupplier clock) {
		this.live = live;
		this.registry = registry;
		this.properties = properties;
		this.clock = clock;
	}

	/** Starts ticking. */
	void start() {
		this.ticking = Flux.interval(Duration.ZERO, this.properties.tick(), this.ticker).subscribe((tick) -> {
			try {
				String json = JsonMapper.shared().writeValueAsString(sample());
				this.latest = json;
				this.sink.tryEmitNext(json);
			}
			catch (RuntimeException ex) {
				logger.warn("The console could not take a snapshot; trying again next tick", ex);
			}
		});
	}

	/**
	 * The last snapshot, as JSON.
	 * @return the JSON, or {@code null} before the first tick
	 */
	String latest() {
		return this.latest;
	}

	/**
	 * Every snapshot from the last one on, as JSON; a slow subscriber skips to the newest.
	 * @return the snapshots
	 */
	Flux<String> snapshots() {
		return this.sink.asFlux().onBackpressureLatest();
	}

	/**
	 * Reads the meters and states once and computes the snapshot; only the ticker (or a test) calls it.
	 * @return the snapshot
	 */
	synchronized ConsoleSnapshot sample() {
		long now = this.clock.getAsLong();
		MeterReadings readings = MeterReadings.read(this.registry);
		Map<String, Map<String, Double>> counters = readings.counters();
		Map<String, RecentWindow.Buckets> latencies = readings.latencies();
		MemberClients clients = this.live.clients();
		List<ConsoleSnapshot.Ensemble> ensembles = new ArrayList<>();
		Set<String> seen = new HashSet<>();
		List<EnsembleSpec> specs = this.live.catalog().all().stream()
			.sorted(Comparator.comparing(EnsembleSpec::name))
			.toList();
		for (EnsembleSpec spec : specs) {
			RecentWindow window = window(spec.name(), now, counters, null, seen);
			List<ConsoleSnapshot.Member> members = new ArrayList<>();
			for (MemberClient client : clients.of(spec.name())) {
				String key = spec.name() + "/" + client.spec().name();
				members.add(member(client, window(key, now, counters, latencies.get(key), seen)));
			}
			Double agreement = ratio(window.delta("agreement.sum"), window.delta("agreement.count"));
			Double inFlight = counters.getOrDefault(spec.name(), Map.of()).get("in-flight");
			ensembles.add(new ConsoleSnapshot.Ensemble(spec.name(), spec.strategy(), spec.quorum(),
					(inFlight != null) ? inFlight.intValue() : 0, perSecond(window, total(window)), outcomes(window),
					agreement, members));
		}
		this.windows.keySet().retainAll(seen);
		return new ConsoleSnapshot(System.currentTimeMillis(), this.properties.window().toMillis() / 1000.0,
				ensembles);
	}

	private ConsoleSnapshot.Member member(MemberClient client, RecentWindow window) {
		CircuitBreaker breaker = client.breaker();
		float breakerRate = breaker.getMetrics().getFailureRate();
		double calls = total(window);
		Double errorRate = ratio(window.delta(OUTCOME + "error") + window.delta(OUTCOME + "incompatible"), calls);
		Double timeoutRate = ratio(window.delta(OUTCOME + "timeout"), calls);
		List<ReplicaState> replicas = client.replicaStates();
		ConsoleSnapshot.Hedges hedges = client.spec().hedge().enabled() ? new ConsoleSnapshot.Hedges(
				perSecond(window, window.delta("hedges.sent")), perSecond(window, window.delta("hedges.won"))) : null;
		return new ConsoleSnapshot.Member(client.spec().name(), client.spec().model(),
				MemberStatus.of(breaker.getState(), errorRate, timeoutRate, replicas), breaker.getState().name(),
				(breakerRate < 0) ? null : (double) breakerRate, perSecond(window, calls), outcomes(window),
				errorRate, timeoutRate, window.quantile(0.5), window.quantile(0.99), hedges, replicas);
	}

	private RecentWindow window(String key, long now, Map<String, Map<String, Double>> counters,
			RecentWindow.Buckets latency, Set<String> seen) {
		seen.add(key);
		RecentWindow window = this.windows.computeIfAbsent(key,
				(k) -> new RecentWindow(this.properties.window().toNanos()));
		window.add(new RecentWindow.Reading(now, counters.getOrDefault(key, Map.of()), latency));
		return window;
	}

	private static double total(RecentWindow window) {
		return outcomes(window).values().stream().mapToLong(Long::longValue).sum();
	}

	private static Map<String, Long> outcomes(RecentWindow window) {
		Map<String, Long> outcomes = new TreeMap<>();
		for (String outcome : window.names(OUTCOME)) {
			long count = Math.round(window.delta(OUTCOME + outcome));
			if (count > 0) {
				outcomes.put(outcome, count);
			}
		}
		return outcomes;
	}

	private static double perSecond(RecentWindow window, double count) {
		double seconds = window.seconds();
		return (seconds > 0) ? count / seconds : 0;
	}

	private static Double ratio(double part, double whole) {
		return (whole > 0) ? part / whole : null;
	}

	@Override
	public void close() {
		if (this.ticking != null) {
			this.ticking.dispose();
		}
		this.sink.tryEmitComplete();
		this.ticker.dispose();
	}

}
