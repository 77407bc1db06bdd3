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
 */
public record MemberSpec(String name, int order, MemberProtocol protocol, String model, List<URI> replicas,
		double weight, Duration timeout, int maxConcurrentCalls, String v1Output,
		ChorusProperties.CircuitBreaker circuitBreaker, ChorusProperties.Retry retry) {

	/** Copies the replica list. */
	public MemberSpec {
		replicas = List.copyOf(replicas);
	}

}
