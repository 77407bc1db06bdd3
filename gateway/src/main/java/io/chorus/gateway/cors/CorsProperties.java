package io.chorus.gateway.cors;

import java.time.Duration;
import java.util.List;

import org.springframework.boot.context.properties.ConfigurationProperties;
import org.springframework.boot.context.properties.bind.DefaultValue;

/**
 * Cross-origin access for browser clients; off while no origin is allowed.
 *
 * @param allowedOrigins origins (or origin patterns such as {@code https://*.example.com})
 * allowed to call the API; empty turns CORS handling off
 * @param allowedMethods methods browsers may use cross-origin
 * @param allowedHeaders request headers browsers may send cross-origin
 * @param exposedHeaders response headers browser scripts may read
 * @param allowCredentials whether browsers may send cookies or HTTP auth cross-origin
 * @param maxAge how long browsers may cache a pre-flight answer
 */
@ConfigurationProperties("chorus.gateway.cors")
public record CorsProperties(
		@DefaultValue List<String> allowedOrigins,
		@DefaultValue({ "GET", "POST" }) List<String> allowedMethods,
		@DefaultValue({ "Authorization", "X-API-Key", "Content-Type", "X-Request-Id", "traceparent", "tracestate",
				"X-Chorus-Deadline-Ms", "X-Chorus-Detail" }) List<String> allowedHeaders,
		@DefaultValue({ "X-Request-Id", "Retry-After", "X-RateLimit-Remaining" }) List<String> exposedHeaders,
		@DefaultValue("false") boolean allowCredentials,
		@DefaultValue("30m") Duration maxAge) {

	public CorsProperties {
		allowedOrigins = List.copyOf(allowedOrigins);
		allowedMethods = List.copyOf(allowedMethods);
		allowedHeaders = List.copyOf(allowedHeaders);
		exposedHeaders = List.copyOf(exposedHeaders);
	}

}
