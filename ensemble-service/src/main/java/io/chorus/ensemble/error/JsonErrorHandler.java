package io.chorus.ensemble.error;

import java.util.LinkedHashMap;
import java.util.Map;
import java.util.regex.Pattern;

import org.apache.commons.logging.Log;
import org.apache.commons.logging.LogFactory;
import org.slf4j.MDC;
import reactor.core.publisher.Mono;

import org.springframework.core.annotation.Order;
import org.springframework.core.io.buffer.DataBuffer;
import org.springframework.http.HttpStatus;
import org.springframework.http.MediaType;
import org.springframework.http.server.reactive.ServerHttpResponse;
import org.springframework.web.server.ResponseStatusException;
import org.springframework.web.server.ServerWebExchange;
import org.springframework.web.server.WebExceptionHandler;

import io.chorus.protocol.ProtocolException;

/**
 * The one place where failures become HTTP: every error is an RFC 9457 problem details body
 * ({@code application/problem+json}, see {@link #problem}) that keeps the protocol's {@code error} string;
 * never a stack trace. Runs before Spring Boot's default error handler.
 */
@Order(-2)
public final class JsonErrorHandler implements WebExceptionHandler {

	private static final Log logger = LogFactory.getLog(JsonErrorHandler.class);

	/** The request ids ensemble-service accepts ({@code api.ClientHeaders}): echoed, never anything else. */
	/** The key of the request id in log events, the same as the gateway's. */
	static final String REQUEST_ID_MDC_KEY = "requestId";

	private static final Pattern REQUEST_ID = Pattern.compile("[A-Za-z0-9._:/+=-]{1,128}");

	@Override
	public Mono<Void> handle(ServerWebExchange exchange, Throwable ex) {
		ServerHttpResponse response = exchange.getResponse();
		if (response.isCommitted()) {
			return Mono.error(ex);
		}
		int status;
		String message;
		if (ex instanceof ApiException api) {
			status = api.status();
			message = api.getMessage();
		}
		else if (ex instanceof ProtocolException protocol) {
			status = 400;
			message = protocol.getMessage();
		}
		else if (ex instanceof ResponseStatusException rse) {
			status = rse.getStatusCode().value();
			message = describe(status, rse, exchange);
		}
		else {
			status = 500;
			message = "internal error";
			logError(exchange, ex);
		}
		response.setStatusCode(HttpStatus.valueOf(status));
		response.getHeaders().setContentType(MediaType.APPLICATION_PROBLEM_JSON);
		DataBuffer buffer = response.bufferFactory().wrap(JsonBodies.write(problem(status, message, requestId(exchange))));
		return response.writeWith(Mono.just(buffer));
	}

	/**
	 * Logs an unexpected failure with the request id in the MDC for this line alone (put and removed on this thread,
	 * so no other request's line picks it up): with {@code logging.structured.format.console} set it is a JSON field.
	 */
	private static void logError(ServerWebExchange exchange, Throwable ex) {
		String requestId = requestId(exchange);
		if (requestId == null) {
			logger.error("Unhandled error on " + exchange.getRequest().getPath(), ex);
			return;
		}
		try (MDC.MDCCloseable scope = MDC.putCloseable(REQUEST_ID_MDC_KEY, requestId)) {
			logger.error("Unhandled error on " + exchange.getRequest().getPath() + " [requestId=" + requestId + "]", ex);
		}
	}

	private static String describe(int status, ResponseStatusException ex, ServerWebExchange exchange) {
		return switch (status) {
			case 404 -> "no such endpoint: " + exchange.getRequest().getMethod() + " " + exchange.getRequest().getPath();
			case 405 -> "method " + exchange.getRequest().getMethod() + " is not allowed on "
					+ exchange.getRequest().getPath();
			case 415 -> "unsupported media type; send Content-Type: application/json";
			default -> (ex.getReason() != null) ? ex.getReason() : HttpStatus.valueOf(status).getReasonPhrase();
		};
	}

	/**
	 * Builds an error body: RFC 9457 problem details ({@code type}, {@code title}, {@code status},
	 * {@code detail}) with two extension members, the protocol's {@code error} string (the same text
	 * as {@code detail}) and {@code request_id}, snake case like the rest of the protocol. The
	 * gateway writes the same shape, so a client parses one error format whichever layer answers.
	 * @param status the HTTP status
	 * @param message what went wrong, phrased for the client
	 * @param requestId the request id, or {@code null} when the request carried none
	 * @return the fields in their documented order; callers may add more (an unanswered ensemble
	 * adds {@code ensemble} and {@code members})
	 */
	public static Map<String, Object> problem(int status, String message, String requestId) {
		Map<String, Object> body = new LinkedHashMap<>();
		body.put("type", "about:blank");
		HttpStatus known = HttpStatus.resolve(status);
		body.put("title", (known != null) ? known.getReasonPhrase() : "Error");
		body.put("status", status);
		body.put("detail", message);
		body.put("error", message);
		if (requestId != null) {
			body.put("request_id", requestId);
		}
		return body;
	}

	/** The client's (or the gateway's) request id, when it is one ensemble-service would accept. */
	private static String requestId(ServerWebExchange exchange) {
		String id = exchange.getRequest().getHeaders().getFirst("X-Request-Id");
		return (id != null && REQUEST_ID.matcher(id).matches()) ? id : null;
	}

}
