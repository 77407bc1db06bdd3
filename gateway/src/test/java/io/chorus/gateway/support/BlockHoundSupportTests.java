package io.chorus.gateway.support;

import java.time.Duration;

import org.junit.jupiter.api.Test;
import reactor.blockhound.BlockingOperationError;
import reactor.core.publisher.Mono;
import reactor.core.scheduler.Schedulers;
import reactor.test.StepVerifier;

/**
 * Proves the integration tests' BlockHound is live: a sleep on a non-blocking thread fails.
 */
class BlockHoundSupportTests {

	@Test
	void blockingOnANonBlockingThreadFails() {
		BlockHoundSupport.install();
		Mono<Void> blocking = Mono.<Void>fromRunnable(() -> {
			try {
				Thread.sleep(1);
			}
			catch (InterruptedException ex) {
				Thread.currentThread().interrupt();
			}
		}).subscribeOn(Schedulers.parallel());
		StepVerifier.create(blocking).expectError(BlockingOperationError.class).verify(Duration.ofSeconds(10));
	}

}
