package io.chorus.bench.tail;

import java.time.Duration;
import java.util.Map;
import java.util.TreeMap;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicLong;
import java.util.concurrent.atomic.LongAdder;
import java.util.function.Supplier;

import org.HdrHistogram.ConcurrentHistogram;
import org.HdrHistogram.Histogram;
import reactor.core.publisher.Mono;

/**
 * An open-model load for the tail scenarios: request {@code i} is due at {@code t0 + i / rate} and its latency is
 * measured from then (no coordinated omission). Correct answers (200) and fast refusals (503) are kept in
 * separate histograms, and correct answers also per time bucket, so a run shows how the tail moves over time.
 */
final class OpenLoop {

	private static final long HIGHEST_MICROS = TimeUnit.SECONDS.toMicros(60);

	private OpenLoop() {
	}

	/**
	 * The measurements of one run.
	 *
	 * @param requests requests scheduled
	 * @param ok 200 answers
	 * @param refused 503 answers
	 * @param statuses every status (or error) with its count
	 * @param seconds the schedule's length
	 * @param okLatency latencies of 200 answers, microseconds
	 * @param refusedLatency latencies of 503 answers, microseconds
	 * @param buckets latencies of 200 answers per bucket of the schedule
	 * @param maxLagMs how late the generator sent its latest request
	 */
	record Result(long requests, long ok, long refused, Map<String, Long> statuses, double seconds,
			Histogram okLatency, Histogram refusedLatency, Histogram[] buckets, double maxLagMs) {

		double p(double percentile) {
			return ms(this.okLatency, percentile);
		}

		static double ms(Histogram histogram, double percentile) {
			return (histogram.getTotalCount() == 0) ? Double.NaN : histogram.getValueAtPercentile(percentile) / 1000.0;
		}

	}

	/**
	 * Runs the load.
	 * @param call sends one request and gives its HTTP status (or -1 when it failed without one)
	 * @param rate requests per second
	 * @param duration how long to schedule requests
	 * @param bucket the width of a time bucket
	 * @return the measurements
	 */
	static Result run(Supplier<Mono<Integer>> call, double rate, Duration duration, Duration bucket) {
		long count = Math.max(1, Math.round(rate * duration.toNanos() / 1e9));
		double interval = 1e9 / rate;
		Histogram ok = new ConcurrentHistogram(1, HIGHEST_MICROS, 3);
		Histogram refused = new ConcurrentHistogram(1, HIGHEST_MICROS, 3);
		int bucketCount = (int) Math.max(1, (duration.toNanos() + bucket.toNanos() - 1) / bucket.toNanos());
		Histogram[] buckets = new Histogram[bucketCount];
		for (int i = 0; i < bucketCount; i++) {
			buckets[i] = new ConcurrentHistogram(1, HIGHEST_MICROS, 3);
		}
		Map<String, LongAdder> statuses = new ConcurrentHashMap<>();
		CountDownLatch done = new CountDownLatch((int) count);
		AtomicLong inFlight = new AtomicLong();
		long t0 = System.nanoTime() + TimeUnit.MILLISECONDS.toNanos(20);
		long maxLag = 0;
		for (long i = 0; i < count; i++) {
			long due = t0 + (long) (i * interval);
			long now;
			while ((now = System.nanoTime()) < due) {
				long left = due - now;
				if (left > 200_000) {
					java.util.concurrent.locks.LockSupport.parkNanos(left - 100_000);
				}
			}
			maxLag = Math.max(maxLag, now - due);
			if (inFlight.get() > 20_000) {
				statuses.computeIfAbsent("over-cap", (k) -> new LongAdder()).increment();
				done.countDown();
				continue;
			}
			inFlight.incrementAndGet();
			int slot = (int) Math.min(bucketCount - 1, (due - t0) / bucket.toNanos());
			call.get().onErrorReturn(-1).defaultIfEmpty(-1).subscribe((status) -> {
				long micros = Math.min(HIGHEST_MICROS, Math.max(1, (System.nanoTime() - due) / 1000));
				inFlight.decrementAndGet();
				if (status == 200) {
					ok.recordValue(micros);
					buckets[slot].recordValue(micros);
				}
				else if (status == 503) {
					refused.recordValue(micros);
				}
				statuses.computeIfAbsent((status < 0) ? "error" : Integer.toString(status), (k) -> new LongAdder())
					.increment();
				done.countDown();
			});
		}
		try {
			done.await(30, TimeUnit.SECONDS);
		}
		catch (InterruptedException ex) {
			Thread.currentThread().interrupt();
		}
		Map<String, Long> counts = new TreeMap<>();
		statuses.forEach((k, v) -> counts.put(k, v.sum()));
		if (done.getCount() > 0) {
			counts.put("unanswered", done.getCount());
		}
		return new Result(count, ok.getTotalCount(), refused.getTotalCount(), counts, duration.toNanos() / 1e9, ok,
				refused, buckets, maxLag / 1e6);
	}

}
