package io.chorus.ensemble.aggregate;

import java.util.List;

import org.springframework.context.annotation.Bean;
import org.springframework.context.annotation.Configuration;

/**
 * Registers the built-in aggregation strategies and a registry of every {@link Aggregator} bean, so an
 * application adds its own strategy by declaring an {@code Aggregator} bean.
 */
@Configuration(proxyBeanMethods = false)
public class AggregatorConfiguration {

	/**
	 * The {@code mean} strategy.
	 * @return the aggregator
	 */
	@Bean
	public Aggregator meanAggregator() {
		return new MeanAggregator();
	}

	/**
	 * The {@code weighted-mean} strategy.
	 * @return the aggregator
	 */
	@Bean
	public Aggregator weightedMeanAggregator() {
		return new WeightedMeanAggregator();
	}

	/**
	 * The {@code median} strategy.
	 * @return the aggregator
	 */
	@Bean
	public Aggregator medianAggregator() {
		return new MedianAggregator();
	}

	/**
	 * The {@code max} strategy.
	 * @return the aggregator
	 */
	@Bean
	public Aggregator maxAggregator() {
		return new MaxAggregator();
	}

	/**
	 * The {@code min} strategy.
	 * @return the aggregator
	 */
	@Bean
	public Aggregator minAggregator() {
		return new MinAggregator();
	}

	/**
	 * The {@code majority-vote} strategy.
	 * @return the aggregator
	 */
	@Bean
	public Aggregator majorityVoteAggregator() {
		return new MajorityVoteAggregator();
	}

	/**
	 * The {@code weighted-vote} strategy.
	 * @return the aggregator
	 */
	@Bean
	public Aggregator weightedVoteAggregator() {
		return new WeightedVoteAggregator();
	}

	/**
	 * The {@code soft-vote} strategy.
	 * @return the aggregator
	 */
	@Bean
	public Aggregator softVoteAggregator() {
		return new SoftVoteAggregator();
	}

	/**
	 * The {@code max-confidence} strategy.
	 * @return the aggregator
	 */
	@Bean
	public Aggregator maxConfidenceAggregator() {
		return new MaxConfidenceAggregator();
	}

	/**
	 * The {@code first-success} strategy.
	 * @return the aggregator
	 */
	@Bean
	public Aggregator firstSuccessAggregator() {
		return new FirstSuccessAggregator();
	}

	/**
	 * The registry of every {@link Aggregator} bean, built-in or user-declared.
	 * @param aggregators all aggregator beans
	 * @return the registry
	 */
	@Bean
	public AggregatorRegistry aggregatorRegistry(List<Aggregator> aggregators) {
		return AggregatorRegistry.of(aggregators);
	}

}
