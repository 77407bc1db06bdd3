package io.chorus.ensemble.shadow;

import java.util.List;
import java.util.Optional;
import java.util.concurrent.ThreadLocalRandom;

import io.micrometer.core.instrument.MeterRegistry;
import reactor.core.publisher.Mono;
import reactor.core.publisher.Sinks;

import io.chorus.ensemble.config.EnsembleFeatures;
import io.chorus.ensemble.config.EnsembleSpec;
import io.chorus.ensemble.deadline.DeadlineBudget;
import io.chorus.ensemble.fanout.EnsembleResult;
import io.chorus.ensemble.member.CallContext;
import io.chorus.ensemble.member.MemberClient;
import io.chorus.ensemble.member.MemberClients;
import io.chorus.ensemble.member.MemberOutcome;
import io.chorus.ensemble.member.MemberRequest;
import io.chorus.protocol.InferenceRequest;

/**
 * Calls an ensemble's shadow members beside the live ones and compares each shadow's answer with the
 * ensemble's, without ever touching the request: a shadow call is subscribed on its own, with its own deadline
 * budget (the ensemble's deadline, started when the shadow is called), so it neither delays the answer nor is
 * cancelled with it. A shadow has its own client, breaker and bulkhead; its bulkhead
 * ({@code max-concurrent-calls}) bounds the calls in flight, so a slow shadow cannot pile up: past it, calls end
 * {@code rejected} at once.
 */
public final class ShadowRunner {

	private final MemberClients clients;

	private final ShadowMeters meters;

	/**
	 * Creates the runner.
	 * @param clients the member clients, shadows included
	 * @param registry where the shadows' outcomes and agreement are recorded
	 */
	public ShadowRunner(MemberClients clients, MeterRegistry registry) {
		this.clients = clients;
		this.meters = new ShadowMeters(registry);
	}

	/**
	 * Calls the ensemble's sampled shadows when {@code live} is subscribed, and compares them with its result.
	 * @param spec the ensemble
	 * @param request the client's request
	 * @param context the live request's context (its request id and trace context are passed on)
	 * @param live the ensemble's own run
	 * @return {@code live}, unchanged in what it signals and when
	 */
	public Mono<EnsembleResult> around(EnsembleSpec spec, InferenceRequest request, CallContext context,
			Mono<EnsembleResult> live) {
		List<EnsembleFeatures.ShadowSpec> shadows = spec.features().shadows();
		if (shadows.isEmpty()) {
			return live;
		}
		return Mono.deferContextual((reactorContext) -> {
			Sinks.One<EnsembleResult> answer = Sinks.one();
			MemberRequest memberRequest = new MemberRequest(
					new InferenceRequest(request.id(), request.parameters(), request.inputs(), null));
			// A reloadable service puts the member clients of the request's generation in the context.
			List<MemberClient> clients = reactorContext.getOrDefault(MemberClients.class, this.clients)
				.shadowsOf(spec.name());
			for (int i = 0; i < shadows.size() && i < clients.size(); i++) {
				EnsembleFeatures.ShadowSpec shadow = shadows.get(i);
				if (shadow.sampleRate() < 1 && ThreadLocalRandom.current().nextDouble() >= shadow.sampleRate()) {
					continue;
				}
				CallContext own = new CallContext(DeadlineBudget.start(spec.deadline()), context.requestId(),
						context.traceparent());
				// Detached on purpose: the live request neither waits for nor cancels it.
				clients.get(i).call(memberRequest, own)
					.zipWith(answer.asMono().map(Optional::of).defaultIfEmpty(Optional.empty()))
					.subscribe((both) -> judge(spec, shadow, both.getT1(), both.getT2().orElse(null)));
			}
			return live.doOnNext(answer::tryEmitValue).doFinally((signal) -> answer.tryEmitEmpty());
		});
	}

	private void judge(EnsembleSpec spec, EnsembleFeatures.ShadowSpec shadow, MemberOutcome outcome,
			EnsembleResult result) {
		String name = shadow.member().name();
		if (outcome instanceof MemberOutcome.Success success) {
			String problem = ShadowComparison.problem(spec, success.response());
			if (problem != null) {
				success.verdict().reject(problem);
				outcome = new MemberOutcome.Incompatible(problem, success.latency(), success.attempts());
			}
			else {
				success.verdict().accept();
				if (result instanceof EnsembleResult.Answered answered) {
					ShadowComparison.compare(spec, answered, success.response(), this.meters.of(spec.name(), name));
				}
			}
		}
		this.meters.call(spec.name(), name, outcome.kind(), outcome.latency());
	}

}
