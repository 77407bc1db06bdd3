package io.chorus.gateway.management;

import java.net.InetSocketAddress;

import org.springframework.boot.web.server.context.WebServerInitializedEvent;
import org.springframework.context.ApplicationListener;
import org.springframework.core.env.Environment;
import org.springframework.http.server.reactive.ServerHttpRequest;
import org.springframework.stereotype.Component;
import org.springframework.web.server.ServerWebExchange;

/**
 * Knows the management server's port, so the public edge filters can step aside for it.
 *
 * <p>Spring Boot builds the management server's handler from its own child context, but a
 * child context also sees the parent's {@code WebFilter} beans. Without this check the API key
 * and rate-limit filters would guard {@code /actuator/prometheus} too. It also refuses to start
 * when the management server would share the public port, because the actuator must never be
 * reachable where clients are.
 */
@Component
public final class ManagementPort implements ApplicationListener<WebServerInitializedEvent> {

	private static final String MANAGEMENT_NAMESPACE = "management";

	private volatile int port = -1;

	ManagementPort(Environment environment) {
		String management = environment.getProperty("management.server.port");
		String server = environment.getProperty("server.port", "8080");
		if (management == null || management.isBlank()) {
			throw new IllegalStateException("management.server.port is not set: the actuator would share the public "
					+ "port. Set it to a port of its own (or -1 to turn the management server off).");
		}
		if (management.trim().equals(server.trim()) && !"0".equals(server.trim())) {
			throw new IllegalStateException("management.server.port (" + management
					+ ") equals server.port: the actuator must not be reachable on the public port.");
		}
	}

	@Override
	public void onApplicationEvent(WebServerInitializedEvent event) {
		if (MANAGEMENT_NAMESPACE.equals(event.getApplicationContext().getServerNamespace())) {
			this.port = event.getWebServer().getPort();
		}
	}

	/**
	 * Returns the port the management server listens on.
	 * @return the port, or -1 before it started (or when it is off)
	 */
	public int port() {
		return this.port;
	}

	/**
	 * Tells whether a request arrived on the management server.
	 * @param exchange the exchange
	 * @return {@code true} for management traffic, which the public filters leave alone
	 */
	public boolean isManagementRequest(ServerWebExchange exchange) {
		return isManagementRequest(exchange.getRequest());
	}

	/**
	 * Tells whether a request arrived on the management server.
	 * @param request the request
	 * @return {@code true} for management traffic
	 */
	public boolean isManagementRequest(ServerHttpRequest request) {
		InetSocketAddress local = request.getLocalAddress();
		return local != null && local.getPort() == this.port;
	}

}
