package io.chorus.ensemble.warmup;

import java.time.Duration;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.atomic.AtomicInteger;

import io.github.resilience4j.bulkhead.BulkheadRegistry;
import io.github.resilience4j.circuitbreaker.CircuitBreakerRegistry;
import io.micrometer.core.instrument.MeterRegistry;
import io.micrometer.core.instrument.simple.SimpleMeterRegistry;
import org.apache.commons.logging.Log;
import org.apache.commons.logging.LogFactory;
import reactor.core.publisher.Flux;
import reactor.core.publisher.Mono;
import reactor.core.scheduler.Schedulers;

import io.chorus.ensemble.aggregate.AggregatorRegistry;
import io.chorus.ensemble.config.EnsembleCatalog;
import io.chorus.ensemble.config.EnsembleSpec;
import io.chorus.ensemble.deadline.DeadlineBudget;
import io.chorus.ensemble.fanout.EnsembleExecutor;
import io.chorus.ensemble.fanout.EnsembleResult;
import io.chorus.ensemble.member.CallContext;
import io.chorus.ensemble.member.MemberClient;
import io.chorus.ensemble.member.MemberClients;
import io.chorus.ensemble.member.MemberLimits;
import io.chorus.ensemble.metrics.EnsembleMetrics;
import io.chorus.protocol.InferenceCodec;
import io.chorus.protocol.InferenceRequest;
import io.chorus.protocol.InferenceResponse;
import io.chorus.protocol.ModelMetadata;

/**
 * Warms a new replica before it reports ready, so its first clients do not pay for class loading, JIT
 * compilation and connection set-up (measured: a cold replica's first 10 s had p99 1.6–1.9 s against 72–94 ms
 * warm).
 *
 * <p>Two parts run at once, both bounded: connections to every member replica are opened with readiness calls
 * (at most {@code callsPerReplica} each: never a prediction), and rounds of synthetic requests are decoded,
 * fanned out through the real member clients, gathered, aggregated and encoded against in-process stand-ins
 * ({@link StandIns}), {@code concurrency} rounds at a time, until the JIT compilers go quiet ({@link JitActivity},
 * after at least {@code minRounds}) or {@code maxRounds} were run. The whole warm-up is cut off at
 * {@code maxTime}: an unreachable member delays readiness by at most that, and is reported in the log, the health
 * details and a metric. The report says which of the three ended it.
 */
public final class Warmup {

	private static final Log logger = LogFactory.getLog(Warmup.class);

	private final WarmupProperties properties;

	private final EnsembleCatalog catalog;

	private final MemberClients clients;

	private final AggregatorRegistry aggregators;

	private final MemberLimits limits;

	private final int offloadElements;

	private final AtomicInteger reached = new AtomicInteger();

	private final AtomicInteger unreachable = new AtomicInteger();

	private final AtomicInteger rounds = new AtomicInteger();

	private final AtomicInteger ensemblesLeftOut = new AtomicInteger();

	private final AtomicInteger answered = new AtomicInteger();

	private volatile Report report;

	/** What ended the warm-up. */
	enum Ending {

		/** The JIT compilers went quiet after at least {@code minRounds}. */
		SETTLED,
		/** {@code maxRounds} were run (or there was nothing to run). */
		VOLUME,
		/** {@code maxTime} cut it off. */
		CAP,
		/** It failed; the replica reports ready anyway. */
		FAILED,
		/** {@code enabled: false}. */
		OFF

	}

	/**
	 * What the warm-up did.
	 *
	 * @param took how long it held readiness back
	 * @param rounds synthetic rounds run
	 * @param answered synthetic requests the fan-out answered (one per ensemble and round when all is well)
	 * @param replicasReached member replicas that answered a readiness call
	 * @param replicasUnreachable member replicas that did not
	 * @param endedBy what ended it
	 * @param failure why it failed, or {@code null}
	 */
	record Report(Duration took, int rounds, int answered, int replicasReached, int replicasUnreachable, Ending endedBy,
			String failure) {

		boolean capped() {
			return this.endedBy == Ending.CAP;
		}

	}

	Warmup(WarmupProperties properties, EnsembleCatalog catalog, MemberClients clients, AggregatorRegistry aggregators,
			MemberLimits limits, int offloadElements, MeterRegistry meters) {
		this.properties = properties;
		this.catalog = catalog;
		this.clients = clients;
		this.aggregators = aggregators;
		this.limits = limits;
		this.offloadElements = offloadElements;
		meters.gauge("chorus.warmup.replicas.unreachable", this.unreachable);
		meters.gauge("chorus.warmup.rounds", this.rounds);
		meters.gauge("chorus.warmup.seconds", this, (w) -> (w.report != null) ? w.report.took().toNanos() / 1e9 : Double.NaN);
	}

	/**
	 * The finished warm-up's report.
	 * @return the report, or {@code null} while the warm-up runs
	 */
	Report report() {
		return this.report;
	}

	/** Starts the warm-up; it completes on its own, never with an error. */
	void start() {
		start(() -> {
		});
	}

	/**
	 * Starts the warm-up; it completes on its own, never with an error.
	 * @param done run once when the warm-up is over, whatever ended it
	 */
	void start(Runnable done) {
		if (!this.properties.enabled()) {
			this.report = new Report(Duration.ZERO, 0, 0, 0, 0, Ending.OFF, null);
			done.run();
			return;
		}
		long start = System.nanoTime();
		Mono.zip(connections().thenReturn(Boolean.TRUE),
				Mono.usingWhen(standIns(), this::exercise, StandInsResource::close), (connected, ending) -> ending)
			.timeout(this.properties.maxTime())
			// A warm-up that fails must not keep a working replica out of service: report it and go on.
			.onErrorResume((ex) -> {
				finish(start, (ex instanceof java.util.concurrent.TimeoutException) ? Ending.CAP : Ending.FAILED, ex);
				return Mono.empty();
			})
			.doFinally((signal) -> done.run())
			.subscribe((ending) -> finish(start, ending, null));
	}

	private void finish(long start, Ending ending, Throwable failure) {
		Report done = new Report(Duration.ofNanos(System.nanoTime() - start), this.rounds.get(), this.answered.get(),
				this.reached.get(),
				this.unreachable.get(), ending, (ending == Ending.FAILED) ? failure.toString() : null);
		this.report = done;
		String summary = "Warm-up finished in " + done.took().toMillis() + "ms (ended by " + describe(ending) + "): "
				+ done.rounds() + " synthetic rounds (" + done.answered() + " requests answered), " + done.replicasReached() + " member replicas reached";
		if (done.replicasUnreachable() > 0 || failure != null || this.ensemblesLeftOut.get() > 0) {
			logger.warn(summary + ", " + done.replicasUnreachable() + " unreachable"
					+ ((this.ensemblesLeftOut.get() > 0) ? "; " + this.ensemblesLeftOut.get()
							+ " ensembles not warmed (a member's metadata did not arrive)" : "")
					+ (done.capped() ? "; cut off at chorus.warmup.max-time " + this.properties.maxTime().toMillis() + "ms" : "")
					+ ((done.failure() != null) ? "; failed: " + done.failure() : "") + ". Reporting ready anyway.");
		}
		else {
			logger.info(summary + ".");
		}
	}

	private String describe(Ending ending) {
		return switch (ending) {
			case SETTLED -> "settled: the JIT went quiet";
			case VOLUME -> "volume: chorus.warmup.max-rounds " + this.properties.maxRounds();
			case CAP -> "cap: chorus.warmup.max-time " + this.properties.maxTime().toMillis() + "ms";
			case FAILED -> "failure";
			case OFF -> "off";
		};
	}

	/**
	 * How long one warm-up call to a member may take: the member's own timeout, but at least half the cap. The
	 * first call from a new replica is the slowest it will ever send (class loading, connection set-up, a member
	 * that is itself cold), and the cap bounds the warm-up anyway; half of it leaves the other half for the rounds.
	 */
	private Duration callTimeout(MemberClient member) {
		Duration half = this.properties.maxTime().dividedBy(2);
		return (member.spec().timeout().compareTo(half) > 0) ? member.spec().timeout() : half;
	}

	/** Opens connections to every member replica with readiness calls. */
	private Mono<Void> connections() {
		return Flux.fromIterable(this.catalog.all())
			.flatMapIterable((spec) -> this.clients.of(spec.name()))
			.flatMap((member) -> member.warmReplicas(this.properties.callsPerReplica(), callTimeout(member)))
			.doOnNext((ok) -> (ok ? this.reached : this.unreachable).incrementAndGet())
			.then();
	}

	/**
	 * The stand-ins, built from each ensemble's members' metadata (fetched from the real members). An ensemble
	 * whose metadata does not arrive is left out, so one member that is down does not leave every other ensemble
	 * cold.
	 */
	private Mono<StandInsResource> standIns() {
		return Flux.fromIterable(this.catalog.all())
			.flatMap((spec) -> Flux.fromIterable(this.clients.of(spec.name()))
				.flatMapSequential((member) -> member.metadata(callTimeout(member)))
				.collectList()
				.map((metadata) -> Map.entry(spec, metadata))
				.onErrorResume((ex) -> {
					this.ensemblesLeftOut.incrementAndGet();
					return Mono.empty();
				}))
			.collectMap(Map.Entry::getKey, Map.Entry::getValue, LinkedHashMap::new)
			// Binding the stand-in server waits for the bind: start-up work, moved off the event loop on purpose.
			.publishOn(Schedulers.boundedElastic())
			.map(StandInsResource::new);
	}

	/** Runs synthetic rounds through the fan-out until the JIT goes quiet or the volume is reached. */
	private Mono<Ending> exercise(StandInsResource resource) {
		List<StandIns.Synthetic> synthetics = resource.standIns.synthetics();
		if (synthetics.isEmpty()) {
			return Mono.just(Ending.VOLUME);
		}
		EnsembleExecutor executor = new EnsembleExecutor(resource.clients, this.aggregators,
				new EnsembleMetrics(new SimpleMeterRegistry()), this.offloadElements);
		Mono<Ending> volume = Flux.range(0, this.properties.maxRounds())
			.flatMap((i) -> Flux.fromIterable(synthetics)
				.concatMap((synthetic) -> round(executor, synthetic)
					.doOnNext((bytes) -> {
						if (bytes.length > 0) {
							this.answered.incrementAndGet();
						}
					}))
				.then(Mono.fromRunnable(this.rounds::incrementAndGet)), Math.max(1, this.properties.concurrency()))
			.then(Mono.just(Ending.VOLUME));
		return Mono.firstWithSignal(volume, settled());
	}

	private Mono<Ending> settled() {
		return JitActivity.quietAfter(this.properties.jitQuietShare(), this.properties.jitWindow(), this.rounds::get,
				this.properties.minRounds()).thenReturn(Ending.SETTLED);
	}

	private static Mono<byte[]> round(EnsembleExecutor executor, StandIns.Synthetic synthetic) {
		return Mono.defer(() -> {
			InferenceRequest request = InferenceCodec.readRequest(synthetic.request());
			CallContext context = new CallContext(DeadlineBudget.start(synthetic.spec().deadline()), "warmup", null);
			return executor.execute(synthetic.spec(), request, context);
		}).map((result) -> (result instanceof EnsembleResult.Answered answered)
				? InferenceCodec.write(new InferenceResponse(answered.ensemble().name(), answered.ensemble().version(),
						"warmup", Map.of(), answered.outputs()))
				: new byte[0]);
	}

	/** The stand-in server and the member clients that call it, closed together. */
	private final class StandInsResource {

		private final StandIns standIns;

		private final MemberClients clients;

		StandInsResource(Map<EnsembleSpec, List<ModelMetadata>> metadata) {
			this.standIns = new StandIns(metadata);
			List<EnsembleSpec> specs = new ArrayList<>();
			this.standIns.synthetics().forEach((s) -> specs.add(s.spec()));
			// Breakers and bulkheads of their own: the stand-ins never touch the real members' state.
			this.clients = new MemberClients(specs, CircuitBreakerRegistry.ofDefaults(), BulkheadRegistry.ofDefaults(),
					Warmup.this.limits);
		}

		Mono<Void> close() {
			return Mono.fromRunnable(() -> {
				this.clients.close();
				this.standIns.close();
			});
		}

	}

}
