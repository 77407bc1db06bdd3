package io.chorus.ensemble.warmup;

import java.time.Duration;

import org.springframework.boot.context.properties.ConfigurationProperties;
import org.springframework.boot.context.properties.bind.DefaultValue;

/**
 * The warm-up that runs after start-up and before the readiness group reports UP.
 *
 * @param enabled whether to warm up before reporting ready; off, readiness is UP as soon as the service starts
 * @param maxTime the longest the warm-up may hold readiness back, whatever happens (a member that cannot be
 * reached does not block readiness beyond this)
 * @param callsPerReplica the most readiness calls sent to any one member replica (they open its connections)
 * @param maxRounds the most rounds of synthetic requests (one per ensemble each) through the fan-out against
 * in-process stand-ins (never real members): the volume that ends the warm-up if the JIT has not gone quiet first
 * @param minRounds the rounds to run before the JIT's quiet can end the warm-up (before any load it is quiet too)
 * @param concurrency how many rounds are in flight at once
 * @param jitWindow how often the JIT's activity is sampled; two quiet samples in a row end the warm-up
 * @param jitQuietShare the compilers' time per wall time under which a sample counts as quiet ({@code bench/run.sh}
 * calls a JVM warm under 0.03 of its CPU)
 * @param exitWhenDone a training run: stop the process once the warm-up is over, so a class-data archive or AOT
 * cache recorded at exit ({@code -XX:AOTCacheOutput}, {@code -XX:ArchiveClassesAtExit}) holds the classes and, on
 * JDK 25+, the method profiles of the request path the warm-up ran, not only those of start-up
 */
@ConfigurationProperties("chorus.warmup")
public record WarmupProperties(@DefaultValue("true") boolean enabled, @DefaultValue("5s") Duration maxTime,
		@DefaultValue("2") int callsPerReplica, @DefaultValue("20000") int maxRounds,
		@DefaultValue("500") int minRounds, @DefaultValue("8") int concurrency,
		@DefaultValue("500ms") Duration jitWindow, @DefaultValue("0.05") double jitQuietShare,
		@DefaultValue("false") boolean exitWhenDone) {
}
