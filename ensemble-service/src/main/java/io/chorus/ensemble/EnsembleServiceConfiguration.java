package io.chorus.ensemble;

import io.github.resilience4j.bulkhead.BulkheadRegistry;
import io.github.resilience4j.circuitbreaker.CircuitBreakerRegistry;
import io.github.resilience4j.micrometer.tagged.TaggedCircuitBreakerMetrics;
import io.micrometer.core.instrument.MeterRegistry;

import org.springframework.beans.factory.ObjectProvider;
import org.springframework.context.annotation.Bean;
import org.springframework.context.annotation.Configuration;
import org.springframework.http.client.ReactorResourceFactory;

import io.chorus.ensemble.aggregate.AggregatorRegistry;
import io.chorus.ensemble.config.ChorusProperties;
import io.chorus.ensemble.config.EnsembleCatalog;
import io.chorus.ensemble.fanout.EnsembleExecutor;
import io.chorus.ensemble.member.MemberClients;
import io.chorus.ensemble.member.MemberLimits;
import io.chorus.ensemble.metrics.EnsembleMetrics;

/**
 * Wires the validated ensembles, their member clients and the executor.
 */
@Configuration(proxyBeanMethods = false)
public class EnsembleServiceConfiguration {

	/**
	 * Validates the configured ensembles; a bad configuration stops start-up here.
	 * @param properties the bound configuration
	 * @param aggregators the strategies available
	 * @return the catalog
	 */
	@Bean
	EnsembleCatalog ensembleCatalog(ChorusProperties properties, AggregatorRegistry aggregators,
			org.springframework.core.env.Environment environment) {
		return EnsembleCatalog.of(properties, aggregators.names(), environment);
	}

	/**
	 * The members' circuit breakers, published to Micrometer with their state.
	 * @param meterRegistry the meter registry
	 * @return the breaker registry
	 */
	@Bean
	CircuitBreakerRegistry circuitBreakerRegistry(MeterRegistry meterRegistry) {
		CircuitBreakerRegistry registry = CircuitBreakerRegistry.ofDefaults();
		TaggedCircuitBreakerMetrics.ofCircuitBreakerRegistry(registry).bindTo(meterRegistry);
		return registry;
	}

	/**
	 * The members' bulkheads.
	 * @return the bulkhead registry
	 */
	@Bean
	BulkheadRegistry bulkheadRegistry() {
		return BulkheadRegistry.ofDefaults();
	}

	/**
	 * One client per member.
	 * @param catalog the ensembles
	 * @param breakers the breaker registry
	 * @param bulkheads the bulkhead registry
	 * @param properties the limits
	 * @param meterRegistry where hedge and replica meters go
	 * @param serverResources the web server's Reactor Netty resources, when it is Reactor Netty: the member
	 * connections run on its event loops, so a member call stays on the loop of its request
	 * @return the clients, closed with the context
	 */
	@Bean(destroyMethod = "close")
	MemberClients memberClients(EnsembleCatalog catalog, CircuitBreakerRegistry breakers, BulkheadRegistry bulkheads,
			ChorusProperties properties, MeterRegistry meterRegistry,
			ObjectProvider<ReactorResourceFactory> serverResources) {
		MemberLimits limits = new MemberLimits(properties.limits().maxMemberResponseSize().toBytes(),
				properties.limits().minAttemptTime());
		ReactorResourceFactory resources = serverResources.getIfUnique();
		return (resources != null)
				? new MemberClients(catalog, breakers, bulkheads, limits, meterRegistry, resources::getLoopResources)
				: new MemberClients(catalog, breakers, bulkheads, limits, meterRegistry);
	}

	/**
	 * The service's meters.
	 * @param meterRegistry the meter registry
	 * @return the meters
	 */
	@Bean
	EnsembleMetrics ensembleMetrics(MeterRegistry meterRegistry) {
		return new EnsembleMetrics(meterRegistry);
	}

	/**
	 * Runs ensemble requests.
	 * @param clients the member clients
	 * @param aggregators the strategies
	 * @param metrics the meters
	 * @param properties the limits
	 * @return the executor
	 */
	@Bean
	EnsembleExecutor ensembleExecutor(MemberClients clients, AggregatorRegistry aggregators, EnsembleMetrics metrics,
			ChorusProperties properties) {
		return new EnsembleExecutor(clients, aggregators, metrics, properties.limits().offloadElements());
	}

}
