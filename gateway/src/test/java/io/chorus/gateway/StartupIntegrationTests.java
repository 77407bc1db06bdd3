package io.chorus.gateway;

import java.util.Map;

import io.chorus.gateway.support.GatewayInstance;
import io.chorus.gateway.support.StubUpstream;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.ExtendWith;

import org.springframework.boot.test.system.CapturedOutput;
import org.springframework.boot.test.system.OutputCaptureExtension;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

@ExtendWith(OutputCaptureExtension.class)
class StartupIntegrationTests {

	@Test
	void refusesToStartWithoutApiKeys() {
		Map<String, Object> properties = GatewayInstance.baseProperties("http://127.0.0.1:9");
		properties.keySet().removeIf((key) -> key.startsWith("chorus.gateway.auth."));
		assertThatThrownBy(() -> GatewayInstance.start(properties).close())
			.rootCause()
			.hasMessageStartingWith("No API keys configured")
			.hasMessageContaining("chorus.gateway.auth.enabled=false");
	}

	@Test
	void refusesToStartWithTheActuatorOnThePublicPort() {
		Map<String, Object> properties = GatewayInstance.baseProperties("http://127.0.0.1:9");
		properties.put("server.port", "18080");
		properties.put("management.server.port", "18080");
		assertThatThrownBy(() -> GatewayInstance.start(properties).close())
			.rootCause()
			.hasMessageContaining("must not be reachable on the public port");
	}

	@Test
	void refusesToStartWithATrustedProxyThatIsNoAddressOrRange() {
		Map<String, Object> properties = GatewayInstance.baseProperties("http://127.0.0.1:9");
		properties.put("chorus.gateway.trusted-proxies", "10.0.0.0/8,10.1.0.0/33");
		assertThatThrownBy(() -> GatewayInstance.start(properties).close())
			.rootCause()
			.hasMessageContaining("chorus.gateway.trusted-proxies: '10.1.0.0/33' is not an IP address or CIDR range");
	}

	@Test
	void startsWithAuthenticationDisabledExplicitlyAndSaysSo(CapturedOutput output) throws InterruptedException {
		try (StubUpstream upstream = StubUpstream.start()) {
			Map<String, Object> properties = GatewayInstance.baseProperties(upstream.uri());
			properties.keySet().removeIf((key) -> key.startsWith("chorus.gateway.auth."));
			properties.put("chorus.gateway.auth.enabled", "false");
			try (GatewayInstance gateway = GatewayInstance.start(properties)) {
				assertThat(output).contains("API key authentication is DISABLED");
				gateway.client().get().uri("/v2/health/live").exchange().expectStatus().isOk();
				assertThat(upstream.takeRequest().header("X-Chorus-Client")).isEqualTo("anonymous");
			}
		}
	}

	@Test
	void startsWithKeysFromAMountedFile(@org.junit.jupiter.api.io.TempDir java.nio.file.Path dir) throws Exception {
		java.nio.file.Path file = dir.resolve("keys");
		java.nio.file.Files.writeString(file, "# client:sha256[:ensembles]\nfile-client:"
				+ io.chorus.gateway.support.Hashes.sha256Hex("file-key") + ":fraud\n");
		try (StubUpstream upstream = StubUpstream.start()) {
			Map<String, Object> properties = GatewayInstance.baseProperties(upstream.uri());
			properties.keySet().removeIf((key) -> key.startsWith("chorus.gateway.auth."));
			properties.put("chorus.gateway.auth.keys-file", file.toString());
			try (GatewayInstance gateway = GatewayInstance.start(properties)) {
				gateway.client().get().uri("/v2/models/fraud").header("X-API-Key", "file-key")
					.exchange().expectStatus().isOk();
				gateway.client().get().uri("/v2/models/churn").header("X-API-Key", "file-key")
					.exchange().expectStatus().isForbidden();
				assertThat(upstream.takeRequest().header("X-Chorus-Client")).isEqualTo("file-client");
			}
		}
	}

}
