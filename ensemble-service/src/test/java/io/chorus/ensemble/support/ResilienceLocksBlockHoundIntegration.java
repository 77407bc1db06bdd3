package io.chorus.ensemble.support;

import reactor.blockhound.BlockHound;
import reactor.blockhound.integration.BlockHoundIntegration;

/**
 * Lets resilience4j 2.3's breaker metrics take their lock on an event loop. The sliding windows guard a few field
 * updates with a {@code ReentrantLock} (instead of {@code synchronized}, so virtual threads do not pin); when two
 * answers for one member are settled at the same instant, the second parks for the microseconds the first holds
 * it, which BlockHound reports like any park. A {@code synchronized} block would wait the same and pass unseen.
 * {@code ReloadIntegrationTests}' four concurrent clients of one member hit it (a 500 "Blocking call!
 * Unsafe#park" from {@code FixedSizeSlidingWindowMetrics.record} under {@code BreakerVerdict.accept}).
 * Zipkin's {@code AsyncReporter} is let through for the same reason: a span ended on an event loop is queued under
 * a short lock, and the first one starts the exporter's flusher thread. Without this, BlockHound's error inside
 * {@code report} (swallowed by Brave) left the flusher unstarted and no span was ever exported in the tests
 * ({@code TracingIntegrationTests}), which no production JVM (without BlockHound) would see.
 * Loaded by {@code BlockHound.install()} through {@code META-INF/services}.
 */
public final class ResilienceLocksBlockHoundIntegration implements BlockHoundIntegration {

	@Override
	public void applyTo(BlockHound.Builder builder) {
		for (String window : new String[] { "io.github.resilience4j.core.metrics.FixedSizeSlidingWindowMetrics",
				"io.github.resilience4j.core.metrics.SlidingTimeWindowMetrics" }) {
			builder.allowBlockingCallsInside(window, "record");
			builder.allowBlockingCallsInside(window, "getSnapshot");
		}
		// Zipkin's asynchronous reporter (the trace exporter): a span ended on an event loop is put on a bounded
		// queue under a short lock, and the first one starts the flusher thread.
		builder.allowBlockingCallsInside("zipkin2.reporter.internal.AsyncReporter$BoundedAsyncReporter", "report");
	}

}
