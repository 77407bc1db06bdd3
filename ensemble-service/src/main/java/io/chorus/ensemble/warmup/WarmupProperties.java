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
 * @param maxRounds the most rounds of synthetic requests through the fan-out against in-process stand-ins
 * (never real members)
 */
@ConfigurationProperties("chorus.warmup")
public record WarmupProperties(@DefaultValue("true") boolean enabled, @DefaultValue("5s") Duration maxTime,
		@DefaultValue("2") int callsPerReplica, @DefaultValue("200") int maxRounds) {
}
