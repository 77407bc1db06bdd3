package io.chorus.ensemble.admission;

import java.util.HashMap;
import java.util.Locale;
import java.util.Map;

import com.netflix.concurrency.limits.Limit;
import com.netflix.concurrency.limits.limit.Gradient2Limit;
import com.netflix.concurrency.limits.limit.VegasLimit;
import com.netflix.concurrency.limits.limiter.SimpleLimiter;
import io.micrometer.core.instrument.Counter;
import io.micrometer.core.instrument.Gauge;
import io.micrometer.core.instrument.MeterRegistry;

import io.chorus.ensemble.config.ChorusProperties;
import io.chorus.ensemble.config.EnsembleSpec;
import io.chorus.ensemble.config.EnsembleCatalog;

/**
 * One Netflix concurrency limiter per ensemble, or one for the whole service, each with its limit, calls in
 * flight and rejections published under the ensemble's name ({@code *} for the service).
 */
final class AdmissionLimiters {

	/** The tag value of the service-wide limiter. */
	static final String SERVICE = "*";

	private final Map<String, Gate> byEnsemble;

	private final Gate service;

	/** A limiter and its rejection counter. */
	record Gate(String name, SimpleLimiter<Void> limiter, Counter rejections) {
	}

	private AdmissionLimiters(Map<String, Gate> byEnsemble, Gate service) {
		this.byEnsemble = byEnsemble;
		this.service = service;
	}

	static AdmissionLimiters create(ChorusProperties.Admission settings, EnsembleCatalog catalog,
			MeterRegistry meters) {
		if ("service".equals(settings.scope().toLowerCase(Locale.ROOT))) {
			return new AdmissionLimiters(Map.of(), gate(SERVICE, settings, meters));
		}
		Map<String, Gate> gates = new HashMap<>();
		for (EnsembleSpec ensemble : catalog.all()) {
			gates.put(ensemble.name(), gate(ensemble.name(), settings, meters));
		}
		return new AdmissionLimiters(Map.copyOf(gates), null);
	}

	/**
	 * The gate a request to an ensemble goes through.
	 * @param ensemble the ensemble name from the path
	 * @return the gate, or {@code null} when the name is not an ensemble (the request is not limited; it gets 404)
	 */
	Gate gate(String ensemble) {
		return (this.service != null) ? this.service : this.byEnsemble.get(ensemble);
	}

	private static Gate gate(String name, ChorusProperties.Admission settings, MeterRegistry meters) {
		SimpleLimiter<Void> limiter = SimpleLimiter.newBuilder().named(name).limit(limit(settings)).build();
		Gauge.builder("chorus.admission.limit", limiter, SimpleLimiter::getLimit)
			.description("The adaptive concurrency limit of inference requests")
			.tag("ensemble", name)
			.register(meters);
		Gauge.builder("chorus.admission.in_flight", limiter, SimpleLimiter::getInflight)
			.description("Inference requests admitted and not finished")
			.tag("ensemble", name)
			.register(meters);
		Counter rejections = Counter.builder("chorus.admission.rejected")
			.description("Inference requests refused with 503 because the concurrency limit was reached")
			.tag("ensemble", name)
			.register(meters);
		return new Gate(name, limiter, rejections);
	}

	private static Limit limit(ChorusProperties.Admission settings) {
		if ("vegas".equals(settings.algorithm().toLowerCase(Locale.ROOT))) {
			return VegasLimit.newBuilder()
				.initialLimit(settings.initialLimit())
				.maxConcurrency(settings.maxLimit())
				.build();
		}
		return Gradient2Limit.newBuilder()
			.initialLimit(settings.initialLimit())
			.minLimit(settings.minLimit())
			.maxConcurrency(settings.maxLimit())
			.build();
	}

}
