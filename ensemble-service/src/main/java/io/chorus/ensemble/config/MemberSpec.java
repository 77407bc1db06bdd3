package io.chorus.ensemble.config;

import java.net.URI;
import java.time.Duration;
import java.util.List;

/**
 * A validated ensemble member.
 *
 * @param name the member name
 * @param order the member's position in its ensemble, from 0
 * @param protocol the protocol it speaks
 * @param model the remote model name
 * @param replicas the replica base URLs, without a trailing slash
 * @param weight the weight for weighted strategies
 * @param timeout the per-attempt timeout
 * @param maxConcurrentCalls the bulkhead and connection pool size
 * @param v1Output the output name that a v1 member's predictions stand for
 * @param circuitBreaker the breaker settings
 * @param retry the retry settings
 * @param hedge the hedging policy
 * @param loadBalancer how a replica is chosen
 * @param outlierEjection when replicas are ejected
 * @param http2 whether calls go over HTTP/2 cleartext (h2c with prior knowledge) instead of HTTP/1.1
 */
public record MemberSpec(String name, int order, MemberProtocol protocol, String model, List<URI> replicas,
		double weight, Duration timeout, int maxConcurrentCalls, String v1Output,
		ChorusProperties.CircuitBreaker circuitBreaker, ChorusProperties.Retry retry, HedgeSpec hedge,
		LoadBalancer loadBalancer, ChorusProperties.OutlierEjection outlierEjection, boolean http2) {

	/** Copies the replica list. */
	public MemberSpec {
		replicas = List.copyOf(replicas);
	}

	/**
	 * A member called over HTTP/1.1.
	 * @param name the member name
	 * @param order the position
	 * @param protocol the protocol
	 * @param model the remote model name
	 * @param replicas the replica base URLs
	 * @param weight the weight
	 * @param timeout the per-attempt timeout
	 * @param maxConcurrentCalls the bulkhead size
	 * @param v1Output the v1 output name
	 * @param circuitBreaker the breaker settings
	 * @param retry the retry settings
	 * @param hedge the hedging policy
	 * @param loadBalancer how a replica is chosen
	 * @param outlierEjection when replicas are ejected
	 */
	public MemberSpec(String name, int order, MemberProtocol protocol, String model, List<URI> replicas,
			double weight, Duration timeout, int maxConcurrentCalls, String v1Output,
			ChorusProperties.CircuitBreaker circuitBreaker, ChorusProperties.Retry retry, HedgeSpec hedge,
			LoadBalancer loadBalancer, ChorusProperties.OutlierEjection outlierEjection) {
		this(name, order, protocol, model, replicas, weight, timeout, maxConcurrentCalls, v1Output, circuitBreaker,
				retry, hedge, loadBalancer, outlierEjection, false);
	}

	/**
	 * The same member, called over HTTP/2 cleartext or HTTP/1.1.
	 * @param http2 whether calls go over h2c
	 * @return the copy
	 */
	public MemberSpec withHttp2(boolean http2) {
		return new MemberSpec(this.name, this.order, this.protocol, this.model, this.replicas, this.weight,
				this.timeout, this.maxConcurrentCalls, this.v1Output, this.circuitBreaker, this.retry, this.hedge,
				this.loadBalancer, this.outlierEjection, http2);
	}

	/**
	 * A member without hedging, balanced by peak EWMA, with default outlier ejection.
	 * @param name the member name
	 * @param order the position
	 * @param protocol the protocol
	 * @param model the remote model name
	 * @param replicas the replica base URLs
	 * @param weight the weight
	 * @param timeout the per-attempt timeout
	 * @param maxConcurrentCalls the bulkhead size
	 * @param v1Output the v1 output name
	 * @param circuitBreaker the breaker settings
	 * @param retry the retry settings
	 */
	public MemberSpec(String name, int order, MemberProtocol protocol, String model, List<URI> replicas, double weight,
			Duration timeout, int maxConcurrentCalls, String v1Output, ChorusProperties.CircuitBreaker circuitBreaker,
			ChorusProperties.Retry retry) {
		this(name, order, protocol, model, replicas, weight, timeout, maxConcurrentCalls, v1Output, circuitBreaker,
				retry, HedgeSpec.OFF, LoadBalancer.P2C_EWMA, new ChorusProperties.OutlierEjection(true, 5, 50, 10,
						Duration.ofSeconds(10), Duration.ofSeconds(30), Duration.ofSeconds(300), 50));
	}

}
