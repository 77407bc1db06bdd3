package io.chorus.ensemble.aggregate;

import java.util.List;

import io.chorus.protocol.Tensor;
import org.junit.jupiter.api.Test;

import static io.chorus.ensemble.aggregate.Members.OPTIONS;
import static io.chorus.ensemble.aggregate.Members.fp32;
import static io.chorus.ensemble.aggregate.Members.member;
import static org.assertj.core.api.Assertions.assertThat;

class FirstSuccessAggregatorTests {

	private final Aggregator aggregator = new FirstSuccessAggregator();

	@Test
	void isNamedFirstSuccess() {
		assertThat(this.aggregator.name()).isEqualTo("first-success");
	}

	@Test
	void passesTheFirstAnswerThroughUnchanged() {
		Tensor winner = fp32(1, 2, 0.1f, 0.9f);
		List<Tensor> result = this.aggregator.aggregate("scores",
				List.of(member(3, winner), member(0, fp32(1, 2, 0.5f, 0.5f))), OPTIONS);
		assertThat(result).hasSize(1);
		assertThat(result.get(0)).isSameAs(winner);
	}

}
