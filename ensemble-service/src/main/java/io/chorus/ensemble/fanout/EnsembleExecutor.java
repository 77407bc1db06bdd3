package io.chorus.ensemble.fanout;

import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.function.Consumer;

import reactor.core.publisher.Flux;
import reactor.core.publisher.Mono;
import reactor.core.publisher.Sinks;
import reactor.core.scheduler.Schedulers;

import io.chorus.ensemble.aggregate.AggregationOptions;
import io.chorus.ensemble.aggregate.Aggregator;
import io.chorus.ensemble.aggregate.AggregatorRegistry;
import io.chorus.ensemble.aggregate.Agreement;
import io.chorus.ensemble.aggregate.MemberTensor;
import io.chorus.ensemble.config.EnsembleSpec;
import io.chorus.ensemble.member.CallContext;
import io.chorus.ensemble.member.MemberClient;
import io.chorus.ensemble.member.MemberClients;
import io.chorus.ensemble.member.MemberOutcome;
import io.chorus.ensemble.member.MemberRequest;
import io.chorus.ensemble.metrics.EnsembleMetrics;
import io.chorus.protocol.InferenceRequest;
import io.chorus.protocol.Tensor;

/**
 * Runs one ensemble request: calls every member at once, gathers outcomes by the ensemble's wait policy
 * and quorum within the deadline, cancels the calls the answer no longer needs, and aggregates.
 */
public final class EnsembleExecutor {

	private final MemberClients clients;

	private final AggregatorRegistry aggregators;

	private final EnsembleMetrics metrics;

	private final int offloadElements;

	/**
	 * Creates an executor.
	 * @param clients the member clients
	 * @param aggregators the strategies by name
	 * @param metrics where timings are recorded
	 * @param offloadElements aggregations over more elements than this run on the parallel scheduler
	 */
	public EnsembleExecutor(MemberClients clients, AggregatorRegistry aggregators, EnsembleMetrics metrics,
			int offloadElements) {
		this.clients = clients;
		this.aggregators = aggregators;
		this.metrics = metrics;
		this.offloadElements = offloadElements;
	}

	/**
	 * Runs the ensemble.
	 * @param spec the ensemble
	 * @param request the client's request
	 * @param context the deadline budget and tracing headers
	 * @return the result; never an error. Cancelling it cancels every member call.
	 */
	public Mono<EnsembleResult> execute(EnsembleSpec spec, InferenceRequest request, CallContext context) {
		return execute(spec, request, context, null);
	}

	/**
	 * Runs the ensemble, telling a listener of each member's outcome as it is recorded.
	 * @param spec the ensemble
	 * @param request the client's request
	 * @param context the deadline budget and tracing headers
	 * @param progress told of each member's outcome as it arrives (before shapes are compared, so a member
	 * reported {@code ok} can still end {@code incompatible} in the result); never called concurrently, and
	 * never after the result is decided; {@code null} for none
	 * @return the result; never an error. Cancelling it cancels every member call.
	 */
	public Mono<EnsembleResult> execute(EnsembleSpec spec, InferenceRequest request, CallContext context,
			Consumer<MemberReport> progress) {
		return Mono.deferContextual((reactorContext) -> {
			long start = System.nanoTime();
			// A reloadable service puts the member clients of the request's generation in the context.
			MemberClients generation = reactorContext.getOrDefault(MemberClients.class, this.clients);
			List<MemberClient> members = clientsOf(spec, generation);
			Duration minimum = generation.limits().minAttemptTime();
			if (context.budget().remaining().compareTo(minimum) < 0) {
				// Too little time to start any member call: every member's outcome is the deadline, none is called.
				List<MemberReport> reports = new ArrayList<>();
				for (MemberClient member : members) {
					reports.add(new MemberReport(member.spec(), new MemberOutcome.DeadlineExceeded("less than "
							+ minimum.toMillis() + "ms of the request's deadline was left; not called", Duration.ZERO, 0),
							0.0));
				}
				record(spec, reports);
				return Mono.just(unanswered(spec, reports));
			}
			Tensor first = request.inputs().get(0);
			Gather gather = new Gather(spec, (first.rank() > 0) ? first.rows() : -1, progress);
			// Members get the inputs only: requested outputs name the ensemble's outputs, not theirs.
			MemberRequest memberRequest = new MemberRequest(
					new InferenceRequest(request.id(), request.parameters(), request.inputs(), null));
			Mono<Long> deadline = Mono.delay(context.budget().remaining(), generation.timer())
				.doOnNext((tick) -> gather.deadlinePassed());
			Mono<Long> grace = gather.quorumReached()
				.then(Mono.delay(spec.grace(), generation.timer()))
				.doOnNext((tick) -> gather.graceOver());
			// Whether gathering is over is checked once a call has completed, not while its answer is being
			// delivered: cancelling the fan-out from inside that delivery (as takeUntil(predicate) did) also
			// cancelled the answering call itself, whose cancel hook then released its breaker permit unrecorded,
			// so the last member to answer never had its success counted (CascadeIntegrationTests and
			// FanoutVerdictIntegrationTests fail without this). Calls cancelled from here on have not answered.
			Sinks.One<Boolean> enough = Sinks.one();
			Flux<MemberOutcome> calls = Flux.range(0, members.size())
				.flatMap((i) -> members.get(i).call(memberRequest, context).map((outcome) -> {
					gather.accept(i, outcome);
					return outcome;
				}).doFinally((signal) -> {
					if (gather.done()) {
						enough.tryEmitValue(true);
					}
				}), members.size())
				.takeUntilOther(enough.asMono());
			if (spec.waitPolicy() == io.chorus.ensemble.config.WaitPolicy.QUORUM_GRACE) {
				calls = calls.takeUntilOther(grace);
			}
			// Completing early cancels the members still pending; Reactor Netty then closes their connections.
			// A client that goes away cancels everything: nothing is judged, so no breaker counts it.
			return calls.takeUntilOther(deadline)
				.then(Mono.defer(() -> finish(spec, gather.freeze(since(start)))))
				.doOnCancel(() -> {
					Gather.Frozen abandoned = gather.abandon(since(start));
					if (abandoned != null) {
						record(spec, abandoned.reports());
					}
				});
		});
	}

	private Mono<EnsembleResult> finish(EnsembleSpec spec, Gather.Frozen gathered) {
		List<MemberReport> reports = gathered.reports();
		record(spec, reports);
		if (!gathered.quorumMet()) {
			return Mono.just(unanswered(spec, reports));
		}
		List<List<MemberTensor>> answers = new ArrayList<>();
		long elements = 0;
		for (int o = 0; o < spec.outputs().size(); o++) {
			List<MemberTensor> perOutput = new ArrayList<>();
			for (int m = 0; m < reports.size(); m++) {
				Tensor tensor = gathered.tensor(m, o);
				if (tensor != null) {
					MemberReport report = reports.get(m);
					perOutput.add(new MemberTensor(report.member().name(), m, report.weightUsed(), tensor));
					elements += tensor.data().size();
				}
			}
			answers.add(perOutput);
		}
		Mono<EnsembleResult> aggregate = Mono.fromCallable(() -> aggregate(spec, answers, reports));
		// Small aggregations stay on the event loop; large ones move to the CPU-bound scheduler on purpose.
		return (elements > this.offloadElements) ? aggregate.subscribeOn(Schedulers.parallel()) : aggregate;
	}

	private EnsembleResult aggregate(EnsembleSpec spec, List<List<MemberTensor>> answers, List<MemberReport> reports) {
		Aggregator aggregator = this.aggregators.find(spec.strategy())
			.orElseThrow(() -> new IllegalStateException("no aggregator " + spec.strategy()));
		AggregationOptions options = new AggregationOptions(spec.labelOutput(), spec.threshold());
		List<Tensor> outputs = new ArrayList<>();
		try {
			for (int o = 0; o < spec.outputs().size(); o++) {
				for (Tensor tensor : aggregator.aggregate(spec.outputs().get(o), answers.get(o), options)) {
					if (outputs.stream().noneMatch((t) -> t.name().equals(tensor.name()))) {
						outputs.add(tensor);
					}
				}
			}
			Double agreement = outputs.stream()
				.filter((t) -> t.name().equals(spec.labelOutput()))
				.findFirst()
				.map((labels) -> Agreement.of(answers.get(0), labels, options.threshold()))
				.orElse(null);
			return new EnsembleResult.Answered(spec, outputs, reports, agreement);
		}
		catch (IllegalArgumentException ex) {
			// The members answered well, but the strategy cannot apply to what they answer (a configuration
			// problem, not the client's and not the members'): a truthful 503, never a 500.
			return new EnsembleResult.Unanswered(spec, EnsembleResult.Reason.UNAGGREGATABLE,
					"strategy '" + spec.strategy() + "' cannot aggregate the members' answers: " + ex.getMessage(),
					reports);
		}
	}

	private static EnsembleResult unanswered(EnsembleSpec spec, List<MemberReport> reports) {
		long ok = reports.stream().filter((r) -> r.outcome() instanceof MemberOutcome.Success).count();
		List<MemberOutcome> failures = reports.stream().map(MemberReport::outcome).filter(MemberOutcome::failed).toList();
		String counts = ok + " of " + reports.size() + " members answered alike, " + spec.quorum() + " needed";
		if (!failures.isEmpty() && failures.stream().allMatch((o) -> o instanceof MemberOutcome.RefusedInput)) {
			return new EnsembleResult.Unanswered(spec, EnsembleResult.Reason.REJECTED_INPUT,
					"the members refused the input (" + failures.get(0).message() + "); " + counts, reports);
		}
		boolean outOfTime = failures.stream()
			.anyMatch((o) -> o instanceof MemberOutcome.TimedOut || o instanceof MemberOutcome.DeadlineExceeded);
		return outOfTime
				? new EnsembleResult.Unanswered(spec, EnsembleResult.Reason.DEADLINE,
						"deadline passed before the quorum answered: " + counts, reports)
				: new EnsembleResult.Unanswered(spec, EnsembleResult.Reason.QUORUM_LOST,
						"quorum not reached: " + counts, reports);
	}

	/** Records every member's final outcome, once per request, after the fan-out has judged the answers. */
	private void record(EnsembleSpec spec, List<MemberReport> reports) {
		for (MemberReport report : reports) {
			MemberOutcome outcome = report.outcome();
			this.metrics.memberCall(spec.name(), report.member().name(), outcome.kind(), outcome.latency());
		}
	}

	/** The clients of the spec's members, in its order (a cascade stage calls some of the ensemble's members). */
	private static List<MemberClient> clientsOf(EnsembleSpec spec, MemberClients clients) {
		List<MemberClient> all = clients.of(spec.name());
		boolean same = all.size() == spec.members().size();
		for (int i = 0; same && i < all.size(); i++) {
			same = all.get(i).spec().name().equals(spec.members().get(i).name());
		}
		if (same) {
			return all;
		}
		List<MemberClient> chosen = new ArrayList<>(spec.members().size());
		for (var member : spec.members()) {
			all.stream().filter((client) -> client.spec().name().equals(member.name())).findFirst()
				.ifPresent(chosen::add);
		}
		return chosen;
	}

	private static Duration since(long start) {
		return Duration.ofNanos(System.nanoTime() - start);
	}

}
