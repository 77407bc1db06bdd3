package io.chorus.gateway.error;

import java.net.ConnectException;

import io.github.resilience4j.circuitbreaker.CallNotPermittedException;
import io.github.resilience4j.circuitbreaker.CircuitBreaker;
import org.junit.jupiter.api.Test;

import org.springframework.http.HttpStatus;
import org.springframework.web.server.ResponseStatusException;

import static org.assertj.core.api.Assertions.assertThat;

class ErrorClassifierTests {

	@Test
	void mapsUpstreamFailuresToTruthfulStatuses() {
		assertThat(status(new ConnectException("refused"))).isEqualTo(HttpStatus.SERVICE_UNAVAILABLE);
		assertThat(status(new IllegalStateException(new ConnectException("wrapped"))))
			.isEqualTo(HttpStatus.SERVICE_UNAVAILABLE);
		assertThat(status(CallNotPermittedException.createCallNotPermittedException(CircuitBreaker.ofDefaults("x"))))
			.isEqualTo(HttpStatus.SERVICE_UNAVAILABLE);
		assertThat(status(new ResponseStatusException(HttpStatus.GATEWAY_TIMEOUT, "Response took longer")))
			.isEqualTo(HttpStatus.GATEWAY_TIMEOUT);
		assertThat(status(new java.util.concurrent.TimeoutException())).isEqualTo(HttpStatus.GATEWAY_TIMEOUT);
	}

	@Test
	void keepsRejectionsAndHidesUnexpectedFailures() {
		assertThat(status(new GatewayRejection(HttpStatus.TOO_MANY_REQUESTS, "slow down")))
			.isEqualTo(HttpStatus.TOO_MANY_REQUESTS);
		ErrorClassifier.Classified unexpected = ErrorClassifier.classify(new NullPointerException("secret detail"),
				"upstream");
		assertThat(unexpected.status()).isEqualTo(HttpStatus.INTERNAL_SERVER_ERROR);
		assertThat(unexpected.message()).isEqualTo("internal gateway error");
		assertThat(unexpected.unexpected()).isTrue();
	}

	private static HttpStatus status(Throwable failure) {
		return ErrorClassifier.classify(failure, "upstream").status();
	}

}
