package io.chorus.ensemble.member;

import java.time.Duration;
import java.util.Collection;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.function.Supplier;

import io.github.resilience4j.bulkhead.Bulkhead;
import io.github.resilience4j.bulkhead.BulkheadConfig;
import io.github.resilience4j.bulkhead.BulkheadRegistry;
import io.github.resilience4j.circuitbreaker.CircuitBreaker;
import io.github.resilience4j.circuitbreaker.CircuitBreakerConfig;
import io.github.resilience4j.circuitbreaker.CircuitBreakerRegistry;
import io.micrometer.core.instrument.MeterRegistry;
import io.micrometer.core.instrument.simple.SimpleMeterRegistry;
import io.netty.channel.ChannelOption;
import reactor.core.scheduler.Scheduler;
import reactor.netty.http.HttpProtocol;
import reactor.netty.http.client.Http2AllocationStrategy;
import reactor.netty.http.client.HttpClient;
import reactor.netty.resources.ConnectionProvider;
import reactor.netty.resources.LoopResources;

import io.chorus.ensemble.config.EnsembleCatalog;
import io.chorus.ensemble.config.EnsembleSpec;
import io.chorus.ensemble.config.MemberSpec;

/**
 * One {@link MemberClient} per ensemble member, each with its own connection pool sized for fan-out,
 * circuit breaker and bulkhead. Disposes the pools on shutdown.
 */
public final class MemberClients implements AutoCloseable {

	private final Map<String, List<MemberClient>> byEnsemble = new HashMap<>();

	/** Shadow members' clients: their own pools, breakers and bulkheads, so they never touch live members'. */
	private final Map<String, List<MemberClient>> shadowsByEnsemble = new HashMap<>();

	private final List<ConnectionProvider> pools = new java.util.ArrayList<>();

	/** Each client's connection pool, so that a reload can hand an unchanged member's pool on. */
	private final Map<MemberClient, ConnectionProvider> poolOf = new java.util.IdentityHashMap<>();

	private final MemberLimits limits;

	private final MeterRegistry meters;

	/** The event loops the member connections run on; {@code null}: Reactor Netty's global ones. */
	private final LoopResources loops;

	/**
	 * Creates the clients of every ensemble in the catalog.
	 * @param catalog the validated ensembles
	 * @param breakers the registry the breakers are created in (its metrics are bound elsewhere)
	 * @param bulkheads the registry the bulkheads are created in
	 * @param limits the limits every member call applies
	 */
	public MemberClients(EnsembleCatalog catalog, CircuitBreakerRegistry breakers, BulkheadRegistry bulkheads,
			MemberLimits limits) {
		this(catalog.all(), breakers, bulkheads, limits, new SimpleMeterRegistry(), null, null);
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
		this(catalog.all(), breakers, bulkheads, limits, meters, null, null);
	}

	/**
	 * Creates the clients of every ensemble in the catalog, publishing hedge and replica meters, with their
	 * connections on the web server's event loops (see {@link ServerLoops}).
	 * @param catalog the validated ensembles
	 * @param breakers the registry the breakers are created in (its metrics are bound elsewhere)
	 * @param bulkheads the registry the bulkheads are created in
	 * @param limits the limits every member call applies
	 * @param meters where hedge and per-replica meters go
	 * @param serverLoops the server's loop resources, looked up when a connection is opened
	 */
	public MemberClients(EnsembleCatalog catalog, CircuitBreakerRegistry breakers, BulkheadRegistry bulkheads,
			MemberLimits limits, MeterRegistry meters, Supplier<LoopResources> serverLoops) {
		this(catalog.all(), breakers, bulkheads, limits, meters, new ServerLoops(serverLoops), null);
	}

	/**
	 * Creates the clients of every ensemble in a reloaded catalog, keeping the clients (pool, breaker, bulkhead,
	 * retry budget, replica state) of members whose settings did not change.
	 * @param catalog the validated ensembles
	 * @param breakers the registry the breakers are created in
	 * @param bulkheads the registry the bulkheads are created in
	 * @param limits the limits every member call applies
	 * @param previous the clients serving until now
	 */
	public MemberClients(EnsembleCatalog catalog, CircuitBreakerRegistry breakers, BulkheadRegistry bulkheads,
			MemberLimits limits, MemberClients previous) {
		this(catalog.all(), breakers, bulkheads, limits, previous.meters, previous.loops, previous);
	}

	/**
	 * Creates the clients of the given ensembles.
	 * @param ensembles validated ensembles
	 * @param breakers the registry the breakers are created in
	 * @param bulkheads the registry the bulkheads are created in
	 * @param limits the limits every member call applies
	 */
	public MemberClients(Collection<EnsembleSpec> ensembles, CircuitBreakerRegistry breakers,
			BulkheadRegistry bulkheads, MemberLimits limits) {
		this(ensembles, breakers, bulkheads, limits, new SimpleMeterRegistry(), null, null);
	}

	private MemberClients(Collection<EnsembleSpec> ensembles, CircuitBreakerRegistry breakers,
			BulkheadRegistry bulkheads, MemberLimits limits, MeterRegistry meters, LoopResources loops,
			MemberClients previous) {
		this.limits = limits;
		this.meters = meters;
		this.loops = loops;
		for (EnsembleSpec ensemble : ensembles) {
			List<MemberClient> clients = ensemble.members()
				.stream()
				.map((member) -> reuseOrCreate(previous, ensemble, member, breakers, bulkheads))
				.toList();
			this.byEnsemble.put(ensemble.name(), clients);
			this.shadowsByEnsemble.put(ensemble.name(), ensemble.features().shadows().stream()
				.map((shadow) -> reuseOrCreate(previous, ensemble, shadow.member(), breakers, bulkheads))
				.toList());
		}
	}

	/**
	 * The limits every member call applies.
	 * @return the limits
	 */
	public MemberLimits limits() {
		return this.limits;
	}

	/**
	 * The timer of the fan-out's deadline and grace period: like the members' own timeouts, a delay started on an
	 * event loop runs on that loop ({@link LoopTimer}), not on the parallel scheduler's shared, locked queue.
	 * @return the scheduler
	 */
	public Scheduler timer() {
		return LoopTimer.INSTANCE;
	}

	/**
	 * The clients of one ensemble, in member order.
	 * @param ensemble the ensemble name
	 * @return the clients
	 */
	public List<MemberClient> of(String ensemble) {
		return this.byEnsemble.getOrDefault(ensemble, List.of());
	}

	/**
	 * The clients of one ensemble's shadow members, in declaration order.
	 * @param ensemble the ensemble name
	 * @return the clients
	 */
	public List<MemberClient> shadowsOf(String ensemble) {
		return this.shadowsByEnsemble.getOrDefault(ensemble, List.of());
	}

	private MemberClient create(EnsembleSpec ensemble, MemberSpec member, CircuitBreakerRegistry breakers,
			BulkheadRegistry bulkheads) {
		String id = ensemble.name() + "." + member.name();
		ConnectionProvider pool = pool(id, member);
		this.pools.add(pool);
		int connectMillis = (int) Math.min(member.timeout().toMillis(), 5_000);
		HttpClient http = HttpClient.create(pool);
		if (this.loops != null) {
			http = http.runOn(this.loops);
		}
		http = http.option(ChannelOption.CONNECT_TIMEOUT_MILLIS, Math.max(1, connectMillis))
			.keepAlive(true);
		if (member.http2()) {
			// Prior knowledge: the first bytes on a new connection are the HTTP/2 preface. An HTTP/1.1-only
			// member cannot answer it; the call fails as a transport error (the member's fault, counted by its
			// breaker) and Http2Mismatch logs what to change. The upgrade path (H2C + HTTP11) was not chosen:
			// every call that starts before the first upgrade completes opens its own HTTP/1.1 connection, and
			// a request with a body cannot be upgraded without being buffered.
			http = http.protocol(HttpProtocol.H2C);
		}
		ChorusBreaker settings = new ChorusBreaker(member);
		CircuitBreaker breaker = breakers.circuitBreaker(id, settings.config());
		Bulkhead bulkhead = bulkheads.bulkhead(id, BulkheadConfig.custom()
			.maxConcurrentCalls(member.maxConcurrentCalls())
			.maxWaitDuration(Duration.ZERO)
			.build());
		MemberClient client = new MemberClient(member, http, breaker, bulkhead, this.limits, this.meters,
				ensemble.name(), LoopTimer.INSTANCE);
		this.poolOf.put(client, pool);
		return client;
	}

	/**
	 * A member's connection pool. HTTP/1.1: one connection per call in flight, up to the member's bulkhead.
	 * HTTP/2: calls are streams multiplexed on shared connections, and a new connection opens only when every
	 * open one has reached the member's stream limit ({@code strictConnectionReuse}; Reactor Netty's default opens
	 * dozens while the first one is still being set up), up to the same bound.
	 */
	/**
	 * The most calls one HTTP/2 connection carries at once (the member's own {@code SETTINGS_MAX_CONCURRENT_STREAMS}
	 * wins when lower): RFC 9113's recommended minimum and Netty's server default. One connection for every call
	 * puts all of a member's calls on one event loop at each end: at 1,000 requests in flight that added ~330 ms
	 * to the p50 and at 10,000 almost every call timed out (docs/benchmarks.md).
	 */
	static final long STREAMS_PER_CONNECTION = 100;

	private static ConnectionProvider pool(String id, MemberSpec member) {
		ConnectionProvider.Builder builder = ConnectionProvider.builder("chorus-" + id)
			.pendingAcquireMaxCount(member.maxConcurrentCalls())
			.pendingAcquireTimeout(member.timeout())
			.maxIdleTime(Duration.ofSeconds(30))
			.evictInBackground(Duration.ofSeconds(30));
		if (member.http2()) {
			return builder.allocationStrategy(Http2AllocationStrategy.builder()
				.maxConnections(member.maxConcurrentCalls())
				.minConnections(1)
				.maxConcurrentStreams(STREAMS_PER_CONNECTION)
				.strictConnectionReuse(true)
				.build()).build();
		}
		return builder.maxConnections(member.maxConcurrentCalls()).build();
	}

	private MemberClient reuseOrCreate(MemberClients previous, EnsembleSpec ensemble, MemberSpec member,
			CircuitBreakerRegistry breakers, BulkheadRegistry bulkheads) {
		MemberClient old = (previous != null) ? previous.find(ensemble.name(), member.name()) : null;
		if (old != null && old.spec().equals(member)) {
			this.poolOf.put(old, previous.poolOf.get(old));
			this.pools.add(previous.poolOf.get(old));
			return old;
		}
		if (old != null) {
			// Changed settings: a fresh breaker and bulkhead (the registries would hand back the old ones).
			String id = ensemble.name() + "." + member.name();
			breakers.remove(id);
			bulkheads.remove(id);
		}
		return create(ensemble, member, breakers, bulkheads);
	}

	private MemberClient find(String ensemble, String member) {
		for (Map<String, List<MemberClient>> clients : List.of(this.byEnsemble, this.shadowsByEnsemble)) {
			for (MemberClient client : clients.getOrDefault(ensemble, List.of())) {
				if (client.spec().name().equals(member)) {
					return client;
				}
			}
		}
		return null;
	}

	/**
	 * Closes the connection pools that none of the given clients uses (after a reload, once the requests that
	 * started on these clients have ended).
	 * @param stillServing the clients still in use
	 */
	public void closeExcept(List<MemberClients> stillServing) {
		for (ConnectionProvider pool : this.pools) {
			if (stillServing.stream().noneMatch((other) -> other.pools.contains(pool))) {
				pool.dispose();
			}
		}
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
