package io.chorus.gateway.accesslog;

import java.time.Duration;

import io.chorus.gateway.support.ConsoleCapture;
import io.chorus.gateway.support.GatewayInstance;
import io.chorus.gateway.support.SharedGateway;
import org.junit.jupiter.api.Test;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * Without {@code logging.structured.format.console} (the jar's and {@code ./chorus}'s default) the access event is one
 * readable text line with the same fields.
 */
class TextAccessLogIntegrationTests {

	@Test
	void writesOneReadableLinePerRequest() throws InterruptedException {
		SharedGateway shared = SharedGateway.get();
		try (ConsoleCapture console = ConsoleCapture.start()) {
			shared.gateway().client().get().uri("/v2/models/fraud").header("X-API-Key", GatewayInstance.ACME_KEY)
				.header("X-Request-Id", "text-line-1")
				.exchange()
				.expectStatus().isOk();
			String line = awaitLine(console, "requestId=text-line-1");
			assertThat(line).doesNotStartWith("{")
				.contains(" INFO ")
				.contains("io.chorus.gateway.access")
				.contains("GET /v2/models/fraud status=200 outcome=success client=acme ensemble=fraud durationMs=")
				.contains("requestBytes=0 responseBytes=34 clientAddress=127.0.0.1 requestId=text-line-1")
				.doesNotContain(GatewayInstance.ACME_KEY);
		}
		shared.ensembleService().drain();
	}

	private static String awaitLine(ConsoleCapture console, String marker) throws InterruptedException {
		long deadline = System.nanoTime() + Duration.ofSeconds(15).toNanos();
		while (System.nanoTime() < deadline) {
			for (String line : console.text().split("\n")) {
				if (line.contains(marker)) {
					return line;
				}
			}
			Thread.sleep(50);
		}
		throw new AssertionError("no line with " + marker + " in:\n" + console.text());
	}

}
