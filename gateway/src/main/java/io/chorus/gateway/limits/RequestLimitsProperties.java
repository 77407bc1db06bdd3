package io.chorus.gateway.limits;

import java.time.Duration;
import java.util.List;

import jakarta.validation.constraints.NotEmpty;
import jakarta.validation.constraints.NotNull;

import org.springframework.boot.context.properties.ConfigurationProperties;
import org.springframework.boot.context.properties.bind.DefaultValue;
import org.springframework.util.unit.DataSize;
import org.springframework.validation.annotation.Validated;

/**
 * Structural limits on public requests, checked before authentication.
 *
 * @param maxBodySize the largest request body accepted; larger bodies get 413, whether the
 * size is declared in {@code Content-Length} or found while streaming a chunked body. The default,
 * 4 MiB, is ensemble-service's {@code chorus.limits.max-request-size}: the edge refuses first, with
 * the same 413 body
 * @param allowedContentTypes media types a request body may have (parameters such as
 * {@code charset} are ignored); others get 415. A body without a type passes, as ensemble-service
 * reads it as JSON; the defaults accept exactly what ensemble-service accepts
 * @param allowedMethods HTTP methods clients may use; others get 405
 * @param readTimeout the longest a client may send nothing while its request body is due; then
 * it gets 408 and the connection is closed (a trickling upload never holds a route or counts
 * against its circuit breaker)
 */
@Validated
@ConfigurationProperties("chorus.gateway.limits")
public record RequestLimitsProperties(
		@DefaultValue("4MB") DataSize maxBodySize,
		@DefaultValue({ "GET", "POST" }) @NotEmpty List<String> allowedMethods,
		@DefaultValue({ "application/json", "application/*+json" }) @NotEmpty List<String> allowedContentTypes,
		@DefaultValue("10s") @NotNull Duration readTimeout) {

	public RequestLimitsProperties {
		allowedMethods = List.copyOf(allowedMethods);
		allowedContentTypes = List.copyOf(allowedContentTypes);
	}

}
