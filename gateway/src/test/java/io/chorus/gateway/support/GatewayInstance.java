package io.chorus.gateway.support;

import java.time.Duration;
import java.util.LinkedHashMap;
import java.util.Map;

import io.chorus.gateway.GatewayApplication;
import io.chorus.gateway.management.ManagementPort;

import org.springframework.boot.builder.SpringApplicationBuilder;
import org.springframework.boot.web.server.context.WebServerApplicationContext;
import org.springframework.context.ConfigurableApplicationContext;
import org.springframework.test.web.reactive.server.WebTestClient;

/**
 * A whole gateway application on random ports of 127.0.0.1, started and stopped by a test.
 * Request paths run under BlockHound.
 */
public final class GatewayInstance implements AutoCloseable {

	/** A key of the test client {@code acme}, allowed every ensemble. */
	public static final String ACME_KEY = "acme-secret-key-0123456789";

	/** A key of the test client {@code limited}, allowed only the ensemble {@code fraud}. */
	public static final String LIMITED_KEY = "limited-secret-key-9876543210";

	private final ConfigurableApplicationContext context;

	private GatewayInstance(ConfigurableApplicationContext context) {
		this.context = context;
	}

	/**
	 * Properties every test gateway shares: random loopback ports and the two test keys.
	 * @param upstreamUri the ensemble-service stand-in
	 * @return mutable properties to add to
	 */
	public static Map<String, Object> baseProperties(String upstreamUri) {
		Map<String, Object> properties = new LinkedHashMap<>();
		properties.put("server.port", "0");
		properties.put("server.address", "127.0.0.1");
		properties.put("management.server.port", "0");
		properties.put("management.server.address", "127.0.0.1");
		properties.put("chorus.gateway.ensemble-service.uri", upstreamUri);
		// The warm-up's liveness calls would land in the stubs' received requests; warmup/ tests turn it on.
		properties.put("chorus.gateway.warmup.enabled", "false");
		properties.put("chorus.gateway.auth.keys[0].client", "acme");
		properties.put("chorus.gateway.auth.keys[0].sha256", Hashes.sha256Hex(ACME_KEY));
		properties.put("chorus.gateway.auth.keys[1].client", "limited");
		properties.put("chorus.gateway.auth.keys[1].sha256", Hashes.sha256Hex(LIMITED_KEY));
		properties.put("chorus.gateway.auth.keys[1].ensembles", "fraud");
		return properties;
	}

	/**
	 * Starts a gateway.
	 * @param properties its configuration
	 * @return the running gateway
	 */
	public static GatewayInstance start(Map<String, Object> properties) {
		BlockHoundSupport.install();
		// As command-line arguments: they outrank application.yml (builder "properties" are only defaults).
		String[] args = properties.entrySet().stream().map((e) -> "--" + e.getKey() + "=" + e.getValue()).toArray(String[]::new);
		return new GatewayInstance(new SpringApplicationBuilder(GatewayApplication.class, IsolatedNettyResources.class).run(args));
	}

	public int port() {
		return ((WebServerApplicationContext) this.context).getWebServer().getPort();
	}

	public int managementPort() {
		return this.context.getBean(ManagementPort.class).port();
	}

	public WebTestClient client() {
		return WebTestClient.bindToServer().baseUrl("http://127.0.0.1:" + port()).responseTimeout(Duration.ofSeconds(30)).build();
	}

	public WebTestClient management() {
		return WebTestClient.bindToServer()
			.baseUrl("http://127.0.0.1:" + managementPort())
			.responseTimeout(Duration.ofSeconds(30))
			.build();
	}

	public ConfigurableApplicationContext context() {
		return this.context;
	}

	@Override
	public void close() {
		this.context.close();
	}

}
