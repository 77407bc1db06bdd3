package io.chorus.gateway.metrics;

import io.micrometer.core.instrument.observation.MeterObservationHandler;
import io.micrometer.observation.Observation;

import org.springframework.cloud.gateway.filter.headers.observation.GatewayContext;
import org.springframework.core.Ordered;
import org.springframework.stereotype.Component;

/**
 * Takes Spring Cloud Gateway's observation of the proxied call ({@link GatewayContext}, {@code http.client.requests})
 * away from Micrometer's default meter handler, and makes no meter of it.
 *
 * <p>Why: that observation is kept for its span (it writes the outgoing {@code traceparent}), but its meters are
 * not wanted ({@code chorus.gateway.requests} times the request, see {@link RequestTimer}). Denying them by
 * configuration ({@code management.metrics.enable}) still let the default handler build a long-task timer on
 * start and a timer on stop, with their tags and ids, for every request, only for the meter filter to throw them
 * away: 3.5 % of the gateway's CPU samples under load. Meter handlers are asked in order and the first that
 * supports a context takes it, so this one, first, leaves the default handler nothing to do.
 */
@Component
final class ProxiedCallWithoutMeters implements MeterObservationHandler<GatewayContext>, Ordered {

	@Override
	public boolean supportsContext(Observation.Context context) {
		return context instanceof GatewayContext;
	}

	@Override
	public int getOrder() {
		return Ordered.HIGHEST_PRECEDENCE;
	}

}
