package io.chorus.ensemble.aggregate;

import java.util.List;

import io.chorus.protocol.Tensor;
import org.junit.jupiter.api.Test;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatIllegalStateException;

class AggregatorRegistryTests {

	@Test
	void findsAggregatorsByName() {
		Aggregator mean = new MeanAggregator();
		AggregatorRegistry registry = AggregatorRegistry.of(List.of(mean, new MedianAggregator()));
		assertThat(registry.find("mean")).containsSame(mean);
		assertThat(registry.find("mode")).isEmpty();
		assertThat(registry.find(null)).isEmpty();
		assertThat(registry.names()).containsExactly("mean", "median");
	}

	@Test
	void rejectsDuplicateNamesNamingThem() {
		assertThatIllegalStateException()
			.isThrownBy(() -> AggregatorRegistry.of(List.of(new MeanAggregator(), new MedianAggregator(),
					named("mean"), new MaxAggregator(), named("max"))))
			.withMessageContaining("'mean'")
			.withMessageContaining("'max'")
			.withMessageNotContaining("'median'");
	}

	@Test
	void rejectsBlankNames() {
		assertThatIllegalStateException().isThrownBy(() -> AggregatorRegistry.of(List.of(named(" "))))
			.withMessageContaining("has no name");
	}

	@Test
	void namesCannotBeModified() {
		AggregatorRegistry registry = AggregatorRegistry.of(List.of(new MeanAggregator()));
		org.assertj.core.api.Assertions.assertThatThrownBy(() -> registry.names().clear())
			.isInstanceOf(UnsupportedOperationException.class);
	}

	static Aggregator named(String name) {
		return new Aggregator() {

			@Override
			public String name() {
				return name;
			}

			@Override
			public List<Tensor> aggregate(String output, List<MemberTensor> answers, AggregationOptions options) {
				return List.of();
			}

		};
	}

}
