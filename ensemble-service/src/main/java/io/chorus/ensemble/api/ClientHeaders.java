package io.chorus.ensemble.api;

import java.time.Duration;
import java.util.UUID;
import java.util.concurrent.ThreadLocalRandom;
import java.util.regex.Pattern;

import org.springframework.web.reactive.function.server.ServerRequest;

import io.chorus.ensemble.error.ApiException;

/**
 * The client headers ensemble-service understands.
 *
 * @param requestId the request id: the client's {@code X-Request-Id} when well-formed, else a new UUID
 * @param traceparent the W3C {@code traceparent}, when well-formed
 * @param deadline the client's shorter deadline from {@code X-Chorus-Deadline-Ms}, or {@code null}
 * @param detail whether the client asked for the per-member breakdown with {@code X-Chorus-Detail: true}
 * @param noCache whether the client asked for a fresh answer with {@code Cache-Control: no-cache} (or
 * {@code Pragma: no-cache})
 */
record ClientHeaders(String requestId, String traceparent, Duration deadline, boolean detail, boolean noCache) {

	static final String REQUEST_ID = "X-Request-Id";

	static final String DEADLINE = "X-Chorus-Deadline-Ms";

	static final String DETAIL = "X-Chorus-Detail";

	private static final Pattern ID = Pattern.compile("[A-Za-z0-9._:/+=-]{1,128}");

	private static final Pattern TRACEPARENT = Pattern.compile("[0-9a-f]{2}-[0-9a-f]{32}-[0-9a-f]{16}-[0-9a-f]{2}");

	static ClientHeaders of(ServerRequest request) {
		String id = request.headers().firstHeader(REQUEST_ID);
		if (id == null || !ID.matcher(id).matches()) {
			id = newRequestId();
		}
		String traceparent = request.headers().firstHeader("traceparent");
		if (traceparent != null && !TRACEPARENT.matcher(traceparent).matches()) {
			traceparent = null;
		}
		return new ClientHeaders(id, traceparent, deadline(request.headers().firstHeader(DEADLINE)),
				"true".equalsIgnoreCase(request.headers().firstHeader(DETAIL)), noCache(request));
	}

	private static boolean noCache(ServerRequest request) {
		return request.headers().header("Cache-Control").stream()
			.anyMatch((value) -> value.toLowerCase(java.util.Locale.ROOT).contains("no-cache"))
				|| request.headers().header("Pragma").stream().anyMatch((value) -> value.equalsIgnoreCase("no-cache"));
	}

	/** A random (version 4) UUID from a non-blocking source; request ids need uniqueness, not secrecy. */
	private static String newRequestId() {
		ThreadLocalRandom random = ThreadLocalRandom.current();
		long most = (random.nextLong() & ~0xF000L) | 0x4000L;
		long least = (random.nextLong() & ~(0xC000L << 48)) | (0x8000L << 48);
		return new UUID(most, least).toString();
	}

	private static Duration deadline(String value) {
		if (value == null) {
			return null;
		}
		try {
			long millis = Long.parseLong(value.trim());
			if (millis > 0) {
				return Duration.ofMillis(millis);
			}
		}
		catch (NumberFormatException ex) {
			// fall through to the error below
		}
		throw new ApiException(400, DEADLINE + " must be a positive number of milliseconds, not '" + value + "'");
	}

	/** The effective deadline: the configured one, shortened by the client's, never lengthened. */
	Duration clip(Duration configured) {
		return (this.deadline != null && this.deadline.compareTo(configured) < 0) ? this.deadline : configured;
	}

}
