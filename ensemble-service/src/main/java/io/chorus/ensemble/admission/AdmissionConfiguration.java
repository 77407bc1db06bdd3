package io.chorus.ensemble.admission;

import io.micrometer.core.instrument.MeterRegistry;

import org.springframework.boot.autoconfigure.condition.ConditionalOnProperty;
import org.springframework.context.annotation.Bean;
import org.springframework.context.annotation.Configuration;

import io.chorus.ensemble.config.ChorusProperties;
import io.chorus.ensemble.config.EnsembleCatalog;

/**
 * The adaptive concurrency limit in front of inference requests, on when {@code chorus.admission.enabled} is
 * true.
 */
@Configuration(proxyBeanMethods = false)
@ConditionalOnProperty(name = "chorus.admission.enabled", havingValue = "true")
public class AdmissionConfiguration {

	/**
	 * The filter that admits or refuses inference requests before their body is read.
	 * @param properties the admission settings and the request size limit
	 * @param catalog the ensembles, one limiter each unless the scope is the service
	 * @param meters where the limit and the rejections are published
	 * @return the filter
	 */
	@Bean
	AdmissionFilter admissionFilter(ChorusProperties properties, EnsembleCatalog catalog, MeterRegistry meters) {
		return new AdmissionFilter(AdmissionLimiters.create(properties.admission(), catalog, meters),
				properties.admission().retryAfter(), properties.limits().maxRequestSize().toBytes());
	}

}
