package io.chorus.gateway.accesslog;

import io.chorus.gateway.management.ManagementPort;
import reactor.core.publisher.Mono;

import org.springframework.http.server.reactive.HttpHandler;
import org.springframework.http.server.reactive.ServerHttpRequest;
import org.springframework.http.server.reactive.ServerHttpResponse;

/**
 * Wraps the whole server handler, outside the web filters and the error handler, so the access event is written
 * when the response is really done (the status the error handler set, every body byte the server took, the
 * latency to the last byte) or the client went away, and so a body written by the error handler is counted too.
 */
final class AccessLoggingHttpHandler implements HttpHandler {

	private final HttpHandler delegate;

	private final AccessLog log;

	private final ManagementPort managementPort;

	AccessLoggingHttpHandler(HttpHandler delegate, AccessLog log, ManagementPort managementPort) {
		this.delegate = delegate;
		this.log = log;
		this.managementPort = managementPort;
	}

	@Override
	public Mono<Void> handle(ServerHttpRequest request, ServerHttpResponse response) {
		if (this.managementPort.isManagementRequest(request)) {
			return this.delegate.handle(request, response);
		}
		AccessRecord record = new AccessRecord(request);
		CountingResponse counting = new CountingResponse(response, record);
		return this.delegate.handle(new CountingRequest(request, record), counting)
			.doFinally((signal) -> this.log.write(record, counting, signal));
	}

}
