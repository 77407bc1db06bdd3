package io.chorus.mock;

import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

import org.springframework.context.SmartLifecycle;
import org.springframework.stereotype.Component;

/**
 * Starts the configured {@link MockServer} with the application context and closes it on shutdown.
 */
@Component
class MockServerLifecycle implements SmartLifecycle {

	private static final Logger logger = LoggerFactory.getLogger(MockServerLifecycle.class);

	private final MockSettings settings;

	private volatile MockServer server;

	MockServerLifecycle(MockSettings settings) {
		this.settings = settings;
	}

	@Override
	public void start() {
		this.server = MockServer.start(this.settings);
		logger.info("Mock models {} serving on {} (admin on port {})", this.server.models(), this.server.baseUrl(),
				this.server.adminPort());
	}

	@Override
	public void stop() {
		MockServer running = this.server;
		this.server = null;
		if (running != null) {
			running.close();
		}
	}

	@Override
	public boolean isRunning() {
		return this.server != null;
	}

	/**
	 * The running server, for tests of the application.
	 * @return the server, or {@code null} when stopped
	 */
	MockServer server() {
		return this.server;
	}

}
