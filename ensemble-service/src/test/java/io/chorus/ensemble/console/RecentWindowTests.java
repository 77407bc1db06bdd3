package io.chorus.ensemble.console;

import java.util.Map;

import org.junit.jupiter.api.Test;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.within;

class RecentWindowTests {

	private static final long SECOND = 1_000_000_000L;

	private static final double[] BOUNDS = { 1, 2, 4, 8 };

	@Test
	void countsOnlyWhatGrewInsideTheWindow() {
		RecentWindow window = new RecentWindow(10 * SECOND);
		for (int s = 0; s <= 30; s++) {
			// 100 errors in the first 20 s, none after.
			window.add(reading(s, Math.min(s, 20) * 5, s * 10));
		}
		assertThat(window.seconds()).isEqualTo(10.0);
		assertThat(window.delta("outcome:error")).isZero();
		assertThat(window.delta("outcome:ok")).isEqualTo(100);
		assertThat(window.names("outcome:")).containsExactlyInAnyOrder("error", "ok");
	}

	@Test
	void aMeterThatAppearedInsideTheWindowCountsFromZero() {
		RecentWindow window = new RecentWindow(10 * SECOND);
		window.add(new RecentWindow.Reading(0, Map.of(), null));
		window.add(reading(1, 3, 0));
		assertThat(window.delta("outcome:error")).isEqualTo(3);
	}

	@Test
	void quantilesComeFromTheWindowsHistogramDeltaInterpolatedInTheBucket() {
		RecentWindow window = new RecentWindow(10 * SECOND);
		// Before the window: 1000 fast answers; inside it: 10 in (1, 2] ms and 10 in (4, 8] ms.
		window.add(new RecentWindow.Reading(0, Map.of(),
				new RecentWindow.Buckets(BOUNDS, new double[] { 1000, 1000, 1000, 1000 }, 1000)));
		window.add(new RecentWindow.Reading(SECOND, Map.of(),
				new RecentWindow.Buckets(BOUNDS, new double[] { 1000, 1010, 1010, 1020 }, 1020)));
		assertThat(window.quantile(0.5)).isCloseTo(2.0, within(1e-9));
		assertThat(window.quantile(0.25)).isCloseTo(1.5, within(1e-9));
		assertThat(window.quantile(0.99)).isCloseTo(4 + 4 * 9.8 / 10, within(1e-9));
	}

	@Test
	void noQuantileWithoutAnswersInTheWindow() {
		RecentWindow window = new RecentWindow(10 * SECOND);
		RecentWindow.Buckets same = new RecentWindow.Buckets(BOUNDS, new double[] { 1, 2, 3, 4 }, 4);
		window.add(new RecentWindow.Reading(0, Map.of(), same));
		assertThat(window.quantile(0.5)).isNull();
		window.add(new RecentWindow.Reading(SECOND, Map.of(), same));
		assertThat(window.quantile(0.5)).isNull();
	}

	@Test
	void aQuantileBeyondTheLastBucketIsItsBound() {
		RecentWindow window = new RecentWindow(10 * SECOND);
		window.add(new RecentWindow.Reading(0, Map.of(), null));
		window.add(new RecentWindow.Reading(SECOND, Map.of(),
				new RecentWindow.Buckets(BOUNDS, new double[] { 0, 0, 0, 1 }, 10)));
		assertThat(window.quantile(0.99)).isEqualTo(8.0);
	}

	@Test
	void aQuantileInPrometheusInfiniteBucketIsTheHighestFiniteBound() {
		RecentWindow window = new RecentWindow(10 * SECOND);
		double[] bounds = { 1, 2, Double.POSITIVE_INFINITY };
		window.add(new RecentWindow.Reading(0, Map.of(), new RecentWindow.Buckets(bounds, new double[] { 0, 0, 0 }, 0)));
		window.add(new RecentWindow.Reading(SECOND, Map.of(),
				new RecentWindow.Buckets(bounds, new double[] { 5, 5, 10 }, 10)));
		assertThat(window.quantile(0.99)).isEqualTo(2.0);
		assertThat(window.quantile(0.5)).isCloseTo(1.0, within(1e-9));
	}

	private static RecentWindow.Reading reading(long second, double errors, double ok) {
		return new RecentWindow.Reading(second * SECOND, Map.of("outcome:error", errors, "outcome:ok", ok), null);
	}

}
