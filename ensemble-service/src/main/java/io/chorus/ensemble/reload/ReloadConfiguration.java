package io.chorus.ensemble.reload;

import io.github.resilience4j.bulkhead.BulkheadRegistry;
import io.github.resilience4j.circuitbreaker.CircuitBreakerRegistry;
import io.micrometer.core.instrument.MeterRegistry;

import org.springframework.context.annotation.Bean;
import org.springframework.context.annotation.Configuration;
import org.springframework.core.env.ConfigurableEnvironment;

import io.chorus.ensemble.aggregate.AggregatorRegistry;
import io.chorus.ensemble.config.ChorusProperties;
import io.chorus.ensemble.config.EnsembleCatalog;
import io.chorus.ensemble.member.MemberClients;
import io.chorus.ensemble.member.MemberLimits;

/**
 * Wires hot reload: the live ensembles, the watcher of the configuration files and the reload endpoint.
 */
@Configuration(proxyBeanMethods = false)
class ReloadConfiguration {

	@Bean(destroyMethod = "close")
	LiveEnsembles liveEnsembles(EnsembleCatalog catalog, MemberClients clients, AggregatorRegistry aggregators,
			CircuitBreakerRegistry breakers, BulkheadRegistry bulkheads, ChorusProperties properties,
			MeterRegistry registry) {
		MemberLimits limits = new MemberLimits(properties.limits().maxMemberResponseSize().toBytes(),
				properties.limits().minAttemptTime());
		return new LiveEnsembles(catalog, clients, (next) -> EnsembleCatalog.of(next, aggregators.names()),
				(previous) -> (next) -> new MemberClients(next, breakers, bulkheads, limits, previous), registry);
	}

	@Bean
	ConfigWatcher configWatcher(LiveEnsembles live, ReloadProperties reload, ConfigurableEnvironment environment) {
		return new ConfigWatcher(live, new ConfigFiles(environment, reload.watch()), reload);
	}

	@Bean
	ReloadEndpoint reloadEndpoint(LiveEnsembles live, ConfigWatcher watcher) {
		return new ReloadEndpoint(live, watcher);
	}

}
