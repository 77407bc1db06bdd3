package io.chorus.ensemble.member;

import java.io.IOException;
import java.net.URI;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.List;
import java.util.concurrent.TimeoutException;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.concurrent.atomic.AtomicReference;
import java.util.function.Function;
import java.util.function.Supplier;

import io.github.resilience4j.bulkhead.Bulkhead;
import io.github.resilience4j.circuitbreaker.CallNotPermittedException;
import io.github.resilience4j.circuitbreaker.CircuitBreaker;
import io.netty.handler.codec.http.HttpHeaderNames;
import io.micrometer.common.KeyValues;
import io.micrometer.core.instrument.MeterRegistry;
import io.micrometer.core.instrument.simple.SimpleMeterRegistry;
import io.netty.handler.codec.http.HttpHeaders;
import reactor.core.publisher.Flux;
import reactor.core.publisher.Mono;
import reactor.core.scheduler.Scheduler;
import reactor.core.scheduler.Schedulers;
import reactor.netty.http.client.HttpClient;

import org.apache.commons.logging.Log;
import org.apache.commons.logging.LogFactory;

import org.springframework.web.util.UriUtils;

import io.chorus.ensemble.config.ChorusProperties;
import io.chorus.ensemble.config.HedgeSpec;
import io.chorus.ensemble.config.MemberProtocol;
import io.chorus.ensemble.config.MemberSpec;
import io.chorus.ensemble.tracing.Spans;
import io.chorus.protocol.InferenceCodec;
import io.chorus.protocol.InferenceResponse;
import io.chorus.protocol.ModelMetadata;
import io.chorus.protocol.ProtocolException;
import io.chorus.protocol.Tensor;

/**
 * Calls one ensemble member over HTTP with its own resilience: bulkhead, retry within the deadline and
 * a time-windowed retry budget, circuit breaker, and a per-attempt timeout clipped to the time left.
 * A replica is chosen per attempt by {@link Replicas} (power of two choices over peak EWMA, or round-robin, with
 * outlier ejection), and a member may be hedged ({@link HedgeRace}). A call never errors: it ends in a
 * {@link MemberOutcome}.
 *
 * <p>The order is deliberate: the timeout sits inside the circuit breaker so the member's own timeouts
 * count as failures, while a timeout that is really the request's deadline running out becomes a
 * {@code deadline} outcome the breaker ignores; the retry sits outside the breaker so an opened breaker
 * stops retries; the bulkhead holds one permit for the whole call including its retries.
 *
 * <p>The breaker is driven by hand rather than through resilience4j's operator, because an answer that
 * decodes is judged later, by the fan-out (see {@link BreakerVerdict}); failures are handed to the breaker
 * whose record/ignore predicates decide, so a non-fault is ignored, never recorded as a success.
 *
 * <p>Hedging: every attempt, hedged or not, takes its own breaker permit; the losing attempt is cancelled,
 * which releases its permit unrecorded and aborts its HTTP exchange; the winner's permit goes to the fan-out as
 * for any answer. Hedges have their own budget ({@code max-extra-load} of the member's calls in a sliding
 * window), separate from the retry budget: a retry follows a failure, a hedge follows slowness.
 */
public final class MemberClient {

	/** Header that tells a member how many milliseconds are left before the caller's deadline. */
	public static final String DEADLINE_HEADER = "X-Chorus-Deadline-Ms";

	/** The outcome message of an {@code http2: true} call that failed at the HTTP/2 level. */
	static final String HTTP2_MISMATCH = "HTTP/2 (h2c) call failed: the member may not speak HTTP/2 cleartext"
			+ " (set http2: false for an HTTP/1.1-only member)";

	private static final Log logger = LogFactory.getLog(MemberClient.class);

	private final java.util.concurrent.atomic.AtomicBoolean http2Warned = new java.util.concurrent.atomic.AtomicBoolean();

	private final MemberSpec spec;

	private final HttpClient http;

	private final CircuitBreaker breaker;

	private final Bulkhead bulkhead;

	private final RetryBudget retryBudget;

	private final Backoff backoff;

	/** Parsed once: a String URL would be parsed by Reactor Netty's URL regex on every call. */
	private final List<URI> inferUrls;

	private final AtomicInteger next = new AtomicInteger();

	private final MemberLimits limits;

	private final Replicas replicas;

	private final RetryBudget hedgeBudget;

	private final LatencyWindow latencies;

	private final MemberMeters meters;

	/** Runs per-attempt timeouts and hedge delays: {@link LoopTimer} (the calling event loop) in production. */
	private final Scheduler timer;

	/** The outcome attribute of an attempt's span when it got an answer. */
	private static final KeyValues ATTEMPT_OK = KeyValues.of("outcome", "ok");

	/** The span attributes every call and attempt to this member has. */
	private final KeyValues spanTags;

	private final String memberSpanName;

	private final String attemptSpanName;

	MemberClient(MemberSpec spec, HttpClient http, CircuitBreaker breaker, Bulkhead bulkhead, MemberLimits limits) {
		this(spec, http, breaker, bulkhead, limits, new SimpleMeterRegistry(), "test", Schedulers.parallel());
	}

	MemberClient(MemberSpec spec, HttpClient http, CircuitBreaker breaker, Bulkhead bulkhead, MemberLimits limits,
			MeterRegistry registry, String ensemble, Scheduler timer) {
		this.spec = spec;
		this.limits = limits;
		this.http = http.headers((headers) -> {
			headers.set(HttpHeaderNames.CONTENT_TYPE, "application/json");
			headers.set(HttpHeaderNames.ACCEPT, "application/json");
		});
		this.breaker = breaker;
		this.bulkhead = bulkhead;
		ChorusProperties.Retry retry = spec.retry();
		this.retryBudget = new RetryBudget(retry.budgetRatio(), retry.budgetMinRetries(), retry.budgetWindow());
		this.backoff = new Backoff(retry.backoff(), retry.maxBackoff(), retry.jitter());
		this.inferUrls = spec.replicas().stream().map(this::inferUrl).toList();
		this.meters = new MemberMeters(registry, ensemble, spec.name());
		this.replicas = new Replicas(this.inferUrls, spec.loadBalancer(), spec.outlierEjection(), spec.timeout(),
				System::nanoTime, this.meters);
		this.replicas.all().forEach((replica) -> this.meters.replica(this.replicas, replica));
		HedgeSpec hedge = spec.hedge();
		this.hedgeBudget = new RetryBudget(hedge.maxExtraLoad(), 0, hedge.window());
		this.latencies = new LatencyWindow((hedge.percentile() > 0) ? hedge.percentile() : 95, hedge.window());
		this.timer = timer;
		this.spanTags = KeyValues.of("chorus.ensemble", ensemble, "chorus.member", spec.name());
		this.memberSpanName = "member " + spec.name();
		this.attemptSpanName = "attempt " + spec.name();
		if (hedge.enabled()) {
			this.meters.extraLoad(this.hedgeBudget);
		}
	}

	/**
	 * The member this client calls.
	 * @return the member spec
	 */
	public MemberSpec spec() {
		return this.spec;
	}

	/**
	 * The member's circuit breaker.
	 * @return the breaker
	 */
	public CircuitBreaker breaker() {
		return this.breaker;
	}

	/**
	 * The state of each replica now (calls in flight, peak-EWMA latency, ejection), in configuration order.
	 * @return one state per replica
	 */
	public List<ReplicaState> replicaStates() {
		return this.replicas.all().stream()
			.map((replica) -> new ReplicaState(replica.index(),
					replica.url().getHost() + ":" + replica.url().getPort(), replica.inFlight(),
					replica.ewmaNanos() / 1e6, this.replicas.ejected(replica)))
			.toList();
	}

	/**
	 * Calls the member once, with retries as configured.
	 * @param request the request, encoded lazily and shared between members
	 * @param context the deadline budget and tracing headers
	 * @return the outcome; never an error. Cancelling the subscription aborts the HTTP exchange. A
	 * {@link MemberOutcome.Success} holds a breaker permit that its receiver must settle.
	 */
	public Mono<MemberOutcome> call(MemberRequest request, CallContext context) {
		return Spans.local("member", this.memberSpanName, this.spanTags, () -> calls(request, context),
				(outcome) -> KeyValues.of("outcome", outcome.kind(), "chorus.attempts", String.valueOf(outcome.attempts())));
	}

	/** The call as built once per subscription (the span's supplier runs on subscribe). */
	private Mono<MemberOutcome> calls(MemberRequest request, CallContext context) {
		long start = System.nanoTime();
		if (context.budget().remaining().compareTo(this.limits.minAttemptTime()) < 0) {
			// Not started at all: no bulkhead or breaker permit, no retry deposit.
			return Mono.just(new MemberOutcome.DeadlineExceeded(tooLittleTime(), Duration.ZERO, 0));
		}
		byte[] body;
		try {
			body = (this.spec.protocol() == MemberProtocol.V1) ? request.v1Body() : request.v2Body();
		}
		catch (ProtocolException ex) {
			return Mono.just(new MemberOutcome.Incompatible(ex.getMessage(), Duration.ZERO, 0));
		}
		this.retryBudget.deposit();
		AtomicInteger attempts = new AtomicInteger();
		// The replica of the latest attempt: a retry avoids it, and so does a hedge.
		AtomicReference<Replica> current = new AtomicReference<>();
		Mono<Answer> call = withRetries(body, context, attempts, current, 0);
		Mono<HedgeRace.Won<Answer>> race = hedged(call, body, context, attempts, current);
		// The bulkhead holds one permit for the whole call, its retries and hedge included (CallEnd gives it back).
		if (!this.bulkhead.tryAcquirePermission()) {
			return Mono.just(new MemberOutcome.Rejected(
					"more than " + this.spec.maxConcurrentCalls() + " calls in flight to this member", since(start)));
		}
		Function<Throwable, MemberOutcome> failed = (ex) -> classify(ex, since(start), attempts.get());
		if (race == null) {
			return new CallEnd<>(call, this.bulkhead, (answer) -> new MemberOutcome.Success(answer.response(),
					since(start), attempts.get(), answer.verdict(), false), failed);
		}
		return new CallEnd<>(race, this.bulkhead, (won) -> {
			if (won.hedged()) {
				this.meters.hedgeWon();
			}
			return new MemberOutcome.Success(won.value().response(), since(start), attempts.get(),
					won.value().verdict(), won.hedged());
		}, failed);
	}

	/**
	 * The call's attempts: the first, and after a failure that may pass, a retry while the budget and the deadline
	 * allow (the deadline check uses the real, jittered delay before the retry, plus the minimum attempt time).
	 * A plain {@code onErrorResume} per retry allowed: {@code retryWhen} built a sink and a companion
	 * {@code concatMap} on every call, retried or not.
	 */
	private Mono<Answer> withRetries(byte[] body, CallContext context, AtomicInteger attempts,
			AtomicReference<Replica> current, int retries) {
		Mono<Answer> attempt = Mono.defer(() -> attempt(body, context, attempts, current, false));
		if (retries >= this.spec.retry().maxRetries()) {
			return attempt;
		}
		return attempt.onErrorResume((failure) -> {
			if (!retryable(failure)) {
				return Mono.error(failure);
			}
			Duration delay = this.backoff.delay(retries);
			Duration needed = delay.plus(this.limits.minAttemptTime());
			// Order matters: withdraw from the budget last, only for a retry that will really happen.
			if (context.budget().remaining().compareTo(needed) < 0 || !this.retryBudget.tryWithdraw()) {
				return Mono.error(failure);
			}
			return Mono.delay(delay, this.timer)
				.then(withRetries(body, context, attempts, current, retries + 1));
		});
	}

	/**
	 * Races the call against one hedged attempt when the member is hedged, its delay fits in the time left, and,
	 * once the delay has passed, the median answer still fits and the hedge budget allows it.
	 * @return the race, or {@code null} when this call is not hedged
	 */
	private Mono<HedgeRace.Won<Answer>> hedged(Mono<Answer> call, byte[] body, CallContext context,
			AtomicInteger attempts, AtomicReference<Replica> current) {
		HedgeSpec hedge = this.spec.hedge();
		if (!hedge.enabled()) {
			return null;
		}
		this.hedgeBudget.deposit();
		Duration delay = hedgeDelay(hedge);
		if (context.budget().remaining().compareTo(delay.plus(this.limits.minAttemptTime())) < 0) {
			return null;
		}
		Mono<Answer> backup = Mono.defer(() -> attempt(body, context, attempts, current, true));
		return HedgeRace.race(call, backup, delay, () -> admitHedge(context),
				(late) -> late.verdict().release(), this.timer);
	}

	private Duration hedgeDelay(HedgeSpec hedge) {
		if (hedge.fixedDelay() != null) {
			return hedge.fixedDelay();
		}
		Duration observed = this.latencies.percentile();
		if (observed == null) {
			return hedge.maxDelay();
		}
		return (observed.compareTo(hedge.minDelay()) < 0) ? hedge.minDelay()
				: (observed.compareTo(hedge.maxDelay()) > 0) ? hedge.maxDelay() : observed;
	}

	private boolean admitHedge(CallContext context) {
		Duration median = this.latencies.median();
		Duration needed = (median != null && median.compareTo(this.limits.minAttemptTime()) > 0) ? median
				: this.limits.minAttemptTime();
		// Order matters: withdraw from the budget last, only for a hedge that will really be sent.
		if (context.budget().remaining().compareTo(needed) < 0 || !this.hedgeBudget.tryWithdraw()) {
			return false;
		}
		this.meters.hedgeSent();
		return true;
	}

	/** A decoded answer and the breaker permit of the attempt that got it. */
	record Answer(InferenceResponse response, BreakerVerdict verdict) {
	}

	/**
	 * One attempt: refused before the breaker when too little time is left, else sent with a timeout that is
	 * the member's own unless the deadline is nearer.
	 */
	private Mono<Answer> attempt(byte[] body, CallContext context, AtomicInteger attempts,
			AtomicReference<Replica> current, boolean hedge) {
		Duration left = context.budget().remaining();
		if (left.compareTo(this.limits.minAttemptTime()) < 0) {
			return Mono.error(new DeadlineExceededException(tooLittleTime()));
		}
		if (!this.breaker.tryAcquirePermission()) {
			return Mono.error(CallNotPermittedException.createCallNotPermittedException(this.breaker));
		}
		boolean clipped = left.compareTo(this.spec.timeout()) < 0;
		Duration timeout = clipped ? left : this.spec.timeout();
		int number = attempts.incrementAndGet();
		Replica replica = this.replicas.pick(current.get());
		if (!hedge) {
			current.set(replica);
		}
		replica.started();
		AttemptEnding ending = new AttemptEnding(replica, new BreakerVerdict(this.breaker), System.nanoTime());
		Supplier<Throwable> timedOut = () -> clipped
				? new DeadlineExceededException("the request's deadline passed after " + timeout.toMillis()
						+ "ms, before the member's " + this.spec.timeout().toMillis() + "ms timeout")
				: new TimeoutException("no answer within " + timeout.toMillis() + "ms");
		return Spans.remote("attempt", this.attemptSpanName, this.spec.name(), () -> this.spanTags.and(
				"chorus.replica", replica.url().getAuthority(), "chorus.attempt", String.valueOf(number),
				"chorus.hedge", String.valueOf(hedge)),
				(trace) -> new TimedAttempt<>(send(replica.url(), body, context, timeout, trace), timeout.toNanos(),
						timedOut, this.timer, ending),
				// An attempt's outcome is named as the call's would be, had it ended there.
				(answer) -> ATTEMPT_OK, (ex) -> KeyValues.of("outcome", classify(ex, Duration.ZERO, number).kind()));
	}

	/**
	 * How one attempt ends for its replica (latency, calls in flight, failures) and its breaker permit. A cancel
	 * that comes after the answer was handed on does not reach here (the attempt has ended): from then on the
	 * receiver settles the verdict.
	 */
	private final class AttemptEnding implements TimedAttempt.Ending<InferenceResponse, Answer> {

		private final Replica replica;

		private final BreakerVerdict verdict;

		private final long sent;

		AttemptEnding(Replica replica, BreakerVerdict verdict, long sent) {
			this.replica = replica;
			this.verdict = verdict;
			this.sent = sent;
		}

		@Override
		public Answer answered(InferenceResponse response) {
			long nanos = System.nanoTime() - this.sent;
			if (MemberClient.this.spec.hedge().enabled()) {
				MemberClient.this.latencies.record(nanos);
			}
			MemberClient.this.replicas.succeeded(this.replica, nanos);
			this.replica.ended();
			return new Answer(response, this.verdict);
		}

		@Override
		public void failed(Throwable failure) {
			// Only the member's own faults count against a replica: never a deadline or refused input.
			if (memberFault(failure)) {
				MemberClient.this.replicas.failed(this.replica, System.nanoTime() - this.sent);
			}
			this.replica.ended();
			this.verdict.fail(failure);
		}

		@Override
		public void unanswered() {
			this.replica.ended();
			this.verdict.release();
		}

	}

	private String tooLittleTime() {
		return "less than " + this.limits.minAttemptTime().toMillis() + "ms of the request's deadline was left; not called";
	}

	/**
	 * Fetches the member's model metadata from the next replica (v2 members only).
	 * @param timeout how long to wait
	 * @return the metadata, or empty when the member is v1, unreachable or answers badly
	 */
	public Mono<ModelMetadata> metadata(Duration timeout) {
		if (this.spec.protocol() != MemberProtocol.V2) {
			return Mono.empty();
		}
		URI base = this.spec.replicas().get(Math.floorMod(this.next.getAndIncrement(), this.spec.replicas().size()));
		return this.http.get()
			.uri(base + "/v2/models/" + this.spec.model())
			.responseSingle((response, bytes) -> (response.status().code() == 200)
					? bytes.asByteArray().map(InferenceCodec::readMetadata) : Mono.<ModelMetadata>empty())
			.timeout(timeout)
			.onErrorResume((ex) -> Mono.empty());
	}

	/**
	 * Opens connections to every replica ahead of traffic: {@code calls} readiness requests to each at once
	 * (never a prediction), one answer per replica.
	 * @param calls the readiness requests per replica, at most
	 * @param timeout how long to wait for each
	 * @return per replica, whether it answered at all
	 */
	public Flux<Boolean> warmReplicas(int calls, Duration timeout) {
		String path = (this.spec.protocol() == MemberProtocol.V1) ? "/v1/models/" : "/v2/models/";
		String model = UriUtils.encodePathSegment(this.spec.model(), StandardCharsets.UTF_8);
		String suffix = (this.spec.protocol() == MemberProtocol.V1) ? "" : "/ready";
		return Flux.fromIterable(this.spec.replicas())
			.flatMap((base) -> Flux.range(0, calls)
				.flatMap((i) -> this.http.get()
					.uri(base + path + model + suffix)
					.responseSingle((response, bytes) -> bytes.then(Mono.just(true)))
					.timeout(timeout)
					.onErrorReturn(false))
				.reduce(false, Boolean::logicalOr));
	}

	private Mono<InferenceResponse> send(URI url, byte[] body, CallContext context, Duration timeout,
			java.util.Map<String, String> trace) {
		// Never 0: a member reads 0 as "no time at all" (the caller guarantees at least the minimum attempt time).
		long deadlineMillis = Math.max(1, timeout.toMillis());
		// Per-request headers go on the request itself: HttpClient.headers(...) would copy the client's
		// whole configuration on every call.
		return this.http.post()
			.uri(url)
			.send((outbound, out) -> {
				HttpHeaders headers = outbound.requestHeaders();
				headers.set(DEADLINE_HEADER, deadlineMillis);
				if (context.requestId() != null) {
					headers.set("X-Request-Id", context.requestId());
				}
				if (context.traceparent() != null) {
					headers.set("traceparent", context.traceparent());
				}
				// The attempt's own span, when traced: it continues the client's trace.
				trace.forEach(headers::set);
				return out.sendByteArray(Mono.just(body));
			})
			.response((response, content) -> {
				long declared = contentLength(response.responseHeaders());
				long max = this.limits.maxResponseBytes();
				if (declared > max) {
					// Refused unread; the connection is closed rather than drained.
					return Mono.error(MemberCallException.incompatible(
							"the answer declares " + declared + " bytes, over the limit of " + max));
				}
				// The bytes actually read are capped too: a chunked answer declares no length. Going over
				// errors, which cancels the read and closes the connection.
				return content.collect(() -> new BoundedBytes(max), BoundedBytes::add)
					.map((bytes) -> decode(response.status().code(), bytes.toByteArray()));
			})
			.next();
	}

	private static long contentLength(HttpHeaders headers) {
		String value = headers.get(HttpHeaderNames.CONTENT_LENGTH);
		if (value == null) {
			return -1;
		}
		try {
			return Long.parseLong(value.trim());
		}
		catch (NumberFormatException ex) {
			return Long.MAX_VALUE;
		}
	}

	private InferenceResponse decode(int status, byte[] payload) {
		if (status != 200) {
			String error = InferenceCodec.readError(payload);
			if (error == null) {
				error = new String(payload, 0, Math.min(payload.length, 200), StandardCharsets.UTF_8);
			}
			throw MemberCallException.status(status, error.isBlank() ? null : error);
		}
		try {
			if (this.spec.protocol() == MemberProtocol.V1) {
				Tensor predictions = InferenceCodec.readV1Predictions(payload, this.spec.v1Output());
				return new InferenceResponse(this.spec.model(), null, null, null, List.of(predictions));
			}
			return InferenceCodec.readResponse(payload);
		}
		catch (ProtocolException ex) {
			throw MemberCallException.incompatible(ex.getMessage());
		}
	}

	private static boolean retryable(Throwable ex) {
		if (ex instanceof MemberCallException call) {
			return call.retryable();
		}
		return ex instanceof IOException && !(ex instanceof reactor.netty.http.client.PrematureCloseException);
	}

	/**
	 * Whether a failure should count against the member's circuit breaker: transport failures, the member's
	 * own timeouts, every status but 400/422, and unusable answers do; the member refusing the client's
	 * input and the request's deadline running out do not (the breaker ignores them).
	 * @param ex the failure
	 * @return true when it is the member's fault
	 */
	static boolean memberFault(Throwable ex) {
		if (ex instanceof MemberCallException call) {
			return call.memberFault();
		}
		return !(ex instanceof DeadlineExceededException);
	}

	private MemberOutcome classify(Throwable ex, Duration latency, int attempts) {
		if (ex instanceof CallNotPermittedException) {
			return new MemberOutcome.ShortCircuited("circuit breaker is " + this.breaker.getState().name().toLowerCase(),
					latency, attempts);
		}
		if (ex instanceof DeadlineExceededException) {
			return new MemberOutcome.DeadlineExceeded(ex.getMessage(), latency, attempts);
		}
		if (ex instanceof TimeoutException) {
			return new MemberOutcome.TimedOut(ex.getMessage(), latency, attempts);
		}
		if (ex instanceof MemberCallException call) {
			if (call.incompatible()) {
				return new MemberOutcome.Incompatible(call.getMessage(), latency, attempts);
			}
			return call.refusedInput()
					? new MemberOutcome.RefusedInput(call.getMessage(), call.status(), call.detail(), latency, attempts)
					: new MemberOutcome.Failed(call.getMessage(), call.status(), call.detail(), latency, attempts);
		}
		String detail = (ex.getMessage() != null) ? ex.getMessage() : ex.getClass().getSimpleName();
		if (this.spec.http2() && http2Failure(ex)) {
			warnHttp2Mismatch(detail);
			return new MemberOutcome.Failed(HTTP2_MISMATCH, 0, detail, latency, attempts);
		}
		return new MemberOutcome.Failed(transportMessage(ex), 0, detail, latency, attempts);
	}

	/** Whether a failure is the HTTP/2 codec's: what an HTTP/1.1-only member answering the h2c preface causes. */
	private static boolean http2Failure(Throwable ex) {
		for (Throwable cause = ex; cause != null; cause = cause.getCause()) {
			if (cause instanceof io.netty.handler.codec.http2.Http2Exception) {
				return true;
			}
		}
		return false;
	}

	/**
	 * Logs once per client (so once per member and configuration) that an {@code http2: true} member failed at
	 * the HTTP/2 level, with what to change; every such call stays an {@code error} outcome its breaker counts.
	 */
	private void warnHttp2Mismatch(String detail) {
		if (this.http2Warned.compareAndSet(false, true)) {
			logger.warn("Member '" + this.spec.name() + "' is configured with http2: true (HTTP/2 cleartext, prior"
					+ " knowledge) but the call failed at the HTTP/2 level (" + detail + "). If the member only"
					+ " speaks HTTP/1.1, set http2: false for it. Further such failures are not logged; each one is"
					+ " an 'error' outcome counted by the member's circuit breaker.");
		}
	}

	/** What went wrong on the wire, in words that name no address. */
	private static String transportMessage(Throwable ex) {
		if (ex instanceof java.net.ConnectException || ex.getCause() instanceof java.net.ConnectException) {
			return "connection refused";
		}
		if (ex instanceof reactor.netty.http.client.PrematureCloseException) {
			return "connection closed before the response";
		}
		if (ex instanceof IOException) {
			return "connection failed (" + ex.getClass().getSimpleName() + ")";
		}
		return "call failed (" + ex.getClass().getSimpleName() + ")";
	}

	private static Duration since(long start) {
		return Duration.ofNanos(System.nanoTime() - start);
	}

	private URI inferUrl(URI base) {
		// The model name is one path segment: quoted, so a name with a space or a '/' still makes a valid URL.
		String model = UriUtils.encodePathSegment(this.spec.model(), StandardCharsets.UTF_8);
		return URI.create((this.spec.protocol() == MemberProtocol.V1) ? base + "/v1/models/" + model + ":predict"
				: base + "/v2/models/" + model + "/infer");
	}

}
