package io.chorus.gateway.route;

import java.net.URI;
import java.time.Duration;

import jakarta.validation.Valid;
import jakarta.validation.constraints.NotNull;

import org.springframework.boot.context.properties.ConfigurationProperties;
import org.springframework.boot.context.properties.NestedConfigurationProperty;
import org.springframework.boot.context.properties.bind.DefaultValue;
import org.springframework.validation.annotation.Validated;

/**
 * The route to ensemble-service, which serves the inference API.
 *
 * @param uri the base URI of ensemble-service (in Kubernetes its Service, for example
 * {@code http://chorus-ensemble-service:8080})
 * @param connectTimeout how long to wait for a TCP connection to ensemble-service
 * @param responseTimeout how long to wait for ensemble-service's response headers; then the
 * client gets 504. Keep it above ensemble-service's own deadline so its answer wins
 * @param circuitBreaker the circuit breaker around the route
 */
@Validated
@ConfigurationProperties("chorus.gateway.ensemble-service")
public record EnsembleServiceProperties(
		@NotNull URI uri,
		@DefaultValue("2s") @NotNull Duration connectTimeout,
		@DefaultValue("30s") @NotNull Duration responseTimeout,
		@DefaultValue @Valid @NestedConfigurationProperty CircuitBreakerSettings circuitBreaker) {
}
