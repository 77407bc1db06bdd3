package io.chorus.gateway.metrics;

import java.util.EnumMap;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.atomic.AtomicBoolean;

import io.chorus.gateway.EdgeOrder;
import io.chorus.gateway.auth.Clients;
import io.chorus.gateway.management.ManagementPort;
import io.chorus.gateway.requestid.RequestIds;
import io.micrometer.core.instrument.Counter;
import io.micrometer.core.instrument.MeterRegistry;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import reactor.core.publisher.Mono;

import org.springframework.cloud.gateway.support.ServerWebExchangeUtils;
import org.springframework.core.Ordered;
import org.springframework.http.server.reactive.ServerHttpResponse;
import org.springframework.stereotype.Component;
import org.springframework.web.server.ServerWebExchange;
import org.springframework.web.server.WebFilter;
import org.springframework.web.server.WebFilterChain;

/**
 * Counts every public request in {@code chorus.gateway.requests} by client name and outcome,
 * and writes one access log line (logger {@code io.chorus.gateway.access}) with the request id.
 *
 * <p>Both happen when the response commits, which is after the error handler has set the final
 * status, or when the client goes away first. Neither ever holds the API key.
 */
@Component
final class RequestOutcomeWebFilter implements WebFilter, Ordered {

	static final String METER = "chorus.gateway.requests";

	private static final Logger access = LoggerFactory.getLogger("io.chorus.gateway.access");

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
		long start = System.nanoTime();
		AtomicBoolean recorded = new AtomicBoolean();
		ServerHttpResponse response = exchange.getResponse();
		response.beforeCommit(() -> {
			boolean fromUpstream = exchange.getAttribute(ServerWebExchangeUtils.CLIENT_RESPONSE_ATTR) != null;
			record(exchange, Outcome.of(response.getStatusCode(), fromUpstream), start, recorded);
			return Mono.empty();
		});
		return chain.filter(exchange).doOnCancel(() -> record(exchange, Outcome.CANCELLED, start, recorded));
	}

	private void record(ServerWebExchange exchange, Outcome outcome, long start, AtomicBoolean recorded) {
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
		if (access.isInfoEnabled()) {
			Integer status = (exchange.getResponse().getStatusCode() != null)
					? exchange.getResponse().getStatusCode().value() : null;
			access.info("{} {} status={} outcome={} client={} durationMs={} requestId={}",
					exchange.getRequest().getMethod(), exchange.getRequest().getPath().value(),
					(outcome == Outcome.CANCELLED) ? "-" : status, outcome.tag, client,
					(System.nanoTime() - start) / 1_000_000, RequestIds.of(exchange));
		}
	}

	@Override
	public int getOrder() {
		return EdgeOrder.OUTCOME_METRICS;
	}

}
