package io.chorus.gateway.warmup;

import java.time.Duration;

import jakarta.validation.constraints.Min;
import jakarta.validation.constraints.NotNull;
import jakarta.validation.constraints.PositiveOrZero;

import org.springframework.boot.context.properties.ConfigurationProperties;
import org.springframework.boot.context.properties.bind.DefaultValue;
import org.springframework.validation.annotation.Validated;

/**
 * The warm-up that runs after start-up and before the readiness group reports UP.
 *
 * @param enabled whether to warm up before reporting ready; off, readiness is UP as soon as the gateway starts
 * @param maxTime the longest the warm-up may hold readiness back, whatever happens (an ensemble-service that
 * cannot be reached does not block readiness beyond this)
 * @param upstreamCalls the most requests sent to ensemble-service, all at once so each opens a pooled connection:
 * {@code GET} of {@code upstreamPath}, never a prediction; 0 sends none
 * @param upstreamPath the path those calls ask for: ensemble-service's liveness
 * @param loopbackRequests the most synthetic requests sent through the gateway's own routing path to an in-process
 * stand-in upstream (never to ensemble-service): the volume that ends the warm-up if the JIT has not gone quiet first
 * @param minLoopbackRequests the synthetic requests to send before the JIT's quiet can end the warm-up
 * @param concurrency how many of those synthetic requests are in flight at once
 * @param jitWindow how often the JIT's activity is sampled; two quiet samples in a row end the warm-up
 * @param jitQuietShare the compilers' time per wall time under which a sample counts as quiet ({@code bench/run.sh}
 * calls a JVM warm under 0.03 of its CPU)
 * @param exitWhenDone a training run: stop the process once the warm-up is over, so a class-data archive or AOT
 * cache recorded at exit ({@code -XX:AOTCacheOutput}, {@code -XX:ArchiveClassesAtExit}) holds the classes and, on
 * JDK 25+, the method profiles of the request path the warm-up ran, not only those of start-up
 */
@Validated
@ConfigurationProperties("chorus.gateway.warmup")
public record GatewayWarmupProperties(
		@DefaultValue("true") boolean enabled,
		@DefaultValue("5s") @NotNull Duration maxTime,
		@DefaultValue("4") @Min(0) int upstreamCalls,
		@DefaultValue("/v2/health/live") @NotNull String upstreamPath,
		@DefaultValue("20000") @Min(0) int loopbackRequests,
		@DefaultValue("500") @Min(0) int minLoopbackRequests,
		@DefaultValue("8") @Min(1) int concurrency,
		@DefaultValue("500ms") @NotNull Duration jitWindow,
		@DefaultValue("0.05") @PositiveOrZero double jitQuietShare,
		@DefaultValue("false") boolean exitWhenDone) {
}
