package io.chorus.mock.behavior;

import java.util.Arrays;
import java.util.SplittableRandom;

import io.chorus.mock.MockSettings.LatencySettings;
import io.chorus.mock.MockSettings.SpikeSettings;
import org.junit.jupiter.api.Test;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.within;

/**
 * Draws 20,000 samples from the seeded sampler (no real waiting) and compares summary statistics with the
 * configuration. Tolerances are several standard errors wide: for n = 20,000 the standard error of a mean is
 * sd / 141, of a median or tail percentile a few times that.
 */
class LatencySamplerTests {

	private static final int N = 20_000;

	@Test
	void fixedAlwaysGivesTheConfiguredDelay() {
		double[] s = samples(LatencySettings.fixed(100));
		assertThat(s[0]).isEqualTo(100);
		assertThat(s[N - 1]).isEqualTo(100);
	}

	@Test
	void uniformHasTheRightMeanAndBounds() {
		double[] s = samples(new LatencySettings("uniform", 0, 50, 150, 0, 0, 0, 0, null));
		assertThat(s[0]).isGreaterThanOrEqualTo(50);
		assertThat(s[N - 1]).isLessThan(150);
		assertThat(mean(s)).isCloseTo(100, within(1.5));
		assertThat(percentile(s, 0.9)).isCloseTo(140, within(2.0));
	}

	@Test
	void normalHasTheConfiguredMeanAndSpread() {
		double[] s = samples(new LatencySettings("normal", 0, 0, 0, 200, 20, 0, 0, null));
		assertThat(mean(s)).isCloseTo(200, within(1.0));
		// The 84.13th percentile of a normal distribution is mean + 1 sd.
		assertThat(percentile(s, 0.8413)).isCloseTo(220, within(1.5));
	}

	@Test
	void normalIsClippedAtZero() {
		double[] s = samples(new LatencySettings("normal", 0, 0, 0, 10, 20, 0, 0, null));
		assertThat(s[0]).isZero();
		// P(X < 0) for N(10, 20) is Phi(-0.5) = 0.3085.
		long zeros = Arrays.stream(s).filter((v) -> v == 0).count();
		assertThat(zeros / (double) N).isCloseTo(0.3085, within(0.015));
	}

	@Test
	void lognormalHasTheConfiguredMedianAndTail() {
		double[] s = samples(new LatencySettings("lognormal", 0, 0, 0, 0, 0, 50, 0.5, null));
		assertThat(percentile(s, 0.5)).isCloseTo(50, within(1.0));
		// p99 = median * exp(2.3263 * sigma) = 50 * 3.2002 = 160.0
		assertThat(percentile(s, 0.99)).isCloseTo(160.0, within(8.0));
		// mean = median * exp(sigma^2 / 2) = 56.66
		assertThat(mean(s)).isCloseTo(56.66, within(1.0));
	}

	@Test
	void spikeMakesThatFractionOfCallsFactorTimesSlower() {
		double[] s = samples(new LatencySettings("fixed", 20, 0, 0, 0, 0, 0, 0, new SpikeSettings(0.05, 10)));
		long spikes = Arrays.stream(s).filter((v) -> v == 200).count();
		assertThat(spikes / (double) N).isCloseTo(0.05, within(0.006));
		assertThat(Arrays.stream(s).filter((v) -> v != 20 && v != 200)).isEmpty();
		assertThat(percentile(s, 0.99)).isEqualTo(200);
	}

	@Test
	void sameSeedGivesTheSameSamples() {
		LatencySettings l = new LatencySettings("lognormal", 0, 0, 0, 0, 0, 50, 0.5, new SpikeSettings(0.1, 5));
		assertThat(samples(l, 42)).containsExactly(samples(l, 42));
		assertThat(samples(l, 42)).isNotEqualTo(samples(l, 43));
	}

	private static double[] samples(LatencySettings latency) {
		return samples(latency, 1234);
	}

	private static double[] samples(LatencySettings latency, long seed) {
		SplittableRandom random = new SplittableRandom(seed);
		double[] out = new double[N];
		for (int i = 0; i < N; i++) {
			out[i] = LatencySampler.sampleMs(latency, random);
		}
		Arrays.sort(out);
		return out;
	}

	private static double mean(double[] s) {
		return Arrays.stream(s).average().orElseThrow();
	}

	private static double percentile(double[] sorted, double p) {
		return sorted[(int) Math.min(sorted.length - 1, Math.floor(p * sorted.length))];
	}

}
