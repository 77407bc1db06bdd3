package io.chorus.gateway.warmup;

import java.net.InetSocketAddress;
import java.net.URI;
import java.nio.charset.StandardCharsets;
import java.security.MessageDigest;
import java.security.SecureRandom;
import java.time.Duration;
import java.util.HexFormat;
import java.util.Locale;
import java.util.Map;
import java.util.Optional;
import java.util.concurrent.TimeoutException;
import java.util.concurrent.atomic.AtomicInteger;

import io.micrometer.core.instrument.MeterRegistry;
import io.netty.channel.ChannelOption;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import reactor.core.publisher.Flux;
import reactor.core.publisher.Mono;
import reactor.netty.ByteBufFlux;
import reactor.netty.http.client.HttpClient;
import reactor.netty.resources.ConnectionProvider;

import org.springframework.web.server.ServerWebExchange;

/**
 * Warms a new gateway replica before it reports ready, so its first clients do not pay for class loading, JIT
 * compilation and connection set-up.
 *
 * <p>Two parts run at once, both bounded: Spring Cloud Gateway's own {@link HttpClient} opens connections to
 * ensemble-service with at most {@code upstreamCalls} liveness calls (never a prediction, never through the route's
 * circuit breaker), and synthetic requests go over loopback through the gateway's server, WebFlux and routing
 * (route matching, the proxying client, response writing) to an in-process {@link StandInUpstream},
 * {@code concurrency} at a time, until the JIT compilers go quiet ({@link JitActivity}, after at least
 * {@code minLoopbackRequests}) or {@code loopbackRequests} were sent. Those requests carry a secret generated at start-up and skip
 * the edge filters (see {@link WarmupWebFilter}): no client's rate limit, metrics or access log sees them. The whole
 * warm-up is cut off at {@code maxTime} and reported, with what ended it, in the log, the readiness details and
 * gauges.
 */
public final class GatewayWarmup implements AutoCloseable {

	/** The header that carries the secret of a warm-up request. */
	static final String HEADER = "X-Chorus-Warmup";

	/** The path prefix of warm-up requests; no public route serves it. */
	static final String PREFIX = "/chorus-warmup/";

	private static final Logger logger = LoggerFactory.getLogger(GatewayWarmup.class);

	private static final String BODY = "{\"id\":\"warmup\",\"inputs\":[{\"name\":\"x\",\"datatype\":\"FP64\","
			+ "\"shape\":[4,1],\"data\":[0.1,0.2,0.3,0.4]}]}";

	private final GatewayWarmupProperties properties;

	private final HttpClient gatewayClient;

	private final URI ensembleService;

	private final int connectTimeoutMillis;

	private final byte[] secret;

	private final StandInUpstream standIn;

	private final AtomicInteger sent = new AtomicInteger();

	private final AtomicInteger answered = new AtomicInteger();

	private final AtomicInteger upstreamReached = new AtomicInteger();

	private final AtomicInteger upstreamUnreachable = new AtomicInteger();

	private volatile boolean warming;

	private volatile Report report;

	/** What ended the warm-up. */
	enum Ending {

		/** The JIT compilers went quiet after at least {@code minLoopbackRequests}. */
		SETTLED,
		/** {@code loopbackRequests} were sent (or none were to be sent). */
		VOLUME,
		/** {@code maxTime} cut it off. */
		CAP,
		/** It failed; the gateway reports ready anyway. */
		FAILED,
		/** {@code enabled: false}. */
		OFF

	}

	/**
	 * What the warm-up did.
	 *
	 * @param took how long it held readiness back
	 * @param loopbackRequests synthetic requests sent through the routing path
	 * @param loopbackAnswered those the stand-in answered through the warm-up route (200)
	 * @param upstreamReached liveness calls to ensemble-service that were answered
	 * @param upstreamUnreachable liveness calls that failed
	 * @param endedBy what ended it
	 * @param failure why it failed, or {@code null}
	 */
	record Report(Duration took, int loopbackRequests, int loopbackAnswered, int upstreamReached, int upstreamUnreachable, Ending endedBy,
			String failure) {

		boolean capped() {
			return this.endedBy == Ending.CAP;
		}

	}

	GatewayWarmup(GatewayWarmupProperties properties, HttpClient gatewayClient, URI ensembleService,
			int connectTimeoutMillis, MeterRegistry meters) {
		this.properties = properties;
		this.gatewayClient = gatewayClient;
		this.ensembleService = ensembleService;
		this.connectTimeoutMillis = connectTimeoutMillis;
		byte[] random = new byte[32];
		new SecureRandom().nextBytes(random);
		this.secret = HexFormat.of().formatHex(random).getBytes(StandardCharsets.US_ASCII);
		this.warming = properties.enabled();
		this.standIn = (properties.enabled() && properties.loopbackRequests() > 0) ? new StandInUpstream() : null;
		meters.gauge("chorus.gateway.warmup.loopback.requests", this.sent);
		meters.gauge("chorus.gateway.warmup.upstream.unreachable", this.upstreamUnreachable);
		meters.gauge("chorus.gateway.warmup.seconds", this,
				(w) -> (w.report != null) ? w.report.took().toNanos() / 1e9 : Double.NaN);
	}

	Report report() {
		return this.report;
	}

	boolean isWarming() {
		return this.warming && this.standIn != null;
	}

	URI standInUri() {
		return this.standIn.uri();
	}

	/**
	 * Tells whether a request is one of this warm-up's own: while it runs, from this host, with its secret.
	 * @param exchange the exchange
	 * @return {@code true} for a warm-up request
	 */
	boolean accepts(ServerWebExchange exchange) {
		if (!this.warming || !exchange.getRequest().getPath().value().startsWith(PREFIX)) {
			return false;
		}
		InetSocketAddress remote = exchange.getRequest().getRemoteAddress();
		InetSocketAddress local = exchange.getRequest().getLocalAddress();
		String presented = exchange.getRequest().getHeaders().getFirst(HEADER);
		return remote != null && remote.getAddress() != null && (remote.getAddress().isLoopbackAddress()
				|| (local != null && remote.getAddress().equals(local.getAddress())))
				&& presented != null
				&& MessageDigest.isEqual(this.secret, presented.getBytes(StandardCharsets.US_ASCII));
	}

	/**
	 * Starts the warm-up against the gateway's own public server; it completes on its own, never with an error.
	 * @param host the address the public server listens on, as seen from this host
	 * @param port its port
	 * @param finished run once the warm-up is over (it removes the warm-up route)
	 */
	void start(String host, int port, Runnable finished) {
		if (!this.properties.enabled()) {
			this.report = new Report(Duration.ZERO, 0, 0, 0, 0, Ending.OFF, null);
			finished.run();
			return;
		}
		long start = System.nanoTime();
		ConnectionProvider loopbackPool = ConnectionProvider.create("chorus-warmup", this.properties.concurrency());
		Mono.zip(upstream().thenReturn(Boolean.TRUE), loopback(HttpClient.create(loopbackPool), host, port),
				(connected, ending) -> Map.entry(ending, Optional.<Throwable>empty()))
			.timeout(this.properties.maxTime())
			// A warm-up that fails must not keep a working replica out of service: report it and go on.
			.onErrorResume((ex) -> Mono.just(Map.entry((ex instanceof TimeoutException) ? Ending.CAP : Ending.FAILED,
					Optional.of(ex))))
			.subscribe((ended) -> {
				this.warming = false;
				loopbackPool.dispose();
				finish(start, ended.getKey(), ended.getValue().orElse(null));
				finished.run();
				close();
			});
	}

	/** Opens connections to ensemble-service through the gateway's own client, so the route finds them pooled. */
	private Mono<Void> upstream() {
		if (this.gatewayClient == null || this.properties.upstreamCalls() == 0) {
			return Mono.empty();
		}
		// The same option NettyRoutingFilter sets from the route's connect timeout: the pool is keyed by the
		// client's configuration, so this is what makes the route reuse these connections.
		HttpClient client = this.gatewayClient.option(ChannelOption.CONNECT_TIMEOUT_MILLIS, this.connectTimeoutMillis);
		String base = this.ensembleService.toString();
		String uri = (base.endsWith("/") ? base.substring(0, base.length() - 1) : base) + this.properties.upstreamPath();
		return Flux.range(0, this.properties.upstreamCalls())
			.flatMap((i) -> client.get()
				.uri(uri)
				.responseSingle((response, body) -> body.then(Mono.just(response.status().code() < 500)))
				.onErrorReturn(false), this.properties.upstreamCalls())
			.doOnNext((ok) -> (ok ? this.upstreamReached : this.upstreamUnreachable).incrementAndGet())
			.then();
	}

	/** Sends synthetic requests through the gateway's routing path until the JIT goes quiet or the volume is sent. */
	private Mono<Ending> loopback(HttpClient client, String host, int port) {
		if (this.standIn == null) {
			return Mono.just(Ending.VOLUME);
		}
		HttpClient self = client.baseUrl("http://" + host + ":" + port)
			.headers((headers) -> headers.set(HEADER, new String(this.secret, StandardCharsets.US_ASCII))
				.set("Content-Type", "application/json"));
		Mono<Ending> volume = Flux.range(0, this.properties.loopbackRequests())
			.flatMap((i) -> {
				this.sent.incrementAndGet();
				return self.post()
					.uri(PREFIX + "v2/models/warmup/infer")
					.send(ByteBufFlux.fromString(Mono.just(BODY)))
					.responseSingle((response, body) -> body.then(Mono.fromRunnable(() -> {
						if (response.status().code() == 200) {
							this.answered.incrementAndGet();
						}
					})))
					// One failed synthetic request (sent, not answered) must not end the warm-up of the rest.
					.onErrorResume((ex) -> Mono.empty());
			}, this.properties.concurrency())
			.then(Mono.just(Ending.VOLUME));
		return Mono.firstWithSignal(volume, settled());
	}

	private Mono<Ending> settled() {
		return JitActivity.quietAfter(this.properties.jitQuietShare(), this.properties.jitWindow(), this.sent::get,
				this.properties.minLoopbackRequests()).thenReturn(Ending.SETTLED);
	}

	private void finish(long start, Ending ending, Throwable failure) {
		boolean capped = ending == Ending.CAP;
		if (capped && this.gatewayClient != null) {
			// Calls still unanswered when the cap cut them off count as unreachable too.
			this.upstreamUnreachable.set(this.properties.upstreamCalls() - this.upstreamReached.get());
		}
		Report done = new Report(Duration.ofNanos(System.nanoTime() - start), this.sent.get(), this.answered.get(),
				this.upstreamReached.get(), this.upstreamUnreachable.get(), ending,
				(ending == Ending.FAILED) ? failure.toString() : null);
		this.report = done;
		String summary = "Warm-up finished in " + done.took().toMillis() + "ms (ended by "
				+ ending.name().toLowerCase(Locale.ROOT) + "): " + done.loopbackRequests()
				+ " loopback requests (" + done.loopbackAnswered() + " answered), " + done.upstreamReached() + " ensemble-service connections opened";
		if (done.upstreamUnreachable() > 0 || failure != null) {
			logger.warn("{}, {} liveness calls to {} failed{}{}. Reporting ready anyway.", summary,
					done.upstreamUnreachable(), this.ensembleService,
					capped ? "; cut off at chorus.gateway.warmup.max-time " + this.properties.maxTime().toMillis() + "ms"
							: "",
					(done.failure() != null) ? "; failed: " + done.failure() : "");
		}
		else {
			logger.info("{}.", summary);
		}
	}

	/** Unbinds the stand-in upstream (this may run on an event loop). */
	@Override
	public void close() {
		this.warming = false;
		if (this.standIn != null) {
			this.standIn.close();
		}
	}

}
