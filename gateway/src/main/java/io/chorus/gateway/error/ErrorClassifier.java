package io.chorus.gateway.error;

import java.net.ConnectException;
import java.net.UnknownHostException;
import java.nio.channels.ClosedChannelException;
import java.util.concurrent.TimeoutException;

import io.github.resilience4j.circuitbreaker.CallNotPermittedException;
import io.netty.channel.ConnectTimeoutException;
import io.netty.handler.timeout.ReadTimeoutException;
import reactor.netty.http.client.PrematureCloseException;

import org.springframework.cloud.gateway.support.NotFoundException;
import org.springframework.http.HttpStatus;
import org.springframework.http.HttpStatusCode;
import org.springframework.web.server.ResponseStatusException;

/**
 * Maps a failure to the status and message a client sees. The only place that decides it.
 */
final class ErrorClassifier {

	private ErrorClassifier() {
	}

	static Classified classify(Throwable failure, String upstream) {
		GatewayRejection rejection = GatewayRejection.find(failure);
		if (rejection != null) {
			return new Classified(rejection.status(), rejection.getMessage(), false);
		}
		if (failure instanceof CallNotPermittedException) {
			return new Classified(HttpStatus.SERVICE_UNAVAILABLE,
					upstream + " is unavailable: its circuit breaker is open", false);
		}
		if (failure instanceof ResponseStatusException rse) {
			return fromStatus(rse.getStatusCode(), rse.getReason(), upstream);
		}
		for (Throwable cause = failure; cause != null; cause = cause.getCause()) {
			if (cause instanceof TimeoutException || cause instanceof ReadTimeoutException
					|| cause instanceof org.springframework.cloud.gateway.support.TimeoutException) {
				return timeout(upstream);
			}
			if (cause instanceof ConnectException || cause instanceof ConnectTimeoutException
					|| cause instanceof UnknownHostException || cause instanceof NotFoundException) {
				return new Classified(HttpStatus.SERVICE_UNAVAILABLE, upstream + " is unavailable", false);
			}
			if (cause instanceof PrematureCloseException || cause instanceof ClosedChannelException) {
				return new Classified(HttpStatus.BAD_GATEWAY, upstream + " closed the connection early", false);
			}
		}
		return new Classified(HttpStatus.INTERNAL_SERVER_ERROR, "internal gateway error", true);
	}

	private static Classified fromStatus(HttpStatusCode code, String reason, String upstream) {
		HttpStatus status = HttpStatus.resolve(code.value());
		if (status == null) {
			status = HttpStatus.INTERNAL_SERVER_ERROR;
		}
		if (status == HttpStatus.GATEWAY_TIMEOUT) {
			return timeout(upstream);
		}
		if (status == HttpStatus.NOT_FOUND) {
			return new Classified(status, "no route for this path", false);
		}
		if (status == HttpStatus.SERVICE_UNAVAILABLE) {
			return new Classified(status, upstream + " is unavailable", false);
		}
		String message = (reason != null && !reason.isBlank() && status.is4xxClientError()) ? reason
				: status.getReasonPhrase().toLowerCase(java.util.Locale.ROOT);
		return new Classified(status, message, status.is5xxServerError());
	}

	private static Classified timeout(String upstream) {
		return new Classified(HttpStatus.GATEWAY_TIMEOUT, upstream + " did not answer in time", false);
	}

	record Classified(HttpStatus status, String message, boolean unexpected) {
	}

}
