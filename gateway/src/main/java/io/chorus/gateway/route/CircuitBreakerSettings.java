package io.chorus.gateway.route;

import java.time.Duration;

import jakarta.validation.constraints.DecimalMax;
import jakarta.validation.constraints.DecimalMin;
import jakarta.validation.constraints.Min;

import io.chorus.gateway.error.GatewayRejection;
import io.github.resilience4j.circuitbreaker.CircuitBreakerConfig;

import org.springframework.boot.context.properties.bind.DefaultValue;

/**
 * A route's circuit breaker. Connection failures and timeouts count as failures; responses,
 * whatever their status, count as successes (ensemble-service's own 503 and 504 are truthful
 * answers that reach the client unchanged). Failures the client caused (a {@link GatewayRejection}
 * anywhere in the cause chain: a body too large, stalled or aborted) are ignored: they neither
 * count as failures nor as successes.
 *
 * @param enabled whether the route has a circuit breaker
 * @param failureRateThreshold the failure percentage at which the breaker opens
 * @param slidingWindowSize how many recent calls the failure rate is taken over
 * @param minimumNumberOfCalls calls needed before the failure rate is judged
 * @param waitDurationInOpenState how long the breaker stays open before trial calls
 * @param permittedCallsInHalfOpenState trial calls let through when half open
 */
public record CircuitBreakerSettings(
		@DefaultValue("true") boolean enabled,
		@DefaultValue("50") @DecimalMin("1") @DecimalMax("100") float failureRateThreshold,
		@DefaultValue("20") @Min(1) int slidingWindowSize,
		@DefaultValue("10") @Min(1) int minimumNumberOfCalls,
		@DefaultValue("10s") Duration waitDurationInOpenState,
		@DefaultValue("3") @Min(1) int permittedCallsInHalfOpenState) {

	CircuitBreakerConfig toConfig() {
		return CircuitBreakerConfig.custom()
			.failureRateThreshold(this.failureRateThreshold)
			.slidingWindowType(CircuitBreakerConfig.SlidingWindowType.COUNT_BASED)
			.slidingWindowSize(this.slidingWindowSize)
			.minimumNumberOfCalls(this.minimumNumberOfCalls)
			.waitDurationInOpenState(this.waitDurationInOpenState)
			.permittedNumberOfCallsInHalfOpenState(this.permittedCallsInHalfOpenState)
			.automaticTransitionFromOpenToHalfOpenEnabled(false)
			.ignoreException(GatewayRejection::isCauseOf)
			.build();
	}

}
