package io.chorus.ensemble.warmup;

import io.micrometer.core.instrument.MeterRegistry;

import org.springframework.boot.context.event.ApplicationStartedEvent;
import org.springframework.context.ApplicationListener;
import org.springframework.context.annotation.Bean;
import org.springframework.context.annotation.Configuration;

import io.chorus.ensemble.aggregate.AggregatorRegistry;
import io.chorus.ensemble.config.ChorusProperties;
import io.chorus.ensemble.config.EnsembleCatalog;
import io.chorus.ensemble.member.MemberClients;
import io.chorus.ensemble.member.MemberLimits;

/**
 * Runs the warm-up once the application has started and holds the readiness group back until it is done.
 */
@Configuration(proxyBeanMethods = false)
class WarmupConfiguration {

	@Bean
	Warmup warmup(WarmupProperties properties, EnsembleCatalog catalog, MemberClients clients,
			AggregatorRegistry aggregators, ChorusProperties chorus, MeterRegistry meters) {
		ChorusProperties.Limits limits = chorus.limits();
		return new Warmup(properties, catalog, clients, aggregators,
				new MemberLimits(limits.maxMemberResponseSize().toBytes(), limits.minAttemptTime()),
				limits.offloadElements(), meters);
	}

	/** Named {@code warmup}: the readiness group includes it (see application.yml). */
	@Bean
	WarmupHealthIndicator warmupHealthIndicator(Warmup warmup) {
		return new WarmupHealthIndicator(warmup);
	}

	@Bean
	ApplicationListener<ApplicationStartedEvent> warmupStarter(Warmup warmup, WarmupProperties properties) {
		return (event) -> warmup.start(properties.exitWhenDone() ? () -> TrainingExit.exit(event.getApplicationContext())
				: () -> {
				});
	}

}
