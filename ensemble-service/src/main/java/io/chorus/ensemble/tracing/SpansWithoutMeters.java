package io.chorus.ensemble.tracing;

import io.micrometer.core.instrument.observation.MeterObservationHandler;
import io.micrometer.observation.Observation;

import org.springframework.core.Ordered;
import org.springframework.http.server.reactive.observation.ServerRequestObservationContext;
import org.springframework.stereotype.Component;

/**
 * Takes the request's server observation and every observation made by {@link Spans} away from Micrometer's
 * default meter handler, and makes no meter of them: they exist for their spans.
 *
 * <p>Why: the request is timed by {@code chorus.ensemble.*} and each member call by {@code chorus.member.*}, so the
 * meters these observations would make ({@code http.server.requests}, {@code chorus.trace.*}) were denied by
 * configuration ({@code management.metrics.enable}). Denied meters still cost: the default handler built a
 * long-task timer on start and a timer on stop, with their tags and ids, for the meter filter to throw away, for
 * the request and for each member call and attempt (21 observations a request at N=10). Meter handlers are asked
 * in order and the first that supports a context takes it, so this one, first, leaves the default handler nothing
 * to do. Tracing handlers are not meter handlers and still see every observation.
 */
@Component
final class SpansWithoutMeters implements MeterObservationHandler<Observation.Context>, Ordered {

	@Override
	public boolean supportsContext(Observation.Context context) {
		if (context instanceof ServerRequestObservationContext) {
			return true;
		}
		String name = context.getName();
		return name != null && name.startsWith(Spans.PREFIX);
	}

	@Override
	public int getOrder() {
		return Ordered.HIGHEST_PRECEDENCE;
	}

}
