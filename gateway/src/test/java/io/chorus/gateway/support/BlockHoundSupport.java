package io.chorus.gateway.support;

import reactor.blockhound.BlockHound;

/**
 * Installs BlockHound once per test JVM: a blocking call on an event loop then fails the
 * request, and so the test.
 */
public final class BlockHoundSupport {

	private static boolean installed;

	private BlockHoundSupport() {
	}

	public static synchronized void install() {
		if (!installed) {
			BlockHound.install();
			installed = true;
		}
	}

}
