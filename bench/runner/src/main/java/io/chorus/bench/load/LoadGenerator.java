package io.chorus.bench.load;

import java.time.Duration;
import java.util.Map;
import java.util.TreeMap;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicLong;
import java.util.concurrent.atomic.LongAdder;
import java.util.concurrent.locks.LockSupport;

import org.HdrHistogram.ConcurrentHistogram;
import org.HdrHistogram.Histogram;
import reactor.core.publisher.Flux;
import reactor.core.publisher.Mono;
import reactor.netty.http.client.HttpClient;
import reactor.netty.resources.ConnectionProvider;
import reactor.netty.resources.LoopResources;

/**
 * An open-model load generator: request {@code i} is scheduled at {@code t0 + i / rate} whatever happened to the
 * earlier ones, and its latency is measured from that scheduled time, so a stalled system cannot hide its stall
 * by slowing the generator down (no coordinated omission). Also a closed-loop mode to find saturation.
 */
public final class LoadGenerator implements AutoCloseable {

	private static final long HIGHEST_MICROS = TimeUnit.SECONDS.toMicros(600);

	private final LoopResources loops;

	private final ConnectionProvider connections;

	private final HttpClient client;

	/**
	 * Creates the generator's HTTP client: two event-loop threads and an unbounded-enough connection pool.
	 * @param responseTimeout how long one request may take before it counts as an error
	 */
	public LoadGenerator(Duration responseTimeout) {
		this.loops = LoopResources.create("loadgen", 2, true);
		this.connections = ConnectionProvider.builder("loadgen")
			.maxConnections(60_000)
			.pendingAcquireMaxCount(-1)
			.pendingAcquireTimeout(Duration.ofMinutes(5))
			.build();
		this.client = HttpClient.create(this.connections).runOn(this.loops).responseTimeout(responseTimeout);
	}

	/**
	 * The client targets should use.
	 * @return the HTTP client
	 */
	public HttpClient client() {
		return this.client;
	}

	/**
	 * Runs an open-model load.
	 * @param target what to call
	 * @param rate requests per second
	 * @param duration how long to keep scheduling
	 * @param drain how long to wait for stragglers after the last scheduled start
	 * @param sampler called every 100 ms while the run lasts (for example to sample RSS); may be null
	 * @param maxInFlightCap the most requests allowed in flight; a request due while that many are outstanding
	 * is not sent and counts as an error ({@code over-cap}), so a stalled system cannot exhaust the sockets of
	 * the generator, the system or the mocks (one process may open only so many)
	 * @return the measurements
	 */
	public RunStats open(Target target, double rate, Duration duration, Duration drain, Runnable sampler,
			long maxInFlightCap) {
		long count = Math.max(1, Math.round(rate * duration.toNanos() / 1e9));
		double intervalNanos = 1e9 / rate;
		Histogram histogram = new ConcurrentHistogram(1, HIGHEST_MICROS, 3);
		Histogram[] bySecond = new Histogram[(int) Math.max(1, Math.ceil(duration.toNanos() / 1e9))];
		for (int s = 0; s < bySecond.length; s++) {
			bySecond[s] = new ConcurrentHistogram(1, HIGHEST_MICROS, 2);
		}
		Map<String, LongAdder> errorKinds = new ConcurrentHashMap<>();
		LongAdder ok = new LongAdder();
		AtomicLong inFlight = new AtomicLong();
		AtomicLong maxInFlight = new AtomicLong();
		AtomicLong lastDone = new AtomicLong();
		CountDownLatch done = new CountDownLatch((int) count);
		long t0 = System.nanoTime() + TimeUnit.MILLISECONDS.toNanos(20);
		long nextSample = t0;
		long maxLag = 0;
		for (long i = 0; i < count; i++) {
			long scheduled = t0 + (long) (i * intervalNanos);
			long now = waitUntil(scheduled);
			maxLag = Math.max(maxLag, now - scheduled);
			if (sampler != null && now >= nextSample) {
				sampler.run();
				nextSample = now + TimeUnit.MILLISECONDS.toNanos(100);
			}
			if (inFlight.get() >= maxInFlightCap) {
				errorKinds.computeIfAbsent("over-cap", (k) -> new LongAdder()).increment();
				done.countDown();
				continue;
			}
			maxInFlight.accumulateAndGet(inFlight.incrementAndGet(), Math::max);
			target.call().subscribe((outcome) -> {
				long end = System.nanoTime();
				inFlight.decrementAndGet();
				if (outcome.ok()) {
					long micros = Math.min(HIGHEST_MICROS, Math.max(1, (end - scheduled) / 1000));
					histogram.recordValue(micros);
					bySecond[(int) Math.min(bySecond.length - 1, (scheduled - t0) / 1_000_000_000L)].recordValue(micros);
					ok.increment();
				}
				else {
					errorKinds.computeIfAbsent(outcome.error(), (k) -> new LongAdder()).increment();
				}
				lastDone.accumulateAndGet(end, Math::max);
				done.countDown();
			});
		}
		long scheduleEnd = t0 + (long) (count * intervalNanos);
		long giveUp = System.nanoTime() + drain.toNanos();
		try {
			while (!done.await(100, TimeUnit.MILLISECONDS) && System.nanoTime() < giveUp) {
				if (sampler != null) {
					sampler.run();
				}
			}
		}
		catch (InterruptedException ex) {
			Thread.currentThread().interrupt();
		}
		Map<String, Long> kinds = new TreeMap<>();
		errorKinds.forEach((k, v) -> kinds.put(k, v.sum()));
		long unanswered = done.getCount();
		if (unanswered > 0) {
			kinds.merge("unanswered", unanswered, Long::sum);
		}
		long errors = kinds.values().stream().mapToLong(Long::longValue).sum();
		double seconds = (Math.max(scheduleEnd, lastDone.get()) - t0) / 1e9;
		return new RunStats(count, ok.sum(), errors, kinds, seconds, millis(histogram, 50), millis(histogram, 99),
				millis(histogram, 99.9), histogram.getMaxValue() / 1000.0, maxInFlight.get(), maxLag / 1e6,
				java.util.Arrays.stream(bySecond).map((h) -> millis(h, 99)).toList());
	}

	/**
	 * Runs a closed-loop load: {@code concurrency} callers, each sending its next request as soon as the last
	 * one answered. Its throughput is the system's saturation throughput.
	 * @param target what to call
	 * @param concurrency requests kept in flight
	 * @param duration how long
	 * @return the correct answers per second and the errors by reason
	 */
	public ClosedStats closed(Target target, int concurrency, Duration duration) {
		LongAdder ok = new LongAdder();
		Map<String, LongAdder> errorKinds = new ConcurrentHashMap<>();
		long start = System.nanoTime();
		long end = start + duration.toNanos();
		Flux.range(0, concurrency)
			.flatMap((i) -> Mono.defer(target::call)
				.doOnNext((o) -> {
					if (o.ok()) {
						ok.increment();
					}
					else {
						errorKinds.computeIfAbsent(o.error(), (k) -> new LongAdder()).increment();
					}
				})
				.repeat(() -> System.nanoTime() < end), concurrency)
			.blockLast(duration.plusMinutes(2));
		double seconds = (System.nanoTime() - start) / 1e9;
		Map<String, Long> kinds = new TreeMap<>();
		errorKinds.forEach((k, v) -> kinds.put(k, v.sum()));
		return new ClosedStats(ok.sum(), kinds, seconds);
	}

	/**
	 * What a closed-loop run measured.
	 *
	 * @param ok correct answers
	 * @param errorKinds errors by reason
	 * @param seconds how long the run took, including waiting for the last answers
	 */
	public record ClosedStats(long ok, Map<String, Long> errorKinds, double seconds) {

		/**
		 * Correct answers per second.
		 * @return the throughput
		 */
		public double throughput() {
			return this.ok / this.seconds;
		}

		/**
		 * The share of answers that were errors.
		 * @return between 0 and 1
		 */
		public double errorShare() {
			long errors = this.errorKinds.values().stream().mapToLong(Long::longValue).sum();
			return (errors + this.ok > 0) ? (double) errors / (errors + this.ok) : 0;
		}

	}

	// Parks rather than spins: the generator shares its core with the mocks, and a spinning thread would steal
	// their CPU. Park overshoot (tens of microseconds) is counted in the latency, never hidden.
	private static long waitUntil(long deadline) {
		long now = System.nanoTime();
		while (now < deadline) {
			LockSupport.parkNanos(deadline - now);
			now = System.nanoTime();
		}
		return now;
	}

	private static double millis(Histogram histogram, double percentile) {
		return histogram.getValueAtPercentile(percentile) / 1000.0;
	}

	@Override
	public void close() {
		this.connections.disposeLater().block(Duration.ofSeconds(10));
		this.loops.disposeLater().block(Duration.ofSeconds(10));
	}

}
