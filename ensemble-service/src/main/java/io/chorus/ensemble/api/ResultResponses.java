package io.chorus.ensemble.api;

import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;

import io.chorus.ensemble.error.ApiException;
import io.chorus.ensemble.error.JsonErrorHandler;
import io.chorus.ensemble.fanout.EnsembleResult;
import io.chorus.ensemble.fanout.MemberReport;
import io.chorus.ensemble.member.MemberOutcome;
import io.chorus.protocol.InferenceRequest;
import io.chorus.protocol.InferenceResponse;
import io.chorus.protocol.RequestedOutput;
import io.chorus.protocol.Tensor;

/**
 * Turns ensemble results into protocol responses. Summary parameters are always present; the per-member
 * breakdown is added as flat {@code chorus.member.<name>.*} parameters only when the client asks, so
 * parameter values stay strings, numbers or booleans as the protocol requires.
 *
 * <p>A member's {@code error} is Chorus's own short description (an outcome, a status, "connection
 * refused"); what the member or the transport said verbatim, which can hold a member's internals and
 * internal addresses, is added as {@code error_detail} only when the operator enables
 * {@code chorus.detail.member-errors}.
 */
final class ResultResponses {

	private final boolean memberErrors;

	ResultResponses(boolean memberErrors) {
		this.memberErrors = memberErrors;
	}

	InferenceResponse answered(EnsembleResult.Answered result, InferenceRequest request, boolean detail) {
		return new InferenceResponse(result.ensemble().name(), result.ensemble().version(), request.id(),
				parameters(result, detail), select(result.outputs(), request.outputs()));
	}

	/**
	 * The summary parameters, plus the per-member breakdown when asked for. A member that did not contribute
	 * has {@code weight} 0: the weight it contributed, not the one configured.
	 */
	Map<String, Object> parameters(EnsembleResult.Answered result, boolean detail) {
		Map<String, Object> parameters = new LinkedHashMap<>();
		parameters.put("chorus.strategy", result.ensemble().strategy());
		parameters.put("chorus.answered", result.answered());
		parameters.put("chorus.failed", result.failed());
		parameters.put("chorus.degraded", result.degraded());
		if (result.agreement() != null) {
			parameters.put("chorus.agreement", round(result.agreement(), 4));
		}
		parameters.putAll(result.notes());
		if (detail) {
			for (MemberReport report : result.members()) {
				String prefix = "chorus.member." + report.member().name() + ".";
				MemberOutcome outcome = report.outcome();
				parameters.put(prefix + "outcome", outcome.kind());
				parameters.put(prefix + "latency_ms", round(outcome.latency().toNanos() / 1e6, 3));
				parameters.put(prefix + "attempts", outcome.attempts());
				if (outcome instanceof MemberOutcome.Success success && success.hedged()) {
					parameters.put(prefix + "hedged", true);
				}
				parameters.put(prefix + "weight", report.weightUsed());
				if (outcome.message() != null) {
					parameters.put(prefix + "error", outcome.message());
				}
				if (this.memberErrors && outcome.detail() != null) {
					parameters.put(prefix + "error_detail", outcome.detail());
				}
			}
		}
		return parameters;
	}

	Map<String, Object> unanswered(EnsembleResult.Unanswered result, int status, String requestId) {
		Map<String, Object> body = JsonErrorHandler.problem(status, result.message(), requestId);
		body.put("ensemble", result.ensemble().name());
		body.put("members", members(result.members()));
		return body;
	}

	static int status(EnsembleResult.Unanswered result) {
		return switch (result.reason()) {
			case QUORUM_LOST, UNAGGREGATABLE -> 503;
			case DEADLINE -> 504;
			case REJECTED_INPUT -> 400;
		};
	}

	private List<Map<String, Object>> members(List<MemberReport> reports) {
		List<Map<String, Object>> members = new ArrayList<>();
		for (MemberReport report : reports) {
			Map<String, Object> member = new LinkedHashMap<>();
			member.put("name", report.member().name());
			member.put("outcome", report.outcome().kind());
			member.put("latency_ms", round(report.outcome().latency().toNanos() / 1e6, 3));
			member.put("attempts", report.outcome().attempts());
			if (report.outcome() instanceof MemberOutcome.Success success && success.hedged()) {
				member.put("hedged", true);
			}
			member.put("weight", report.weightUsed());
			if (report.outcome().message() != null) {
				member.put("error", report.outcome().message());
			}
			if (this.memberErrors && report.outcome().detail() != null) {
				member.put("error_detail", report.outcome().detail());
			}
			members.add(member);
		}
		return members;
	}

	private static List<Tensor> select(List<Tensor> outputs, List<RequestedOutput> requested) {
		if (requested.isEmpty()) {
			return outputs;
		}
		List<Tensor> selected = new ArrayList<>();
		Set<String> available = new java.util.LinkedHashSet<>();
		outputs.forEach((t) -> available.add(t.name()));
		for (RequestedOutput output : requested) {
			Tensor tensor = outputs.stream().filter((t) -> t.name().equals(output.name())).findFirst()
				.orElseThrow(() -> new ApiException(400,
						"unknown output '" + output.name() + "'; this ensemble produces " + available));
			selected.add(tensor);
		}
		return selected;
	}

	private static double round(double value, int digits) {
		double scale = Math.pow(10, digits);
		return Math.round(value * scale) / scale;
	}

}
