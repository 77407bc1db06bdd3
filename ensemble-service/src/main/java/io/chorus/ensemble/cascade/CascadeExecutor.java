package io.chorus.ensemble.cascade;

import java.util.List;
import java.util.Map;
import java.util.function.Consumer;

import io.micrometer.core.instrument.Counter;
import io.micrometer.core.instrument.DistributionSummary;
import io.micrometer.core.instrument.MeterRegistry;
import reactor.core.publisher.Mono;

import io.chorus.ensemble.config.EnsembleFeatures;
import io.chorus.ensemble.config.EnsembleSpec;
import io.chorus.ensemble.fanout.EnsembleExecutor;
import io.chorus.ensemble.fanout.EnsembleResult;
import io.chorus.ensemble.fanout.MemberReport;
import io.chorus.ensemble.member.CallContext;
import io.chorus.protocol.InferenceRequest;

/**
 * Runs a confidence cascade: each stage is a fan-out of its own (its members, its quorum; the ensemble's wait
 * policy and strategy), run one after the other within the request's one deadline budget, until a stage's answer
 * is confident enough or the last stage answers. Each stage's gathering settles its own answers' breaker verdicts,
 * so a stage that is not confident enough has settled everything before the next one starts.
 */
public final class CascadeExecutor {

	private final EnsembleExecutor executor;

	private final MeterRegistry registry;

	/**
	 * Creates the cascade runner.
	 * @param executor runs each stage's fan-out
	 * @param registry where the answering stage and the member calls per request are recorded
	 */
	public CascadeExecutor(EnsembleExecutor executor, MeterRegistry registry) {
		this.executor = executor;
		this.registry = registry;
	}

	/**
	 * Runs the ensemble: its cascade when it has stages, else one fan-out.
	 * @param spec the ensemble
	 * @param request the client's request
	 * @param context the deadline budget (shared by every stage) and tracing headers
	 * @param progress told of each member outcome of every stage, or {@code null}
	 * @return the answering stage's result, with the parameter {@code chorus.cascade.stage} (from 1)
	 */
	public Mono<EnsembleResult> execute(EnsembleSpec spec, InferenceRequest request, CallContext context,
			Consumer<MemberReport> progress) {
		List<EnsembleFeatures.StageSpec> stages = spec.features().stages();
		if (stages.isEmpty()) {
			return this.executor.execute(spec, request, context, progress);
		}
		return stage(spec, stages, 0, 0, request, context, progress);
	}

	private Mono<EnsembleResult> stage(EnsembleSpec spec, List<EnsembleFeatures.StageSpec> stages, int index,
			int callsSoFar, InferenceRequest request, CallContext context, Consumer<MemberReport> progress) {
		EnsembleFeatures.StageSpec stage = stages.get(index);
		return this.executor.execute(stage.ensemble(), request, context, progress).flatMap((result) -> {
			int calls = callsSoFar + (int) result.members().stream().filter((r) -> r.outcome().attempts() > 0).count();
			boolean enough = stage.last() || (result instanceof EnsembleResult.Answered answered
					&& Confidence.enough(answered, stage.minConfidence(), stage.minMargin()));
			if (!enough && !context.budget().expired()) {
				return stage(spec, stages, index + 1, calls, request, context, progress);
			}
			record(spec.name(), index + 1, calls);
			if (result instanceof EnsembleResult.Answered answered) {
				return Mono.just(answered.with(Map.of("chorus.cascade.stage", index + 1)));
			}
			return Mono.just(result);
		});
	}

	private void record(String ensemble, int stage, int calls) {
		Counter.builder("chorus.cascade.answered")
			.description("Cascade requests by the stage that answered them (from 1)")
			.tags("ensemble", ensemble, "stage", Integer.toString(stage))
			.register(this.registry)
			.increment();
		DistributionSummary.builder("chorus.cascade.member.calls")
			.description("Member calls made for one cascade request")
			.tags("ensemble", ensemble)
			.register(this.registry)
			.record(calls);
	}

}
