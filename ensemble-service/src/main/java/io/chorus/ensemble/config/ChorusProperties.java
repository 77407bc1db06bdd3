package io.chorus.ensemble.config;

import java.net.URI;
import java.time.Duration;
import java.util.List;
import java.util.Map;

import org.springframework.boot.context.properties.ConfigurationProperties;
import org.springframework.boot.context.properties.bind.DefaultValue;
import org.springframework.util.unit.DataSize;

/**
 * The ensemble-service configuration tree, bound from {@code chorus.*}. {@link EnsembleCatalog} validates
 * it as a whole at start-up.
 *
 * @param ensembles the ensembles served, by name (the name is the model name clients call)
 * @param limits limits on client requests and member calls
 * @param detail what the per-member breakdown may show clients
 * @param admission the adaptive concurrency limit in front of request decoding
 */
@ConfigurationProperties("chorus")
public record ChorusProperties(Map<String, Ensemble> ensembles, @DefaultValue Limits limits,
		@DefaultValue Detail detail, @DefaultValue Admission admission) {

	/** Copies the map. */
	public ChorusProperties {
		ensembles = (ensembles == null) ? Map.of() : Map.copyOf(ensembles);
	}

	/**
	 * Limits on client requests.
	 *
	 * @param maxRequestSize the largest request body accepted; larger ones get 413 without being buffered
	 * @param offloadElements aggregations over more elements than this run on the parallel scheduler
	 * @param maxMemberResponseSize a member answer longer than this (declared or actually sent) is refused
	 * and counts as incompatible
	 * @param minAttemptTime a member attempt that would start with less of the request's deadline left is not
	 * started (its outcome is {@code deadline})
	 */
	public record Limits(@DefaultValue("4MB") DataSize maxRequestSize, @DefaultValue("200000") int offloadElements,
			@DefaultValue("16MB") DataSize maxMemberResponseSize, @DefaultValue("5ms") Duration minAttemptTime) {
	}

	/**
	 * What the per-member breakdown shows clients.
	 *
	 * @param memberErrors whether error bodies and responses show what members and the transport said verbatim
	 * (a member's error text, internal addresses); off by default, so clients see outcome and member names and
	 * Chorus's own short description only
	 */
	public record Detail(@DefaultValue("false") boolean memberErrors) {
	}

	/**
	 * One ensemble.
	 *
	 * @param deadline the overall time budget of one request; clients may shorten it, never lengthen it
	 * @param quorum how many members must answer: a number, {@code majority} or {@code all}; unset, it is
	 * {@code majority}, or 1 when the ensemble stops at the first success
	 * @param waitPolicy when to stop waiting: {@code all}, {@code quorum-grace} or {@code first-success}
	 * @param grace with {@code quorum-grace}, how long to wait for more members once the quorum answered
	 * @param strategy the aggregation strategy, for example {@code mean} or {@code soft-vote}
	 * @param outputs the member output tensors to aggregate
	 * @param labelOutput the name of the label output that vote-like strategies emit
	 * @param threshold for a one-column probability output (a binary classifier's P(class 1)), the
	 * probability from which the label is 1
	 * @param v1Input the input tensor name given to v1 clients' {@code instances}
	 * @param version the version this ensemble reports in metadata
	 * @param members the member models, in order (the order breaks documented ties)
	 * @param coalesce whether identical concurrent requests share one fan-out (single-flight)
	 * @param cache the optional response cache
	 * @param stages a confidence cascade: the stages called one after the other until one is confident
	 */
	public record Ensemble(@DefaultValue("1s") Duration deadline, String quorum,
			@DefaultValue("quorum-grace") WaitPolicy waitPolicy, @DefaultValue("50ms") Duration grace, String strategy,
			List<String> outputs, @DefaultValue("label") String labelOutput, @DefaultValue("0.5") double threshold,
			@DefaultValue("input") String v1Input,
			@DefaultValue("1") String version, List<Member> members,
			@DefaultValue("false") boolean coalesce, @DefaultValue Cache cache, List<Stage> stages) {

		/** Copies lists. */
		public Ensemble {
			outputs = (outputs == null) ? List.of() : List.copyOf(outputs);
			members = (members == null) ? List.of() : List.copyOf(members);
			stages = (stages == null) ? List.of() : List.copyOf(stages);
			cache = (cache != null) ? cache : new Cache(false, 10_000, Duration.ofSeconds(10), false);
		}

	}

	/**
	 * One member of an ensemble.
	 *
	 * @param name the member name, unique within its ensemble
	 * @param protocol the protocol the member speaks, {@code v2} or {@code v1}
	 * @param model the remote model name; defaults to the member name
	 * @param replicas base URLs of the member's replicas, called round-robin
	 * @param weight the member's weight for weighted strategies, at least 0
	 * @param timeout the timeout of one call attempt, clipped to the time left before the deadline
	 * @param maxConcurrentCalls the most calls in flight to this member (bulkhead and connection pool size)
	 * @param v1Output for a v1 member, the output name its {@code predictions} stand for
	 * @param circuitBreaker the member's circuit breaker
	 * @param retry the member's retry policy
	 * @param shadow whether the member is a shadow: called after a sample of requests, compared with the answer,
	 * never counted in the quorum or the aggregation
	 * @param sampleRate a shadow's share of requests it is called for, in (0, 1]
	 * @param hedge the member's hedged calls; off unless {@code delay} is set
	 * @param loadBalancer how a replica is chosen: {@code p2c-ewma} (power of two choices over peak-EWMA latency
	 * weighted by calls in flight) or {@code round-robin}
	 * @param outlierEjection the ejection of failing replicas
	 * @param http2 whether the member is called over HTTP/2 cleartext (h2c, prior knowledge), so that many calls
	 * share a few connections; the member must speak h2c ({@code false}: HTTP/1.1, one connection per call in
	 * flight)
	 */
	public record Member(String name, @DefaultValue("v2") MemberProtocol protocol, String model, List<URI> replicas,
			@DefaultValue("1") double weight, @DefaultValue("500ms") Duration timeout,
			@DefaultValue("10000") int maxConcurrentCalls, String v1Output, @DefaultValue CircuitBreaker circuitBreaker,
			@DefaultValue Retry retry, @DefaultValue("false") boolean shadow, @DefaultValue("1") double sampleRate,
			@DefaultValue Hedge hedge, @DefaultValue("p2c-ewma") LoadBalancer loadBalancer,
			@DefaultValue OutlierEjection outlierEjection, @DefaultValue("false") boolean http2) {

		/** Copies the replica list. */
		public Member {
			replicas = (replicas == null) ? List.of() : List.copyOf(replicas);
		}

	}

	/**
	 * A member's circuit breaker (resilience4j, count-based sliding window).
	 *
	 * @param failureRateThreshold the failure percentage that opens the breaker
	 * @param slidingWindowSize how many recent calls the failure rate is computed over
	 * @param minimumNumberOfCalls calls needed before the failure rate is evaluated
	 * @param waitDurationInOpenState how long the breaker stays open before it lets trial calls through
	 * @param permittedCallsInHalfOpenState trial calls allowed while half-open
	 */
	public record CircuitBreaker(@DefaultValue("50") float failureRateThreshold,
			@DefaultValue("20") int slidingWindowSize, @DefaultValue("10") int minimumNumberOfCalls,
			@DefaultValue("10s") Duration waitDurationInOpenState,
			@DefaultValue("3") int permittedCallsInHalfOpenState) {
	}

	/**
	 * A member's retry policy: only connection failures, 503 and 429 are retried, only while the deadline
	 * leaves room for the next backoff and an attempt, with jittered exponential backoff, and never more than
	 * the budget allows: within any {@code budgetWindow}, at most {@code budgetMinRetries + budgetRatio ×
	 * calls} retries.
	 *
	 * @param maxRetries retries after the first attempt; 0 disables retries
	 * @param backoff the first backoff
	 * @param maxBackoff the largest backoff
	 * @param jitter the jitter factor, between 0 and 1
	 * @param budgetRatio retries may add at most this fraction of the member's calls in the window
	 * @param budgetMinRetries retries allowed in every window on top of the ratio, so low traffic can still retry
	 * @param budgetWindow the sliding window the budget counts calls and retries over; older calls stop paying
	 */
	public record Retry(@DefaultValue("1") int maxRetries, @DefaultValue("10ms") Duration backoff,
			@DefaultValue("200ms") Duration maxBackoff, @DefaultValue("0.5") double jitter,
			@DefaultValue("0.1") double budgetRatio, @DefaultValue("10") int budgetMinRetries,
			@DefaultValue("10s") Duration budgetWindow) {
	}

	/**
	 * An ensemble's response cache (Caffeine).
	 *
	 * @param enabled whether answers are cached
	 * @param maxSize the most answers kept
	 * @param ttl how long an answer is kept after it was computed
	 * @param degraded whether degraded answers (some member failed) are cached too
	 */
	public record Cache(@DefaultValue("false") boolean enabled, @DefaultValue("10000") long maxSize,
			@DefaultValue("10s") Duration ttl, @DefaultValue("false") boolean degraded) {
	}

	/**
	 * One stage of a confidence cascade.
	 *
	 * @param members the names of the ensemble members this stage calls
	 * @param quorum the stage's quorum: a number, {@code majority} or {@code all} of its members (unset: majority)
	 * @param minConfidence answer with this stage when every row's top probability is at least this
	 * @param minMargin answer with this stage when every row's top two probabilities are at least this far apart
	 */
	public record Stage(List<String> members, String quorum, Double minConfidence, Double minMargin) {

		/** Copies the list. */
		public Stage {
			members = (members == null) ? List.of() : List.copyOf(members);
		}

	}

	/**
	 * A member's hedged calls: when an attempt has not answered after {@code delay}, the same call goes to another
	 * replica (the same one if there is only one); the first good answer wins and the other attempt is cancelled.
	 *
	 * @param delay {@code p<NN>} (for example {@code p95}) for the member's own recent latency percentile, or a
	 * duration such as {@code 30ms}; unset, the member is never hedged
	 * @param maxExtraLoad hedges may add at most this share of the member's calls within {@code window}, as a
	 * percentage ({@code 5%}) or a fraction ({@code 0.05})
	 * @param minDelay the adaptive delay's floor
	 * @param maxDelay the adaptive delay's ceiling, also used until the window holds enough answers
	 * @param window the sliding window of the latency percentile and of the hedge budget
	 */
	public record Hedge(String delay, @DefaultValue("5%") String maxExtraLoad, @DefaultValue("2ms") Duration minDelay,
			@DefaultValue("1s") Duration maxDelay, @DefaultValue("10s") Duration window) {
	}

	/**
	 * Envoy-style ejection of a member's failing replicas; the member's circuit breaker stays the member-level
	 * guard. Only member faults count (never {@code deadline}, {@code refused-input} or {@code cancelled}).
	 *
	 * @param enabled whether replicas are ever ejected
	 * @param consecutiveFailures member faults in a row that eject a replica
	 * @param failureRateThreshold the failure percentage within {@code interval} that ejects a replica
	 * @param failureRateMinimumCalls calls within {@code interval} needed before the failure rate counts
	 * @param interval the window the failure rate is counted over
	 * @param baseEjectionTime the first ejection's length; the n-th ejection in a row lasts n times as long
	 * @param maxEjectionTime the longest ejection
	 * @param maxEjectionPercent the largest share of the member's replicas ejected at once (at least one of two
	 * or more replicas can be; a member's last replica never is)
	 */
	public record OutlierEjection(@DefaultValue("true") boolean enabled, @DefaultValue("5") int consecutiveFailures,
			@DefaultValue("50") int failureRateThreshold, @DefaultValue("10") int failureRateMinimumCalls,
			@DefaultValue("10s") Duration interval, @DefaultValue("30s") Duration baseEjectionTime,
			@DefaultValue("300s") Duration maxEjectionTime, @DefaultValue("50") int maxEjectionPercent) {
	}

	/**
	 * The adaptive concurrency limit (Netflix concurrency-limits) applied before a request body is read: over
	 * the limit a request gets a fast 503 with {@code Retry-After}.
	 *
	 * @param enabled whether inference requests are limited at all
	 * @param scope {@code ensemble} for one limit per ensemble, or {@code service} for one shared limit
	 * @param algorithm {@code gradient2} or {@code vegas}
	 * @param initialLimit the concurrency allowed at start
	 * @param minLimit the lowest the limit may fall
	 * @param maxLimit the highest the limit may grow
	 * @param retryAfter the {@code Retry-After} given to refused requests, rounded up to whole seconds
	 */
	public record Admission(@DefaultValue("false") boolean enabled, @DefaultValue("ensemble") String scope,
			@DefaultValue("gradient2") String algorithm, @DefaultValue("50") int initialLimit,
			@DefaultValue("8") int minLimit, @DefaultValue("1000") int maxLimit, @DefaultValue("1s") Duration retryAfter) {
	}

}
