package io.chorus.ensemble.support;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.net.ServerSocket;

import io.chorus.mock.MockServer;

/**
 * Mock model servers shared by every integration test in the JVM, so that Spring's test context cache
 * can share one ensemble-service across test classes.
 */
public final class TestMocks {

	/** Demo models with no latency and no faults; tests never change them. */
	public static final MockServer HEALTHY = MockServer.startDemo();

	/** Demo models whose behaviour tests change; reset before each test. */
	public static final MockServer FAULTY = MockServer.startDemo();

	/** Demo models with fixed latencies: iris-sepal 100 ms, iris-petal 200 ms, iris-full 300 ms. */
	public static final MockServer TIMED = timed();

	/** The three Iris classifiers, each answering after a fixed 10 ms, as a model server with real work might. */
	public static final MockServer PACED = paced();

	/** A URL where nothing listens: connections are refused. */
	public static final String DOWN = "http://127.0.0.1:" + freePort();

	private TestMocks() {
	}

	private static MockServer timed() {
		MockServer server = MockServer.startDemo();
		server.behavior("iris-sepal", "{\"latency\": {\"type\": \"fixed\", \"ms\": 100}}");
		server.behavior("iris-petal", "{\"latency\": {\"type\": \"fixed\", \"ms\": 200}}");
		server.behavior("iris-full", "{\"latency\": {\"type\": \"fixed\", \"ms\": 300}}");
		return server;
	}

	private static MockServer paced() {
		MockServer server = MockServer.startDemo();
		for (String model : new String[] { "iris-sepal", "iris-petal", "iris-full" }) {
			server.behavior(model, "{\"latency\": {\"type\": \"fixed\", \"ms\": 10}}");
		}
		return server;
	}

	private static int freePort() {
		try (ServerSocket socket = new ServerSocket(0)) {
			return socket.getLocalPort();
		}
		catch (IOException ex) {
			throw new UncheckedIOException(ex);
		}
	}

}
