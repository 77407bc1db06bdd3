package io.chorus.gateway.metrics;

import java.util.EnumMap;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;

import io.chorus.gateway.auth.Clients;
import io.chorus.gateway.management.ManagementPort;
import io.micrometer.core.instrument.MeterRegistry;
import io.micrometer.core.instrument.Timer;
import io.micrometer.core.instrument.observation.MeterObservationHandler;
import io.micrometer.observation.Observation;

import org.springframework.cloud.gateway.route.Route;
import org.springframework.cloud.gateway.support.ServerWebExchangeUtils;
import org.springframework.core.Ordered;
import org.springframework.http.server.reactive.observation.ServerRequestObservationContext;
import org.springframework.stereotype.Component;

/**
 * Records every public request in the gateway's one per-request meter, the timer {@code chorus.gateway.requests}
 * tagged by client name, outcome and route, from the request's server observation (the one that is also its span),
 * and keeps the outcome on that observation ({@link Outcomes}) for the access log.
 *
 * <p>Why a handler of its own rather than Micrometer's default one with a convention: the default handler builds
 * the tags, the meter id and a long-task timer for every request, and it cannot leave out the warm-up's and the
 * management port's requests without also dropping their spans. This one looks its timer up in maps keyed by
 * values from configuration, so a request allocates only its {@link Timer.Sample}. It comes first among the meter
 * handlers, so the default one never sees a server request (no {@code http.server.requests} meters).
 *
 * <p>The observation stops when the response is done (the error handler has set the final status) or when the
 * client went away; a request that went away before its response started counts as {@code cancelled}.
 */
@Component
final class RequestTimer implements MeterObservationHandler<ServerRequestObservationContext>, Ordered {

	static final String METER = "chorus.gateway.requests";

	/** The route tag of a request no route took: refused at the edge, unknown path, API docs. */
	static final String NO_ROUTE = "none";

	private final MeterRegistry registry;

	private final ManagementPort managementPort;

	// Outcome, then client name, then route id (both from configuration): a lookup allocates nothing.
	private final Map<Outcome, Map<String, Map<String, Timer>>> timers = new EnumMap<>(Outcome.class);

	RequestTimer(MeterRegistry registry, ManagementPort managementPort) {
		this.registry = registry;
		this.managementPort = managementPort;
		for (Outcome outcome : Outcome.values()) {
			this.timers.put(outcome, new ConcurrentHashMap<>());
		}
	}

	@Override
	public boolean supportsContext(Observation.Context context) {
		return context instanceof ServerRequestObservationContext;
	}

	@Override
	public void onStart(ServerRequestObservationContext context) {
		if (!this.managementPort.isManagementRequest(context.getCarrier())) {
			context.put(Timer.Sample.class, Timer.start(this.registry));
		}
	}

	@Override
	public void onStop(ServerRequestObservationContext context) {
		Timer.Sample sample = context.get(Timer.Sample.class);
		Map<String, Object> attributes = context.getAttributes();
		if (sample == null || Outcomes.isExcluded(attributes)) {
			return;
		}
		Outcome outcome = Outcome.of(context);
		// The exchange's attributes are read-only here: the access log reads the outcome from this context.
		context.put(Outcomes.KEY, outcome.tag);
		Route route = (Route) attributes.get(ServerWebExchangeUtils.GATEWAY_ROUTE_ATTR);
		sample.stop(timer(outcome, Clients.of(attributes), (route != null) ? route.getId() : NO_ROUTE));
	}

	private Timer timer(Outcome outcome, String client, String route) {
		Map<String, Map<String, Timer>> byClient = this.timers.get(outcome);
		Map<String, Timer> byRoute = byClient.get(client);
		if (byRoute == null) {
			byRoute = byClient.computeIfAbsent(client, (key) -> new ConcurrentHashMap<>());
		}
		Timer timer = byRoute.get(route);
		if (timer == null) {
			timer = byRoute.computeIfAbsent(route, (key) -> Timer.builder(METER)
				.description("Public requests by client name, outcome and route, from arrival to the end of the response")
				.tag("client", client)
				.tag("outcome", outcome.tag)
				.tag("route", route)
				.register(this.registry));
		}
		return timer;
	}

	@Override
	public int getOrder() {
		return Ordered.HIGHEST_PRECEDENCE;
	}

}
