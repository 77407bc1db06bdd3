package io.chorus.mock;

import org.junit.jupiter.api.extension.BeforeAllCallback;
import org.junit.jupiter.api.extension.ExtensionContext;
import reactor.blockhound.BlockHound;

/**
 * Installs BlockHound once per JVM, so a blocking call on a Netty event loop or a Reactor non-blocking thread
 * fails the test that triggered it (Reactor's and Netty's integrations are picked up from the class path).
 */
public final class BlockHoundExtension implements BeforeAllCallback {

	static {
		BlockHound.install();
	}

	@Override
	public void beforeAll(ExtensionContext context) {
		// Installation happens in the static initializer, exactly once.
	}

}
