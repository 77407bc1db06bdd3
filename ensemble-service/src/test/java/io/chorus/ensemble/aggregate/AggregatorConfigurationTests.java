package io.chorus.ensemble.aggregate;

import org.junit.jupiter.api.Test;

import org.springframework.boot.test.context.runner.ApplicationContextRunner;

import static org.assertj.core.api.Assertions.assertThat;

class AggregatorConfigurationTests {

	private final ApplicationContextRunner runner = new ApplicationContextRunner()
		.withUserConfiguration(AggregatorConfiguration.class);

	@Test
	void registersEveryBuiltInStrategy() {
		this.runner.run((context) -> assertThat(context.getBean(AggregatorRegistry.class).names())
			.containsExactlyInAnyOrder("mean", "weighted-mean", "median", "max", "min", "majority-vote",
					"weighted-vote", "soft-vote", "max-confidence", "first-success"));
	}

	@Test
	void registersUserDeclaredAggregatorBeans() {
		this.runner.withBean("trimmedMean", Aggregator.class, () -> AggregatorRegistryTests.named("trimmed-mean"))
			.run((context) -> assertThat(context.getBean(AggregatorRegistry.class).find("trimmed-mean")).isPresent());
	}

	@Test
	void failsToStartWhenAUserAggregatorReusesABuiltInName() {
		this.runner.withBean("myMean", Aggregator.class, () -> AggregatorRegistryTests.named("mean"))
			.run((context) -> assertThat(context).hasFailed()
				.getFailure()
				.rootCause()
				.isInstanceOf(IllegalStateException.class)
				.hasMessageContaining("'mean'"));
	}

}
