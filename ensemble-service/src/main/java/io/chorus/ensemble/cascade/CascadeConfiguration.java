package io.chorus.ensemble.cascade;

import io.micrometer.core.instrument.MeterRegistry;

import org.springframework.context.annotation.Bean;
import org.springframework.context.annotation.Configuration;

import io.chorus.ensemble.fanout.EnsembleExecutor;

/**
 * Wires the cascade runner.
 */
@Configuration(proxyBeanMethods = false)
class CascadeConfiguration {

	@Bean
	CascadeExecutor cascadeExecutor(EnsembleExecutor executor, MeterRegistry registry) {
		return new CascadeExecutor(executor, registry);
	}

}
