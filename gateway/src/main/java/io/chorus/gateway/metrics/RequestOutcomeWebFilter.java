package io.chorus.gateway.metrics;

import java.util.EnumMap;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.atomic.AtomicBoolean;

import io.chorus.gateway.EdgeOrder;
import io.chorus.gateway.auth.Clients;
import io.chorus.gateway.management.ManagementPort;
import io.micrometer.core.instrument.Counter;
import io.micrometer.core.instrument.MeterRegistry;
import reactor.core.publisher.Mono;

import org.springframework.cloud.gateway.support.ServerWebExchangeUtils;
import org.springframework.core.Ordered;
import org.springframework.http.server.reactive.ServerHttpResponse;
import org.springframework.stereotype.Component;
import org.springframework.web.server.ServerWebExchange;
import org.springframework.web.server.WebFilter;
import org.springframework.web.server.WebFilterChain;

/**
 * Counts every public request in {@code chorus.gateway.requests} by client name and outcome, and
 * keeps the outcome in the exchange ({@link Outcomes}) for the access log.
 *
 * <p>Both happen when the response commits, which is after the error handler has set the final
 * status, or when the client goes away first. Neither ever holds the API key.
 */
@Component
final class RequestOutcomeWebFilter implements WebFilter, Ordered {

	static final String METER = "chorus.gateway.requests";

	private final MeterRegistry registry;

	// One map per outcome, keyed by client name (from configuration): a lookup allocates nothing.
	private final Map<Outcome, Map<String, Counter>> counters = new EnumMap<>(Outcome.class);

	private final ManagementPort managementPort;

	RequestOutcomeWebFilter(MeterRegistry registry, ManagementPort managementPort) {
		this.registry = registry;
		this.managementPort = managementPort;
		for (Outcome outcome : Outcome.values()) {
			this.counters.put(outcome, new ConcurrentHashMap<>());
		}
	}

	@Override
	public Mono<Void> filter(ServerWebExchange exchange, WebFilterChain chain) {
		if (this.managementPort.isManagementRequest(exchange)) {
			return chain.filter(exchange);
		}
		AtomicBoolean recorded = new AtomicBoolean();
		ServerHttpResponse response = exchange.getResponse();
		response.beforeCommit(() -> {
			boolean fromUpstream = exchange.getAttribute(ServerWebExchangeUtils.CLIENT_RESPONSE_ATTR) != null;
			record(exchange, Outcome.of(response.getStatusCode(), fromUpstream), recorded);
			return Mono.empty();
		});
		return chain.filter(exchange).doOnCancel(() -> record(exchange, Outcome.CANCELLED, recorded));
	}

	private void record(ServerWebExchange exchange, Outcome outcome, AtomicBoolean recorded) {
		if (!recorded.compareAndSet(false, true)) {
			return;
		}
		String client = Clients.of(exchange);
		Map<String, Counter> byClient = this.counters.get(outcome);
		Counter counter = byClient.get(client);
		if (counter == null) {
			counter = byClient.computeIfAbsent(client, (key) -> Counter.builder(METER)
				.description("Public requests by client name and outcome")
				.tag("client", client)
				.tag("outcome", outcome.tag)
				.register(this.registry));
		}
		counter.increment();
		exchange.getAttributes().put(Outcomes.ATTRIBUTE, outcome.tag);
	}

	@Override
	public int getOrder() {
		return EdgeOrder.OUTCOME_METRICS;
	}

}
