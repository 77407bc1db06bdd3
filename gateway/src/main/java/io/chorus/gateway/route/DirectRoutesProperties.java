package io.chorus.gateway.route;

import java.net.URI;
import java.time.Duration;
import java.util.List;

import jakarta.validation.Valid;
import jakarta.validation.constraints.NotNull;
import jakarta.validation.constraints.Pattern;

import org.springframework.boot.context.properties.ConfigurationProperties;
import org.springframework.boot.context.properties.NestedConfigurationProperty;
import org.springframework.boot.context.properties.bind.DefaultValue;
import org.springframework.validation.annotation.Validated;

/**
 * Optional routes that pass requests straight to one model server, bypassing the ensemble.
 *
 * @param directRoutes the routes; {@code /direct/{id}/rest} is forwarded to {@code uri/rest}
 */
@Validated
@ConfigurationProperties("chorus.gateway")
public record DirectRoutesProperties(@DefaultValue @Valid List<DirectRoute> directRoutes) {

	public DirectRoutesProperties {
		directRoutes = List.copyOf(directRoutes);
	}

	/**
	 * One direct route.
	 *
	 * @param id the route id, the path segment after {@code /direct/}, and the name an API key's
	 * {@code ensembles} list must hold for a restricted key to use it
	 * @param uri the model server's base URI
	 * @param connectTimeout how long to wait for a TCP connection
	 * @param responseTimeout how long to wait for response headers before answering 504
	 * @param circuitBreaker the route's circuit breaker
	 */
	public record DirectRoute(
			@NotNull @Pattern(regexp = "[A-Za-z0-9._-]{1,64}") String id,
			@NotNull URI uri,
			@DefaultValue("2s") @NotNull Duration connectTimeout,
			@DefaultValue("30s") @NotNull Duration responseTimeout,
			@DefaultValue @Valid @NestedConfigurationProperty CircuitBreakerSettings circuitBreaker) {
	}

}
