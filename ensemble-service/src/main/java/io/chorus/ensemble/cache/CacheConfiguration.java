package io.chorus.ensemble.cache;

import io.micrometer.core.instrument.MeterRegistry;

import org.springframework.context.annotation.Bean;
import org.springframework.context.annotation.Configuration;

/**
 * Wires the shared answers (single-flight and response cache).
 */
@Configuration(proxyBeanMethods = false)
class CacheConfiguration {

	@Bean
	SharedAnswers sharedAnswers(MeterRegistry registry) {
		return new SharedAnswers(registry);
	}

}
