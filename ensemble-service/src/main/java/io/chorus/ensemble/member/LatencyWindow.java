package io.chorus.ensemble.member;

import java.time.Duration;
import java.util.function.LongSupplier;

import org.HdrHistogram.Histogram;

/**
 * A member's recent answer latencies over a sliding window, in HdrHistograms (microseconds, two significant
 * digits): the window is ten slices; the percentiles are recomputed from the completed slices whenever a slice
 * ends, so reads between two slice ends cost one comparison.
 *
 * <p>One monitor per member rather than HdrHistogram's {@code Recorder}: the recorder's phase flip may
 * {@code Thread.yield()}, which must not happen on an event loop (BlockHound refuses it); recording a value is
 * far cheaper than the HTTP call it measures.
 */
final class LatencyWindow {

	/** Fewer answers than this in the window and the percentiles are unknown. */
	static final long MIN_SAMPLES = 20;

	private static final int SLICES = 10;

	private static final long HIGHEST_MICROS = 3_600_000_000L;

	private final Histogram[] slices = new Histogram[SLICES];

	private final Histogram sum = new Histogram(HIGHEST_MICROS, 2);

	private final double percentile;

	private final long sliceNanos;

	private final LongSupplier clock;

	// Guarded by this.
	private long sliceStart;

	private int slice;

	private long percentileMicros = -1;

	private long medianMicros = -1;

	LatencyWindow(double percentile, Duration window) {
		this(percentile, window, System::nanoTime);
	}

	LatencyWindow(double percentile, Duration window, LongSupplier clock) {
		this.percentile = percentile;
		this.sliceNanos = Math.max(1, window.toNanos() / SLICES);
		this.clock = clock;
		this.sliceStart = clock.getAsLong();
		for (int i = 0; i < SLICES; i++) {
			this.slices[i] = new Histogram(HIGHEST_MICROS, 2);
		}
	}

	/**
	 * Records one answer's latency.
	 * @param nanos the latency
	 */
	synchronized void record(long nanos) {
		advance();
		this.slices[this.slice].recordValue(Math.min(HIGHEST_MICROS, Math.max(1, nanos / 1000)));
	}

	/**
	 * The configured percentile of the window's completed slices.
	 * @return the latency, or {@code null} while they hold fewer than {@link #MIN_SAMPLES} answers
	 */
	synchronized Duration percentile() {
		advance();
		return (this.percentileMicros < 0) ? null : Duration.ofNanos(this.percentileMicros * 1000);
	}

	/**
	 * The median of the window's completed slices.
	 * @return the latency, or {@code null} while they hold too few answers
	 */
	synchronized Duration median() {
		advance();
		return (this.medianMicros < 0) ? null : Duration.ofNanos(this.medianMicros * 1000);
	}

	private void advance() {
		long now = this.clock.getAsLong();
		long ended = (now - this.sliceStart) / this.sliceNanos;
		if (ended <= 0) {
			return;
		}
		// Idle time leaves empty slices: after a long pause nothing of the old traffic is left.
		for (long i = 0; i < Math.min(ended, SLICES); i++) {
			this.slice = (this.slice + 1) % SLICES;
			this.slices[this.slice].reset();
		}
		this.sliceStart += ended * this.sliceNanos;
		this.sum.reset();
		for (int i = 0; i < SLICES; i++) {
			if (i != this.slice) {
				this.sum.add(this.slices[i]);
			}
		}
		boolean enough = this.sum.getTotalCount() >= MIN_SAMPLES;
		this.percentileMicros = enough ? this.sum.getValueAtPercentile(this.percentile) : -1;
		this.medianMicros = enough ? this.sum.getValueAtPercentile(50) : -1;
	}

}
