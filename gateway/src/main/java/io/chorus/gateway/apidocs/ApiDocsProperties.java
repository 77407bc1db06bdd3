package io.chorus.gateway.apidocs;

import java.time.Duration;

import jakarta.validation.constraints.NotNull;

import org.springframework.boot.context.properties.ConfigurationProperties;
import org.springframework.boot.context.properties.bind.DefaultValue;
import org.springframework.validation.annotation.Validated;

/**
 * The OpenAPI document of the public API and the Swagger UI that shows it, both served on the public port
 * without an API key.
 *
 * @param enabled whether {@code /v3/api-docs} and {@code /swagger-ui/} are served; off, those paths are like any
 * unknown path (401 without a key, 404 with one)
 * @param catalogRefresh how long the ensemble names read from ensemble-service's catalog are used before they are
 * read again
 * @param catalogTimeout the longest a document request waits for ensemble-service's catalog; then the document
 * is served with the last names known (or without them)
 */
@Validated
@ConfigurationProperties("chorus.gateway.api-docs")
public record ApiDocsProperties(
		@DefaultValue("true") boolean enabled,
		@DefaultValue("30s") @NotNull Duration catalogRefresh,
		@DefaultValue("2s") @NotNull Duration catalogTimeout) {
}
