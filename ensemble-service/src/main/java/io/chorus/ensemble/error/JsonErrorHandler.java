package io.chorus.ensemble.error;

import java.util.LinkedHashMap;
import java.util.Map;

import org.apache.commons.logging.Log;
import org.apache.commons.logging.LogFactory;
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
 * The one place where failures become HTTP: every error is a JSON body with the protocol's {@code error}
 * string and a {@code status}; never a stack trace. Runs before Spring Boot's default error handler.
 */
@Order(-2)
public final class JsonErrorHandler implements WebExceptionHandler {

	private static final Log logger = LogFactory.getLog(JsonErrorHandler.class);

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
			logger.error("Unhandled error on " + exchange.getRequest().getPath(), ex);
		}
		response.setStatusCode(HttpStatus.valueOf(status));
		response.getHeaders().setContentType(MediaType.APPLICATION_JSON);
		DataBuffer buffer = response.bufferFactory().wrap(body(status, message));
		return response.writeWith(Mono.just(buffer));
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
	 * Renders an error body.
	 * @param status the HTTP status
	 * @param message the message
	 * @return the JSON bytes
	 */
	public static byte[] body(int status, String message) {
		Map<String, Object> body = new LinkedHashMap<>();
		body.put("error", message);
		body.put("status", status);
		return JsonBodies.write(body);
	}

}
