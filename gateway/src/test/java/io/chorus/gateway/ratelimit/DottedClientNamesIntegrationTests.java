package io.chorus.gateway.ratelimit;

import java.util.Map;

import io.chorus.gateway.support.GatewayInstance;
import io.chorus.gateway.support.Hashes;
import io.chorus.gateway.support.StubUpstream;
import org.junit.jupiter.api.Test;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

/**
 * A client name with dots ({@code partner.acme}) either binds whole, in brackets, or stops
 * start-up with the key named; it never silently falls back to the default limits.
 */
class DottedClientNamesIntegrationTests {

	private static final String PARTNER_KEY = "partner-acme-secret-key-0123";

	@Test
	void refusesADottedClientNameWithoutBracketsNamingTheKey() {
		Map<String, Object> properties = properties();
		properties.put("chorus.gateway.rate-limit.clients.partner.acme.replenish-rate", "1");
		assertThatThrownBy(() -> GatewayInstance.start(properties).close())
			.rootCause()
			.hasMessageContaining("chorus.gateway.rate-limit.clients.partner.acme.replenish-rate")
			.hasMessageContaining("clients[partner.acme]");
	}

	@Test
	void bindsADottedClientNameInBrackets() {
		try (StubUpstream upstream = StubUpstream.start()) {
			Map<String, Object> properties = properties();
			properties.put("chorus.gateway.ensemble-service.uri", upstream.uri());
			properties.put("chorus.gateway.rate-limit.clients[partner.acme].replenish-rate", "1");
			properties.put("chorus.gateway.rate-limit.clients[partner.acme].burst-capacity", "60");
			properties.put("chorus.gateway.rate-limit.clients[partner.acme].requested-tokens", "60");
			try (GatewayInstance gateway = GatewayInstance.start(properties)) {
				assertThat(status(gateway)).isEqualTo(200);
				assertThat(status(gateway)).as("one request a minute for partner.acme").isEqualTo(429);
			}
		}
	}

	private static int status(GatewayInstance gateway) {
		return gateway.client().get().uri("/v2/health/ready").header("X-API-Key", PARTNER_KEY)
			.exchange().expectBody().returnResult().getStatus().value();
	}

	private static Map<String, Object> properties() {
		Map<String, Object> properties = GatewayInstance.baseProperties("http://127.0.0.1:9");
		properties.put("chorus.gateway.auth.keys[2].client", "partner.acme");
		properties.put("chorus.gateway.auth.keys[2].sha256", Hashes.sha256Hex(PARTNER_KEY));
		return properties;
	}

}
