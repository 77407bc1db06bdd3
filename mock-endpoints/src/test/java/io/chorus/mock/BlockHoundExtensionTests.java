package io.chorus.mock;

import java.time.Duration;

import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.ExtendWith;
import reactor.core.publisher.Mono;

import static org.assertj.core.api.Assertions.assertThatThrownBy;

@ExtendWith(BlockHoundExtension.class)
class BlockHoundExtensionTests {

	@Test
	void blockingOnANonBlockingThreadFails() {
		assertThatThrownBy(() -> Mono.delay(Duration.ofMillis(1)).doOnNext((tick) -> {
			try {
				Thread.sleep(1);
			}
			catch (InterruptedException ex) {
				Thread.currentThread().interrupt();
			}
		}).block(Duration.ofSeconds(5))).hasMessageContaining("Blocking call");
	}

}
