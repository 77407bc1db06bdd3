package io.chorus.gateway.error;

import java.util.LinkedHashMap;
import java.util.Map;

import org.springframework.http.HttpStatus;
import org.springframework.http.MediaType;

/**
 * The one error shape of Chorus, shared with ensemble-service: an RFC 9457 problem details
 * object ({@code application/problem+json}) with {@code type}, {@code title}, {@code status} and
 * {@code detail}, plus two extension members: the protocol's {@code error} string (the same text
 * as {@code detail}; Open Inference Protocol clients read it) and {@code request_id}, snake case
 * like every other field of the protocol (RFC 9457 §6.2 recommends such names for extensions).
 * {@code type} is {@code about:blank}: the status and title say all there is to say.
 */
final class ProblemDetails {

	/** {@code application/problem+json}. */
	static final MediaType MEDIA_TYPE = MediaType.APPLICATION_PROBLEM_JSON;

	private ProblemDetails() {
	}

	/**
	 * Builds an error body.
	 * @param status the HTTP status
	 * @param detail what went wrong, phrased for the client
	 * @param requestId the request id
	 * @return the fields in their documented order
	 */
	static Map<String, Object> of(HttpStatus status, String detail, String requestId) {
		Map<String, Object> body = new LinkedHashMap<>();
		body.put("type", "about:blank");
		body.put("title", status.getReasonPhrase());
		body.put("status", status.value());
		body.put("detail", detail);
		body.put("error", detail);
		body.put("request_id", requestId);
		return body;
	}

}
