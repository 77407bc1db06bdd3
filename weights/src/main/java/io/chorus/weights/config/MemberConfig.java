package io.chorus.weights.config;

import java.net.URI;
import java.util.List;

/**
 * One member of an ensemble, as far as weight fitting needs it.
 *
 * @param name the member name
 * @param model the remote model name
 * @param replicas the replica base URLs, without a trailing slash
 * @param protocol {@code v2} or {@code v1}
 * @param weight the weight configured today
 * @param maxConcurrentCalls the most calls the member accepts in flight (its bulkhead in ensemble-service)
 * @param v1Output for a v1 member, the output name its predictions stand for
 */
public record MemberConfig(String name, String model, List<URI> replicas, String protocol, double weight,
		int maxConcurrentCalls, String v1Output) {

	/** Copies the replica list. */
	public MemberConfig {
		replicas = List.copyOf(replicas);
	}

	/**
	 * Whether the member speaks KServe v1 ({@code :predict}) rather than the Open Inference Protocol v2.
	 * @return true for v1
	 */
	public boolean v1() {
		return "v1".equalsIgnoreCase(this.protocol);
	}

}
