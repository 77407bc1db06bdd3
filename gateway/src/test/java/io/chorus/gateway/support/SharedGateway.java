package io.chorus.gateway.support;

import java.util.Map;

/**
 * One gateway, with an ensemble-service stand-in and a direct-route model server stand-in,
 * shared by the integration test classes that do not need a configuration of their own (a
 * Spring context costs seconds on a small machine). Stopped when the test JVM exits.
 */
public final class SharedGateway {

	private static SharedGateway instance;

	private final StubUpstream ensembleService;

	private final StubUpstream modelServer;

	private final GatewayInstance gateway;

	private SharedGateway() {
		this.ensembleService = StubUpstream.start();
		this.modelServer = StubUpstream.start();
		Map<String, Object> properties = GatewayInstance.baseProperties(this.ensembleService.uri());
		properties.put("chorus.gateway.rate-limit.defaults.replenish-rate", "10000");
		properties.put("chorus.gateway.rate-limit.defaults.burst-capacity", "10000");
		properties.put("chorus.gateway.limits.max-body-size", "1KB");
		properties.put("chorus.gateway.direct-routes[0].id", "scorer");
		properties.put("chorus.gateway.direct-routes[0].uri", this.modelServer.uri());
		properties.put("chorus.gateway.cors.allowed-origins", "https://app.example.com");
		this.gateway = GatewayInstance.start(properties);
		Runtime.getRuntime().addShutdownHook(new Thread(() -> {
			this.gateway.close();
			this.ensembleService.close();
			this.modelServer.close();
		}));
	}

	/**
	 * Returns the shared gateway, starting it on first use.
	 * @return the gateway
	 */
	public static synchronized SharedGateway get() {
		if (instance == null) {
			instance = new SharedGateway();
		}
		instance.ensembleService.drain();
		instance.modelServer.drain();
		return instance;
	}

	public GatewayInstance gateway() {
		return this.gateway;
	}

	public StubUpstream ensembleService() {
		return this.ensembleService;
	}

	public StubUpstream modelServer() {
		return this.modelServer;
	}

}
