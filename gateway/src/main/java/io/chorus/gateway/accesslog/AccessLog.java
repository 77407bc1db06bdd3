package io.chorus.gateway.accesslog;

import io.chorus.gateway.auth.Clients;
import io.chorus.gateway.auth.EnsembleTarget;
import io.chorus.gateway.clientaddress.ClientAddresses;
import io.chorus.gateway.metrics.Outcomes;
import io.chorus.gateway.requestid.RequestIds;
import io.micrometer.tracing.TraceContext;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import org.slf4j.spi.LoggingEventBuilder;
import reactor.core.publisher.SignalType;

import org.springframework.http.HttpStatusCode;
import org.springframework.http.server.reactive.ServerHttpRequest;
import org.springframework.http.server.reactive.ServerHttpResponse;
import org.springframework.web.server.ServerWebExchange;

/**
 * Writes the access event of a request once its response is done: one INFO event on logger
 * {@code io.chorus.gateway.access} with the fields as SLF4J key-value pairs, which the structured (JSON) console
 * formats render as separate fields. In text mode the message itself carries them. Never the API key: the client is
 * its configured name. {@code logback-spring.xml} sends this logger through an asynchronous appender.
 */
final class AccessLog {

	static final String LOGGER = "io.chorus.gateway.access";

	private static final Logger logger = LoggerFactory.getLogger(LOGGER);

	private final ClientAddresses clientAddresses;

	private final boolean structured;

	AccessLog(ClientAddresses clientAddresses, boolean structured) {
		this.clientAddresses = clientAddresses;
		this.structured = structured;
	}

	void write(AccessRecord record, ServerHttpResponse response, SignalType signal) {
		ServerWebExchange exchange = record.exchange;
		if (exchange == null || !logger.isInfoEnabled()) {
			return;
		}
		ServerHttpRequest request = record.request;
		String method = request.getMethod().name();
		String path = request.getPath().value();
		String outcome = Outcomes.of(exchange);
		if (outcome == null) {
			outcome = (signal == SignalType.CANCEL) ? "cancelled" : "-";
		}
		HttpStatusCode status = response.isCommitted() || signal != SignalType.CANCEL ? response.getStatusCode() : null;
		String client = Clients.of(exchange);
		String ensemble = EnsembleTarget.of(request.getPath().pathWithinApplication()).orElse(null);
		long durationMs = (System.nanoTime() - record.startNanos) / 1_000_000;
		long requestBytes = record.requestBytes.get();
		long responseBytes = record.responseBytes.get();
		String clientAddress = this.clientAddresses.of(request);
		String requestId = RequestIds.of(exchange);
		String statusText = (status != null) ? Integer.toString(status.value()) : "-";
		TraceContext trace = TraceIds.of(exchange);
		LoggingEventBuilder event = logger.atInfo();
		if (this.structured) {
			event.setMessage(method + " " + path + " " + statusText);
		}
		else {
			event.setMessage(method + " " + path + " status=" + statusText + " outcome=" + outcome + " client=" + client
					+ " ensemble=" + ((ensemble != null) ? ensemble : "-") + " durationMs=" + durationMs
					+ " requestBytes=" + requestBytes + " responseBytes=" + responseBytes + " clientAddress="
					+ clientAddress + " requestId=" + requestId
					+ ((trace != null) ? " traceId=" + trace.traceId() + " spanId=" + trace.spanId() : ""));
		}
		event.addKeyValue("method", method).addKeyValue("path", path);
		if (status != null) {
			event.addKeyValue("status", status.value());
		}
		event.addKeyValue("outcome", outcome).addKeyValue("client", client);
		if (ensemble != null) {
			event.addKeyValue("ensemble", ensemble);
		}
		event.addKeyValue("durationMs", durationMs)
			.addKeyValue("requestBytes", requestBytes)
			.addKeyValue("responseBytes", responseBytes)
			.addKeyValue("clientAddress", clientAddress)
			.addKeyValue(RequestIds.MDC_KEY, requestId);
		if (trace != null) {
			event.addKeyValue("traceId", trace.traceId()).addKeyValue("spanId", trace.spanId());
		}
		event.log();
	}

}
