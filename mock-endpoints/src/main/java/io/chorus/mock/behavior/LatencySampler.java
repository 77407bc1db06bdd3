package io.chorus.mock.behavior;

import java.util.random.RandomGenerator;

import io.chorus.mock.MockSettings.LatencySettings;

/**
 * Draws delays from a {@link LatencySettings} distribution; a pure function of the settings and the generator.
 */
final class LatencySampler {

	private LatencySampler() {
	}

	/**
	 * Draws one delay: first the distribution, then (if a spike mix is set) one uniform draw deciding whether
	 * the call spikes.
	 * @param latency the distribution
	 * @param random the generator (not thread-safe; the caller serializes draws)
	 * @return the delay in milliseconds, at least 0
	 */
	static double sampleMs(LatencySettings latency, RandomGenerator random) {
		double ms = switch (latency.type()) {
			case "uniform" -> latency.minMs() + random.nextDouble() * (latency.maxMs() - latency.minMs());
			case "normal" -> Math.max(0, latency.meanMs() + latency.stddevMs() * random.nextGaussian());
			case "lognormal" -> latency.medianMs() * Math.exp(latency.sigma() * random.nextGaussian());
			default -> latency.ms();
		};
		if (latency.spike() != null && latency.spike().rate() > 0 && random.nextDouble() < latency.spike().rate()) {
			ms *= latency.spike().factor();
		}
		return ms;
	}

}
