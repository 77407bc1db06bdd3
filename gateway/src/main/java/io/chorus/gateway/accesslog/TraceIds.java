package io.chorus.gateway.accesslog;

import io.micrometer.tracing.Span;
import io.micrometer.tracing.TraceContext;
import io.micrometer.tracing.handler.TracingObservationHandler;

import org.springframework.http.server.reactive.observation.ServerRequestObservationContext;
import org.springframework.web.server.ServerWebExchange;

/**
 * The trace and span ids of a request's server span, read from the request's observation. The access event is
 * written after the response is done, where no span is in scope (so nothing is in the MDC): the ids come from the
 * exchange instead, and they are there whether or not the trace is sampled.
 */
final class TraceIds {

	private TraceIds() {
	}

	static TraceContext of(ServerWebExchange exchange) {
		return ServerRequestObservationContext.findCurrent(exchange.getAttributes())
			.map((context) -> context.<TracingObservationHandler.TracingContext>get(TracingObservationHandler.TracingContext.class))
			.map(TracingObservationHandler.TracingContext::getSpan)
			.map(Span::context)
			.orElse(null);
	}

}
