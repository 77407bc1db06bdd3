package io.chorus.ensemble.member;

import java.time.Duration;
import java.util.HashMap;
import java.util.List;
import java.util.Map;

import io.github.resilience4j.bulkhead.Bulkhead;
import io.github.resilience4j.bulkhead.BulkheadConfig;
import io.github.resilience4j.bulkhead.BulkheadRegistry;
import io.github.resilience4j.circuitbreaker.CircuitBreaker;
import io.github.resilience4j.circuitbreaker.CircuitBreakerConfig;
import io.github.resilience4j.circuitbreaker.CircuitBreakerRegistry;
import io.micrometer.core.instrument.MeterRegistry;
import io.micrometer.core.instrument.simple.SimpleMeterRegistry;
import io.netty.channel.ChannelOption;
import reactor.core.scheduler.Schedulers;
import reactor.netty.http.client.HttpClient;
import reactor.netty.resources.ConnectionProvider;

import io.chorus.ensemble.config.EnsembleCatalog;
import io.chorus.ensemble.config.EnsembleSpec;
import io.chorus.ensemble.config.MemberSpec;

/**
 * One {@link MemberClient} per ensemble member, each with its own connection pool sized for fan-out,
 * circuit breaker and bulkhead. Disposes the pools on shutdown.
 */
public final class MemberClients implements AutoCloseable {

	private final Map<String, List<MemberClient>> byEnsemble = new HashMap<>();

	private final List<ConnectionProvider> pools = new java.util.ArrayList<>();

	private final MemberLimits limits;

	private final MeterRegistry meters;

	/**
	 * Creates the clients of every ensemble in the catalog.
	 * @param catalog the validated ensembles
	 * @param breakers the registry the breakers are created in (its metrics are bound elsewhere)
	 * @param bulkheads the registry the bulkheads are created in
	 * @param limits the limits every member call applies
	 */
	public MemberClients(EnsembleCatalog catalog, CircuitBreakerRegistry breakers, BulkheadRegistry bulkheads,
			MemberLimits limits) {
		this(catalog, breakers, bulkheads, limits, new SimpleMeterRegistry());
	}

	/**
	 * Creates the clients of every ensemble in the catalog, publishing hedge and replica meters.
	 * @param catalog the validated ensembles
	 * @param breakers the registry the breakers are created in (its metrics are bound elsewhere)
	 * @param bulkheads the registry the bulkheads are created in
	 * @param limits the limits every member call applies
	 * @param meters where hedge and per-replica meters go
	 */
	public MemberClients(EnsembleCatalog catalog, CircuitBreakerRegistry breakers, BulkheadRegistry bulkheads,
			MemberLimits limits, MeterRegistry meters) {
		this.limits = limits;
		this.meters = meters;
		for (EnsembleSpec ensemble : catalog.all()) {
			List<MemberClient> clients = ensemble.members()
				.stream()
				.map((member) -> create(ensemble, member, breakers, bulkheads))
				.toList();
			this.byEnsemble.put(ensemble.name(), clients);
		}
	}

	/**
	 * The clients of one ensemble, in member order.
	 * @param ensemble the ensemble name
	 * @return the clients
	 */
	public List<MemberClient> of(String ensemble) {
		return this.byEnsemble.getOrDefault(ensemble, List.of());
	}

	private MemberClient create(EnsembleSpec ensemble, MemberSpec member, CircuitBreakerRegistry breakers,
			BulkheadRegistry bulkheads) {
		String id = ensemble.name() + "." + member.name();
		ConnectionProvider pool = ConnectionProvider.builder("chorus-" + id)
			.maxConnections(member.maxConcurrentCalls())
			.pendingAcquireMaxCount(member.maxConcurrentCalls())
			.pendingAcquireTimeout(member.timeout())
			.maxIdleTime(Duration.ofSeconds(30))
			.evictInBackground(Duration.ofSeconds(30))
			.build();
		this.pools.add(pool);
		int connectMillis = (int) Math.min(member.timeout().toMillis(), 5_000);
		HttpClient http = HttpClient.create(pool)
			.option(ChannelOption.CONNECT_TIMEOUT_MILLIS, Math.max(1, connectMillis))
			.keepAlive(true);
		ChorusBreaker settings = new ChorusBreaker(member);
		CircuitBreaker breaker = breakers.circuitBreaker(id, settings.config());
		Bulkhead bulkhead = bulkheads.bulkhead(id, BulkheadConfig.custom()
			.maxConcurrentCalls(member.maxConcurrentCalls())
			.maxWaitDuration(Duration.ZERO)
			.build());
		return new MemberClient(member, http, breaker, bulkhead, this.limits, this.meters, ensemble.name(),
				Schedulers.parallel());
	}

	@Override
	public void close() {
		this.pools.forEach(ConnectionProvider::dispose);
	}

	private record ChorusBreaker(MemberSpec member) {

		CircuitBreakerConfig config() {
			var settings = this.member.circuitBreaker();
			return CircuitBreakerConfig.custom()
				.slidingWindowType(CircuitBreakerConfig.SlidingWindowType.COUNT_BASED)
				.slidingWindowSize(settings.slidingWindowSize())
				.minimumNumberOfCalls(settings.minimumNumberOfCalls())
				.failureRateThreshold(settings.failureRateThreshold())
				.waitDurationInOpenState(settings.waitDurationInOpenState())
				.permittedNumberOfCallsInHalfOpenState(settings.permittedCallsInHalfOpenState())
				.automaticTransitionFromOpenToHalfOpenEnabled(false)
				// Both predicates: resilience4j records an exception that is not recorded as a success, so
				// a non-fault (the input refused, the request's deadline) must be ignored explicitly.
				.recordException(MemberClient::memberFault)
				.ignoreException((ex) -> !MemberClient.memberFault(ex))
				.build();
		}

	}

}
