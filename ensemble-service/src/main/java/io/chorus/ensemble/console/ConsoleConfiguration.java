package io.chorus.ensemble.console;

import io.micrometer.core.instrument.MeterRegistry;

import org.springframework.boot.actuate.autoconfigure.web.server.ConditionalOnManagementPort;
import org.springframework.boot.actuate.autoconfigure.web.server.ManagementPortType;
import org.springframework.boot.autoconfigure.condition.ConditionalOnBooleanProperty;
import org.springframework.context.annotation.Bean;
import org.springframework.context.annotation.Configuration;

import io.chorus.ensemble.reload.LiveEnsembles;

/**
 * Wires the console's sampler in the application context, next to the live ensembles and the meters it reads;
 * its page and stream are routed on the management port only ({@link ConsoleRoutes}), so with no management port
 * of its own there is no console and nothing samples.
 */
@Configuration(proxyBeanMethods = false)
@ConditionalOnBooleanProperty(name = "chorus.console.enabled", matchIfMissing = true)
@ConditionalOnManagementPort(ManagementPortType.DIFFERENT)
class ConsoleConfiguration {

	@Bean(initMethod = "start", destroyMethod = "close")
	ConsoleSampler consoleSampler(LiveEnsembles live, MeterRegistry registry, ConsoleProperties properties) {
		return new ConsoleSampler(live, registry, properties, System::nanoTime);
	}

}
