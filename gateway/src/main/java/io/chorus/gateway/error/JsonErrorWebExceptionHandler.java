package io.chorus.gateway.error;

import java.nio.charset.StandardCharsets;
import java.util.Map;

import io.chorus.gateway.requestid.RequestIds;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import org.slf4j.MDC;
import reactor.core.publisher.Mono;
import tools.jackson.databind.json.JsonMapper;

import org.springframework.boot.webflux.error.ErrorWebExceptionHandler;
import org.springframework.cloud.gateway.route.Route;
import org.springframework.cloud.gateway.support.ServerWebExchangeUtils;
import org.springframework.core.annotation.Order;
import org.springframework.core.io.buffer.DataBuffer;
import org.springframework.http.HttpHeaders;
import org.springframework.http.server.reactive.ServerHttpResponse;
import org.springframework.stereotype.Component;
import org.springframework.web.server.ServerWebExchange;

/**
 * Writes every failure as RFC 9457 problem details ({@link ProblemDetails}), the error shape
 * ensemble-service uses too. No stack trace reaches a client; unexpected failures are logged
 * with the request id.
 */
@Component
@Order(-2)
final class JsonErrorWebExceptionHandler implements ErrorWebExceptionHandler {

	private static final Logger log = LoggerFactory.getLogger(JsonErrorWebExceptionHandler.class);

	private final JsonMapper jsonMapper;

	JsonErrorWebExceptionHandler(JsonMapper jsonMapper) {
		this.jsonMapper = jsonMapper;
	}

	@Override
	public Mono<Void> handle(ServerWebExchange exchange, Throwable failure) {
		ServerHttpResponse response = exchange.getResponse();
		String requestId = RequestIds.of(exchange);
		ErrorClassifier.Classified classified = ErrorClassifier.classify(failure, upstreamName(exchange));
		// The request id in the MDC for these lines alone (set and removed on this thread): a JSON line carries it as
		// a field, and no other request's line can pick it up.
		try (MDC.MDCCloseable scope = MDC.putCloseable(RequestIds.MDC_KEY, requestId)) {
			if (classified.unexpected()) {
				log.error("Request {} {} failed [requestId={}]", exchange.getRequest().getMethod(),
						exchange.getRequest().getPath(), requestId, failure);
			}
			else if (classified.status().is5xxServerError()) {
				log.warn("Request {} {} answered {}: {} [requestId={}, cause={}]", exchange.getRequest().getMethod(),
						exchange.getRequest().getPath(), classified.status().value(), classified.message(), requestId,
						failure.toString());
			}
		}
		if (response.isCommitted()) {
			// Headers are gone already (a failure mid-body): all we can do is end the connection.
			return Mono.error(failure);
		}
		Map<String, Object> body = ProblemDetails.of(classified.status(), classified.message(), requestId);
		byte[] bytes = this.jsonMapper.writeValueAsString(body).getBytes(StandardCharsets.UTF_8);
		response.setStatusCode(classified.status());
		HttpHeaders headers = response.getHeaders();
		headers.remove(HttpHeaders.CONTENT_ENCODING);
		headers.remove(HttpHeaders.TRANSFER_ENCODING);
		headers.setContentType(ProblemDetails.MEDIA_TYPE);
		headers.setContentLength(bytes.length);
		DataBuffer buffer = response.bufferFactory().wrap(bytes);
		return response.writeWith(Mono.just(buffer));
	}

	private static String upstreamName(ServerWebExchange exchange) {
		Route route = exchange.getAttribute(ServerWebExchangeUtils.GATEWAY_ROUTE_ATTR);
		return (route != null) ? "upstream '" + route.getId() + "'" : "upstream";
	}

}
