package io.chorus.ensemble.shadow;

import io.micrometer.core.instrument.MeterRegistry;

import org.springframework.context.annotation.Bean;
import org.springframework.context.annotation.Configuration;

import io.chorus.ensemble.member.MemberClients;

/**
 * Wires the shadow runner.
 */
@Configuration(proxyBeanMethods = false)
class ShadowConfiguration {

	@Bean
	ShadowRunner shadowRunner(MemberClients clients, MeterRegistry registry) {
		return new ShadowRunner(clients, registry);
	}

}
