package io.chorus.gateway.headers;

import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

import jakarta.validation.constraints.NotBlank;

import org.springframework.boot.context.properties.ConfigurationProperties;
import org.springframework.boot.context.properties.bind.DefaultValue;
import org.springframework.validation.annotation.Validated;

/**
 * Which request headers clients may send and which headers every response carries.
 *
 * @param internalPrefix request headers starting with this prefix (case-insensitive) are
 * internal to Chorus and stripped from client requests
 * @param clientAllowed internal-prefixed headers clients may still send, such as the deadline
 * header ensemble-service accepts
 * @param responseHeaders security headers set on every public response (a value left empty
 * removes a default)
 */
@Validated
@ConfigurationProperties("chorus.gateway.headers")
public record HeaderPolicyProperties(
		@DefaultValue("X-Chorus-") @NotBlank String internalPrefix,
		@DefaultValue({ "X-Chorus-Deadline-Ms", "X-Chorus-Detail" }) List<String> clientAllowed,
		Map<String, String> responseHeaders) {

	/** The security headers every response carries unless configured otherwise. */
	static final Map<String, String> DEFAULT_RESPONSE_HEADERS = Map.of(
			"X-Content-Type-Options", "nosniff",
			"X-Frame-Options", "DENY",
			"Referrer-Policy", "no-referrer",
			"Cache-Control", "no-store",
			"Content-Security-Policy", "default-src 'none'; frame-ancestors 'none'",
			"Strict-Transport-Security", "max-age=31536000; includeSubDomains");

	public HeaderPolicyProperties {
		clientAllowed = List.copyOf(clientAllowed);
		Map<String, String> merged = new LinkedHashMap<>(DEFAULT_RESPONSE_HEADERS);
		if (responseHeaders != null) {
			merged.putAll(responseHeaders);
		}
		merged.values().removeIf(String::isBlank);
		responseHeaders = Map.copyOf(merged);
	}

}
