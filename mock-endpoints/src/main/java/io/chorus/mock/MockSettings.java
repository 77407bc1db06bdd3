package io.chorus.mock;

import java.util.List;

import jakarta.validation.Valid;
import jakarta.validation.constraints.Max;
import jakarta.validation.constraints.Min;
import jakarta.validation.constraints.NotBlank;
import jakarta.validation.constraints.NotEmpty;

import org.springframework.boot.context.properties.ConfigurationProperties;
import org.springframework.boot.context.properties.bind.DefaultValue;
import org.springframework.validation.annotation.Validated;

/**
 * Configuration of one mock server instance: where it listens and which models it serves with which
 * behaviour. Bound from YAML under the prefix {@code mock}, or built in Java for embedded use.
 *
 * @param host the address both servers bind to
 * @param port the port of the inference (Open Inference Protocol) server; 0 picks a free port
 * @param adminPort the port of the admin API; unset means {@code port + 1000}, or 0 when {@code port} is 0
 * @param maxBodyBytes the largest request body accepted; larger bodies get 413
 * @param models the models served, each with its start-up behaviour
 */
@Validated
@ConfigurationProperties(prefix = "mock", ignoreUnknownFields = false)
public record MockSettings(@DefaultValue("127.0.0.1") @NotBlank String host,
		@DefaultValue("9101") @Min(0) @Max(65535) int port, @Min(0) @Max(65535) Integer adminPort,
		@DefaultValue("8388608") @Min(1) int maxBodyBytes, @NotEmpty List<@Valid ModelSettings> models) {

	/** Copies the model list. */
	public MockSettings {
		host = (host == null) ? "127.0.0.1" : host;
		models = (models == null) ? List.of() : List.copyOf(models);
	}

	/**
	 * Settings with the given models on free ports of 127.0.0.1.
	 * @param models the models to serve
	 * @return the settings
	 */
	public static MockSettings onRandomPorts(List<ModelSettings> models) {
		return new MockSettings("127.0.0.1", 0, 0, 8 * 1024 * 1024, models);
	}

	/**
	 * The admin port to bind, resolving the default.
	 * @return the explicit admin port, or {@code port + 1000}, or 0 when {@code port} is 0
	 */
	public int resolvedAdminPort() {
		if (this.adminPort != null) {
			return this.adminPort;
		}
		return (this.port == 0) ? 0 : this.port + 1000;
	}

	/**
	 * One served model.
	 *
	 * @param name the name clients use in URLs ({@code /v2/models/{name}/infer})
	 * @param function the demo function that computes the answers (for example {@code iris-full}); unset means {@code name}
	 * @param version the version reported in metadata and responses
	 * @param behavior the start-up latency and fault behaviour; unset means no delay and no faults
	 */
	public record ModelSettings(@NotBlank String name, String function, @DefaultValue("1") String version,
			@Valid BehaviorSettings behavior) {

		/** Applies defaults. */
		public ModelSettings {
			function = (function == null || function.isBlank()) ? name : function;
			version = (version == null || version.isBlank()) ? "1" : version;
			behavior = (behavior == null) ? BehaviorSettings.NONE : behavior;
		}

		/**
		 * A model that runs {@code name}'s demo function with no delay and no faults.
		 * @param name the model and function name
		 * @return the settings
		 */
		public static ModelSettings of(String name) {
			return new ModelSettings(name, name, "1", BehaviorSettings.NONE);
		}

	}

	/**
	 * Latency and faults of one model. The fault rates are probabilities of one uniform draw per request,
	 * so they must sum to at most 1; the rest of the requests are answered normally.
	 *
	 * @param latency the delay before every answer (also before error, close, malformed and trickled answers)
	 * @param seed the seed of the model's random generator; unset means a fresh seed per start
	 * @param errorRate the fraction of requests answered with {@code errorStatus} and a JSON error body
	 * @param errorStatus the HTTP status of injected errors, 400 to 599
	 * @param hangRate the fraction of requests that never get a response
	 * @param closeRate the fraction of requests whose connection is closed without a response
	 * @param malformedRate the fraction of requests answered 200 with a truncated, invalid JSON body
	 * @param wrongShapeRate the fraction of requests answered 200 with the first output in the wrong shape
	 * @param trickleRate the fraction of requests whose correct body is sent slowly in small chunks
	 * @param trickleMs how long a trickled body takes to send, in milliseconds
	 */
	public record BehaviorSettings(LatencySettings latency, Long seed, double errorRate,
			@DefaultValue("500") int errorStatus, double hangRate, double closeRate, double malformedRate,
			double wrongShapeRate, double trickleRate, @DefaultValue("1000") long trickleMs) {

		/** No delay and no faults. */
		public static final BehaviorSettings NONE = new BehaviorSettings(null, null, 0, 500, 0, 0, 0, 0, 0, 1000);

		/** Applies defaults. */
		public BehaviorSettings {
			latency = (latency == null) ? LatencySettings.NONE : latency;
		}

	}

	/**
	 * A latency distribution, in milliseconds. Only the fields of the chosen {@code type} are used.
	 *
	 * @param type {@code fixed}, {@code uniform}, {@code normal} or {@code lognormal}
	 * @param ms the delay of {@code fixed}
	 * @param minMs the lower bound of {@code uniform}
	 * @param maxMs the upper bound of {@code uniform}
	 * @param meanMs the mean of {@code normal} (samples below 0 are clipped to 0)
	 * @param stddevMs the standard deviation of {@code normal}
	 * @param medianMs the median of {@code lognormal}
	 * @param sigma the shape (standard deviation of the logarithm) of {@code lognormal}
	 * @param spike an optional slow-call mix applied on top of the distribution
	 */
	public record LatencySettings(@DefaultValue("fixed") String type, double ms, double minMs, double maxMs,
			double meanMs, double stddevMs, double medianMs, double sigma, SpikeSettings spike) {

		/** No delay. */
		public static final LatencySettings NONE = new LatencySettings("fixed", 0, 0, 0, 0, 0, 0, 0, null);

		/** Applies defaults. */
		public LatencySettings {
			type = (type == null) ? "fixed" : type;
		}

		/**
		 * A fixed delay.
		 * @param ms the delay in milliseconds
		 * @return the settings
		 */
		public static LatencySettings fixed(double ms) {
			return new LatencySettings("fixed", ms, 0, 0, 0, 0, 0, 0, null);
		}

	}

	/**
	 * A slow-call mix: that fraction of calls take {@code factor} times longer.
	 *
	 * @param rate the fraction of calls that spike, 0 to 1
	 * @param factor the multiplier applied to a spiking call's delay, at least 1
	 */
	public record SpikeSettings(double rate, @DefaultValue("10") double factor) {
	}

}
