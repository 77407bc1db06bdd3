package io.chorus.ensemble.api;

import java.nio.charset.StandardCharsets;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.function.Consumer;
import java.util.function.Function;

import reactor.core.publisher.Flux;
import reactor.core.publisher.Mono;
import reactor.core.publisher.Sinks;
import tools.jackson.databind.util.RawValue;

import org.springframework.http.codec.ServerSentEvent;
import org.springframework.web.reactive.function.server.ServerRequest;

import io.chorus.ensemble.error.JsonBodies;
import io.chorus.ensemble.fanout.EnsembleResult;
import io.chorus.ensemble.fanout.MemberReport;
import io.chorus.ensemble.member.MemberOutcome;
import io.chorus.protocol.InferenceCodec;
import io.chorus.protocol.InferenceRequest;
import io.chorus.protocol.InferenceResponse;

/**
 * Server-Sent Events for a client that asks for {@code text/event-stream}: one {@code member} event per member
 * outcome as it is recorded, then one {@code result} event (the inference response) or {@code error} event (the
 * error body with its {@code status}), and the stream ends.
 */
final class EventStreams {

	private final ResultResponses responses;

	EventStreams(ResultResponses responses) {
		this.responses = responses;
	}

	/** Whether the client asked for an event stream by name (a wildcard does not count). */
	static boolean wanted(ServerRequest request) {
		return request.headers().accept().stream()
			.anyMatch((type) -> type.getType().equals("text") && type.getSubtype().equals("event-stream"));
	}

	/**
	 * The events of one request.
	 * @param run runs the ensemble, telling the given listener of each member outcome
	 * @param inference the client's request
	 * @param headers the client's headers
	 * @return the events; cancelling them cancels the run
	 */
	Flux<ServerSentEvent<String>> events(Function<Consumer<MemberReport>, Mono<EnsembleResult>> run,
			InferenceRequest inference, ClientHeaders headers) {
		return Flux.defer(() -> {
			boolean detail = headers.detail() || Boolean.TRUE.equals(inference.parameters().get("chorus.detail"));
			// The executor calls the listener under its gather lock, so emissions never overlap; the final
			// event follows the decision, after which the listener is never called again.
			Sinks.Many<ServerSentEvent<String>> members = Sinks.many().unicast().onBackpressureBuffer();
			Mono<ServerSentEvent<String>> last = run.apply((report) -> members.tryEmitNext(member(report, detail)))
				.map((result) -> last(result, inference, headers, detail))
				.doFinally((signal) -> members.tryEmitComplete());
			return Flux.merge(members.asFlux(), last);
		});
	}

	private ServerSentEvent<String> member(MemberReport report, boolean detail) {
		MemberOutcome outcome = report.outcome();
		Map<String, Object> body = new LinkedHashMap<>();
		body.put("member", report.member().name());
		body.put("outcome", outcome.kind());
		body.put("latency_ms", Math.round(outcome.latency().toNanos() / 1e3) / 1e3);
		body.put("attempts", outcome.attempts());
		if (outcome.message() != null) {
			body.put("error", outcome.message());
		}
		if (detail && outcome instanceof MemberOutcome.Success success) {
			InferenceResponse answer = success.response();
			body.put("outputs", new RawValue(outputs(answer)));
		}
		return event("member", JsonBodies.write(body));
	}

	private ServerSentEvent<String> last(EnsembleResult result, InferenceRequest inference, ClientHeaders headers,
			boolean detail) {
		if (result instanceof EnsembleResult.Answered answered) {
			return event("result", InferenceCodec.write(this.responses.answered(answered, inference, detail)));
		}
		EnsembleResult.Unanswered unanswered = (EnsembleResult.Unanswered) result;
		int status = ResultResponses.status(unanswered);
		return event("error", JsonBodies.write(this.responses.unanswered(unanswered, status, headers.requestId())));
	}

	/** The member's outputs as the protocol writes them: the {@code outputs} array of its response. */
	private static String outputs(InferenceResponse answer) {
		byte[] json = InferenceCodec.write(new InferenceResponse(answer.modelName(), answer.modelVersion(), null,
				Map.of(), answer.outputs()));
		String text = new String(json, StandardCharsets.UTF_8);
		int start = text.indexOf("\"outputs\":");
		return (start < 0) ? "[]" : text.substring(start + "\"outputs\":".length(), text.lastIndexOf('}'));
	}

	private static ServerSentEvent<String> event(String name, byte[] json) {
		return ServerSentEvent.builder(new String(json, StandardCharsets.UTF_8)).event(name).build();
	}

}
