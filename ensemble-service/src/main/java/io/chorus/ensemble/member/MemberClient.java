package io.chorus.ensemble.member;

import java.io.IOException;
import java.net.URI;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.List;
import java.util.concurrent.TimeoutException;
import java.util.concurrent.atomic.AtomicInteger;

import io.github.resilience4j.bulkhead.Bulkhead;
import io.github.resilience4j.bulkhead.BulkheadFullException;
import io.github.resilience4j.circuitbreaker.CallNotPermittedException;
import io.github.resilience4j.circuitbreaker.CircuitBreaker;
import io.github.resilience4j.reactor.bulkhead.operator.BulkheadOperator;
import io.github.resilience4j.reactor.circuitbreaker.operator.CircuitBreakerOperator;
import io.netty.handler.codec.http.HttpHeaderNames;
import io.netty.handler.codec.http.HttpHeaders;
import reactor.core.publisher.Mono;
import reactor.netty.http.client.HttpClient;
import reactor.util.retry.Retry;

import org.springframework.web.util.UriUtils;

import io.chorus.ensemble.config.MemberProtocol;
import io.chorus.ensemble.config.MemberSpec;
import io.chorus.protocol.InferenceCodec;
import io.chorus.protocol.InferenceResponse;
import io.chorus.protocol.ModelMetadata;
import io.chorus.protocol.ProtocolException;
import io.chorus.protocol.Tensor;

/**
 * Calls one ensemble member over HTTP with its own resilience: bulkhead, retry within the deadline and
 * a retry budget, circuit breaker, and a per-attempt timeout clipped to the time left. Replicas are
 * called round-robin. A call never errors: it ends in a {@link MemberOutcome}.
 *
 * <p>The order is deliberate: the timeout sits inside the circuit breaker so timeouts count as
 * failures; the retry sits outside the breaker so an opened breaker stops retries; the bulkhead holds
 * one permit for the whole call including its retries.
 */
public final class MemberClient {

	/** Header that tells a member how many milliseconds are left before the caller's deadline. */
	public static final String DEADLINE_HEADER = "X-Chorus-Deadline-Ms";

	private static final byte[] EMPTY = new byte[0];

	private final MemberSpec spec;

	private final HttpClient http;

	private final CircuitBreaker breaker;

	private final Bulkhead bulkhead;

	private final RetryBudget retryBudget;

	/** Parsed once: a String URL would be parsed by Reactor Netty's URL regex on every call. */
	private final List<URI> inferUrls;

	private final AtomicInteger next = new AtomicInteger();

	private final long maxResponseBytes;

	MemberClient(MemberSpec spec, HttpClient http, CircuitBreaker breaker, Bulkhead bulkhead, long maxResponseBytes) {
		this.spec = spec;
		this.maxResponseBytes = maxResponseBytes;
		this.http = http.headers((headers) -> {
			headers.set(HttpHeaderNames.CONTENT_TYPE, "application/json");
			headers.set(HttpHeaderNames.ACCEPT, "application/json");
		});
		this.breaker = breaker;
		this.bulkhead = bulkhead;
		this.retryBudget = new RetryBudget(spec.retry().budgetRatio(), spec.retry().budgetMinRetries());
		this.inferUrls = spec.replicas().stream().map(this::inferUrl).toList();
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
	 * Calls the member once, with retries as configured.
	 * @param request the request, encoded lazily and shared between members
	 * @param context the deadline budget and tracing headers
	 * @return the outcome; never an error. Cancelling the subscription aborts the HTTP exchange.
	 */
	public Mono<MemberOutcome> call(MemberRequest request, CallContext context) {
		return Mono.defer(() -> {
			long start = System.nanoTime();
			AtomicInteger attempts = new AtomicInteger();
			byte[] body;
			try {
				body = (this.spec.protocol() == MemberProtocol.V1) ? request.v1Body() : request.v2Body();
			}
			catch (ProtocolException ex) {
				return Mono.just(new MemberOutcome.Incompatible(ex.getMessage(), Duration.ZERO, 0));
			}
			this.retryBudget.deposit();
			Mono<InferenceResponse> attempt = Mono.defer(() -> {
				Duration timeout = context.budget().clip(this.spec.timeout());
				if (timeout.isZero()) {
					return Mono.error(new TimeoutException("deadline passed before the attempt"));
				}
				attempts.incrementAndGet();
				return send(body, context, timeout).timeout(timeout,
						Mono.error(() -> new TimeoutException("no answer within " + timeout.toMillis() + "ms")));
			}).transformDeferred(CircuitBreakerOperator.of(this.breaker));
			Mono<InferenceResponse> withRetries = (this.spec.retry().maxRetries() > 0)
					? attempt.retryWhen(retrySpec(context)) : attempt;
			return withRetries
				.transformDeferred(BulkheadOperator.of(this.bulkhead))
				.<MemberOutcome>map((response) -> new MemberOutcome.Success(response, since(start), attempts.get()))
				.onErrorResume((ex) -> Mono.just(classify(ex, since(start), attempts.get())));
		});
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

	private Mono<InferenceResponse> send(byte[] body, CallContext context, Duration timeout) {
		URI url = this.inferUrls.get(Math.floorMod(this.next.getAndIncrement(), this.inferUrls.size()));
		// Per-request headers go on the request itself: HttpClient.headers(...) would copy the client's
		// whole configuration on every call.
		return this.http.post()
			.uri(url)
			.send((outbound, out) -> {
				HttpHeaders headers = outbound.requestHeaders();
				headers.set(DEADLINE_HEADER, timeout.toMillis());
				if (context.requestId() != null) {
					headers.set("X-Request-Id", context.requestId());
				}
				if (context.traceparent() != null) {
					headers.set("traceparent", context.traceparent());
				}
				return out.sendByteArray(Mono.just(body));
			})
			.responseSingle((response, bytes) -> {
				long declared = response.responseHeaders().getInt(HttpHeaderNames.CONTENT_LENGTH, -1);
				if (declared > this.maxResponseBytes) {
					// Refused unread; the connection is closed rather than drained.
					return Mono.error(MemberCallException.incompatible(
							"the answer declares " + declared + " bytes, over the limit of " + this.maxResponseBytes));
				}
				return bytes.asByteArray()
					.defaultIfEmpty(EMPTY)
					.map((payload) -> decode(response.status().code(), payload));
			});
	}

	private InferenceResponse decode(int status, byte[] payload) {
		if (status != 200) {
			String error = InferenceCodec.readError(payload);
			if (error == null) {
				error = new String(payload, 0, Math.min(payload.length, 200), StandardCharsets.UTF_8);
			}
			throw MemberCallException.status(status, "HTTP " + status + (error.isBlank() ? "" : ": " + error));
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

	private Retry retrySpec(CallContext context) {
		Duration backoff = this.spec.retry().backoff();
		return Retry.backoff(this.spec.retry().maxRetries(), backoff)
			.maxBackoff(this.spec.retry().maxBackoff())
			.jitter(this.spec.retry().jitter())
			// Order matters: withdraw from the budget last, only for a retry that will really happen.
			.filter((ex) -> retryable(ex)
					&& context.budget().remaining().compareTo(backoff.multipliedBy(2).plusMillis(5)) > 0
					&& this.retryBudget.tryWithdraw())
			.onRetryExhaustedThrow((spec, signal) -> signal.failure());
	}

	private static boolean retryable(Throwable ex) {
		if (ex instanceof MemberCallException call) {
			return call.retryable();
		}
		return ex instanceof IOException && !(ex instanceof reactor.netty.http.client.PrematureCloseException);
	}

	/**
	 * Whether a failure should count against the member's circuit breaker: transport failures, timeouts,
	 * server errors and undecodable answers do; the member refusing the client's input does not.
	 * @param ex the failure
	 * @return true when it is the member's fault
	 */
	static boolean memberFault(Throwable ex) {
		if (ex instanceof MemberCallException call) {
			return call.memberFault();
		}
		return true;
	}

	private MemberOutcome classify(Throwable ex, Duration latency, int attempts) {
		if (ex instanceof CallNotPermittedException) {
			return new MemberOutcome.ShortCircuited("circuit breaker is " + this.breaker.getState().name().toLowerCase(),
					latency, attempts);
		}
		if (ex instanceof BulkheadFullException) {
			return new MemberOutcome.Rejected(
					"more than " + this.spec.maxConcurrentCalls() + " calls in flight to this member", latency);
		}
		if (ex instanceof TimeoutException) {
			return new MemberOutcome.TimedOut(ex.getMessage(), latency, attempts);
		}
		if (ex instanceof MemberCallException call) {
			return call.incompatible() ? new MemberOutcome.Incompatible(call.getMessage(), latency, attempts)
					: new MemberOutcome.Failed(call.getMessage(), call.status(), latency, attempts);
		}
		String message = (ex.getMessage() != null) ? ex.getMessage() : ex.getClass().getSimpleName();
		return new MemberOutcome.Failed(transportMessage(ex, message), 0, latency, attempts);
	}

	private static String transportMessage(Throwable ex, String message) {
		if (ex instanceof java.net.ConnectException || ex.getCause() instanceof java.net.ConnectException) {
			return "connection refused: " + message;
		}
		if (ex instanceof reactor.netty.http.client.PrematureCloseException) {
			return "connection closed before the response: " + message;
		}
		return message;
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
