package io.chorus.gateway.warmup;

import java.lang.management.CompilationMXBean;
import java.lang.management.ManagementFactory;
import java.time.Duration;
import java.util.function.IntSupplier;

import reactor.core.publisher.Flux;
import reactor.core.publisher.Mono;

/**
 * Tells when the JIT compilers have gone quiet, the way {@code bench/run.sh} judges a JVM warm: a warm-up that
 * ends on its own round times stops after class loading, long before the compilers have done their work (measured:
 * 5 rounds, then a first-10-s p99 of seconds).
 *
 * <p>Each {@link #quiet()} compares the compilers' accumulated time since the previous call with the wall time
 * since then; the compilers are quiet after {@code windows} consecutive calls under {@code share}.
 */
final class JitActivity {

	/** Two quiet samples in a row: one could be a lull between two compilations. */
	static final int QUIET_WINDOWS = 2;

	private final CompilationMXBean compiler = ManagementFactory.getCompilationMXBean();

	private final double share;

	private final int windows;

	private long compileMillis;

	private long nanos;

	private int quietWindows;

	JitActivity(double share, int windows) {
		this.share = share;
		this.windows = windows;
		this.compileMillis = supported() ? this.compiler.getTotalCompilationTime() : 0;
		this.nanos = System.nanoTime();
	}

	/**
	 * Completes once the compilers have gone quiet and at least {@code minimum} units of work were done; never on a
	 * JVM without compilers.
	 * @param share the compilers' time per wall time under which a sample is quiet
	 * @param window how often to sample
	 * @param done the work done so far
	 * @param minimum the work to do before the compilers' quiet counts (before any load they are quiet too)
	 * @return a signal that the warm-up may end
	 */
	static Mono<Void> quietAfter(double share, Duration window, IntSupplier done, int minimum) {
		JitActivity jit = new JitActivity(share, QUIET_WINDOWS);
		if (!jit.supported()) {
			return Mono.never();
		}
		return Flux.interval(window)
			// Sampled on every tick, so the quiet windows counted are the ones after the minimum volume too.
			.filter((tick) -> jit.quiet() && done.getAsInt() >= minimum)
			.next()
			.then();
	}

	/**
	 * Whether this JVM reports its compilers' time (HotSpot does; {@code -Xint} has no compiler).
	 * @return {@code true} when {@link #quiet()} can ever answer {@code true}
	 */
	boolean supported() {
		return this.compiler != null && this.compiler.isCompilationTimeMonitoringSupported();
	}

	/**
	 * Samples the compilers' activity since the previous call.
	 * @return whether the last {@code windows} samples were all under the share
	 */
	synchronized boolean quiet() {
		if (!supported()) {
			return false;
		}
		long compiled = this.compiler.getTotalCompilationTime();
		long now = System.nanoTime();
		double wallMillis = Math.max(1, (now - this.nanos) / 1e6);
		boolean quiet = (compiled - this.compileMillis) / wallMillis < this.share;
		this.compileMillis = compiled;
		this.nanos = now;
		this.quietWindows = quiet ? this.quietWindows + 1 : 0;
		return this.quietWindows >= this.windows;
	}

}
