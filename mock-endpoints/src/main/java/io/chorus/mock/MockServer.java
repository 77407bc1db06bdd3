package io.chorus.mock;

import java.util.ArrayList;
import java.util.Collections;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.TimeUnit;

import io.chorus.mock.admin.AdminHandler;
import io.chorus.mock.behavior.BehaviorJson;
import io.chorus.mock.behavior.BehaviorValidation;
import io.chorus.mock.behavior.ModelBehavior;
import io.chorus.mock.model.ModelCatalog;
import io.chorus.mock.model.ServedModel;
import io.chorus.mock.protocol.InferenceHandler;
import io.netty.channel.group.ChannelGroup;
import io.netty.channel.group.DefaultChannelGroup;
import io.netty.util.concurrent.GlobalEventExecutor;
import reactor.netty.DisposableServer;
import reactor.netty.http.HttpProtocol;
import reactor.netty.http.server.HttpServer;

/**
 * A running mock model server: an Open Inference Protocol endpoint and an admin endpoint on two ports,
 * serving deterministic demo models with injectable latency and faults.
 *
 * <p>The inference port speaks HTTP/1.1 and HTTP/2 cleartext on the same port: h2c with prior knowledge (the
 * client starts with the HTTP/2 preface) or through an HTTP/1.1 {@code Upgrade: h2c}, so one mock serves
 * ensemble members configured either way.
 *
 * <p>Plain Java, no Spring needed; tests start one on free ports with {@link #startDemo()} and stop it with
 * {@link #close()}:
 *
 * <pre>{@code
 * try (MockServer mock = MockServer.startDemo()) {
 *     mock.behavior("iris-full", "{\"latency\": {\"type\": \"fixed\", \"ms\": 200}, \"errorRate\": 0.1}");
 *     // call mock.baseUrl() + "/v2/models/iris-full/infer"
 * }
 * }</pre>
 */
public final class MockServer implements AutoCloseable {

	/** The demo models, in the order {@code application.yml} serves them. */
	public static final List<String> DEMO_MODELS = List.of("iris-sepal", "iris-petal", "iris-full",
			"iris-petal-width", "iris-petal-width-petal", "iris-half-sl-sw", "iris-half-sl-pl", "iris-half-sl-pw",
			"iris-half-sw-pl", "iris-half-sw-pw", "iris-half-pl-pw", "iris-half-pw-from-sl", "iris-half-pw-from-sw",
			"iris-half-pw-from-pl");

	private final MockSettings settings;

	private final Map<String, ServedModel> models;

	/**
	 * Most concurrent HTTP/2 streams a client may open on one connection: far above any test's or benchmark's
	 * calls in flight, so that a client multiplexing its calls needs one connection.
	 */
	static final long MAX_CONCURRENT_STREAMS = 100_000;

	private final ChannelGroup connections = new DefaultChannelGroup(GlobalEventExecutor.INSTANCE);

	/** TCP connections accepted on the inference port since start. */
	private final java.util.concurrent.atomic.AtomicLong accepted = new java.util.concurrent.atomic.AtomicLong();

	private final DisposableServer server;

	private final DisposableServer admin;

	private MockServer(MockSettings settings, Map<String, ServedModel> models) {
		this.settings = settings;
		this.models = models;
		this.server = HttpServer.create()
			.host(settings.host())
			.port(settings.port())
			.protocol(HttpProtocol.HTTP11, HttpProtocol.H2C)
			.http2Settings((h2) -> h2.maxConcurrentStreams(MAX_CONCURRENT_STREAMS))
			// A client that asks to upgrade with a POST (the JDK's HttpClient does by default on http:// URLs)
			// has its body buffered during the upgrade: allow bodies up to the usual limit (the default, 0,
			// answers such a request 413).
			.httpRequestDecoder((decoder) -> decoder.h2cMaxContentLength(settings.maxBodyBytes()))
			// Called once per accepted TCP connection (HTTP/2 streams are child channels and do not count).
			.doOnChannelInit((observer, channel, address) -> this.accepted.incrementAndGet())
			.channelGroup(this.connections)
			.handle(new InferenceHandler(models, settings.maxBodyBytes()))
			.bindNow();
		try {
			this.admin = HttpServer.create()
				.host(settings.host())
				.port(settings.resolvedAdminPort())
				.channelGroup(this.connections)
				.handle(new AdminHandler(models))
				.bindNow();
		}
		catch (RuntimeException ex) {
			this.server.disposeNow();
			throw ex;
		}
	}

	/**
	 * Starts the demo models with no latency and no faults on free ports of 127.0.0.1.
	 * @return the running server
	 */
	public static MockServer startDemo() {
		return start(MockSettings.onRandomPorts(DEMO_MODELS.stream().map(MockSettings.ModelSettings::of).toList()));
	}

	/**
	 * Starts a server; blocks until both ports are bound (call it from a test or {@code main}, not an event loop).
	 * @param settings the same settings {@code application.yml} binds to under {@code mock}
	 * @return the running server
	 * @throws IllegalArgumentException when the settings name an unknown function, repeat a model name or hold an
	 *         invalid behaviour (the message names every problem)
	 */
	public static MockServer start(MockSettings settings) {
		List<String> problems = new ArrayList<>();
		Map<String, ServedModel> models = new LinkedHashMap<>();
		if (settings.models().isEmpty()) {
			problems.add("mock.models must list at least one model");
		}
		for (MockSettings.ModelSettings model : settings.models()) {
			if (models.containsKey(model.name())) {
				problems.add("model '" + model.name() + "' is listed twice");
			}
			if (!ModelCatalog.functions().contains(model.function())) {
				problems.add("model '" + model.name() + "': unknown function '" + model.function() + "'; known: "
						+ ModelCatalog.functions());
				continue;
			}
			BehaviorValidation.problems(model.behavior())
				.forEach((p) -> problems.add("model '" + model.name() + "': behavior." + p));
			models.put(model.name(), ServedModel.of(model.name(), model.version(),
					ModelCatalog.get(model.function()), new ModelBehavior(model.behavior())));
		}
		if (!problems.isEmpty()) {
			throw new IllegalArgumentException(String.join("; ", problems));
		}
		return new MockServer(settings, Collections.unmodifiableMap(models));
	}

	/**
	 * The bound inference port.
	 * @return the port
	 */
	public int port() {
		return this.server.port();
	}

	/**
	 * The bound admin port.
	 * @return the port
	 */
	public int adminPort() {
		return this.admin.port();
	}

	/**
	 * How many TCP connections the inference port has accepted since start (whatever protocol they spoke).
	 * @return the count
	 */
	public long connectionsAccepted() {
		return this.accepted.get();
	}

	/**
	 * The base URL of the inference endpoint.
	 * @return for example {@code http://127.0.0.1:9101}
	 */
	public String baseUrl() {
		return "http://" + this.settings.host() + ":" + port();
	}

	/**
	 * The base URL of the admin endpoint.
	 * @return for example {@code http://127.0.0.1:10101}
	 */
	public String adminUrl() {
		return "http://" + this.settings.host() + ":" + adminPort();
	}

	/**
	 * The names of the served models.
	 * @return the names, in configuration order
	 */
	public List<String> models() {
		return List.copyOf(this.models.keySet());
	}

	/**
	 * Replaces a model's behaviour from the next request on, exactly as {@code PUT /admin/models/{name}/behavior}.
	 * @param model the model name
	 * @param behaviorJson the behaviour JSON; omitted fields take their defaults
	 * @throws IllegalArgumentException for an unknown model, or naming each unknown or invalid field
	 */
	public void behavior(String model, String behaviorJson) {
		served(model).behavior().replace(BehaviorJson.read(behaviorJson));
	}

	/**
	 * Restores a model's start-up behaviour, as {@code DELETE /admin/models/{name}/behavior}.
	 * @param model the model name
	 */
	public void resetBehavior(String model) {
		served(model).behavior().reset();
	}

	/**
	 * A snapshot of a model's request counters.
	 * @param model the model name
	 * @return the stats
	 */
	public ModelStats stats(String model) {
		return served(model).stats().snapshot();
	}

	/**
	 * The last {@code traceparent} header values a model received, oldest first.
	 * @param model the model name
	 * @return up to 100 values
	 */
	public List<String> recentTraceparents(String model) {
		return served(model).stats().recentTraceparents();
	}

	/**
	 * The last {@code X-Chorus-Deadline-Ms} header values a model received, as sent, oldest first.
	 * @param model the model name
	 * @return up to 100 values
	 */
	public List<String> recentDeadlines(String model) {
		return served(model).stats().recentDeadlines();
	}

	/** Zeroes every model's counters, as {@code POST /admin/stats/reset}. */
	public void resetStats() {
		this.models.values().forEach((m) -> m.stats().reset());
	}

	/**
	 * Closes every open connection (including hanging requests) and unbinds both ports, now.
	 */
	@Override
	public void close() {
		this.server.dispose();
		this.admin.dispose();
		this.connections.close().awaitUninterruptibly(5, TimeUnit.SECONDS);
		this.server.onDispose().block(java.time.Duration.ofSeconds(5));
		this.admin.onDispose().block(java.time.Duration.ofSeconds(5));
	}

	private ServedModel served(String model) {
		ServedModel served = this.models.get(model);
		if (served == null) {
			throw new IllegalArgumentException("unknown model '" + model + "'; served: " + this.models.keySet());
		}
		return served;
	}

}
