package io.chorus.mock.behavior;

import java.util.EnumMap;
import java.util.Map;

import org.junit.jupiter.api.Test;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.within;

class ModelBehaviorTests {

	@Test
	void faultsOccurAtTheirConfiguredRates() {
		ModelBehavior behavior = new ModelBehavior(BehaviorJson.read("{\"seed\": 1, \"errorRate\": 0.1, "
				+ "\"hangRate\": 0.05, \"closeRate\": 0.05, \"malformedRate\": 0.1, \"wrongShapeRate\": 0.1, "
				+ "\"trickleRate\": 0.1}"));
		Map<Decision.Fault, Integer> counts = new EnumMap<>(Decision.Fault.class);
		int n = 20_000;
		for (int i = 0; i < n; i++) {
			counts.merge(behavior.decide().fault(), 1, Integer::sum);
		}
		assertThat(counts.get(Decision.Fault.ERROR) / (double) n).isCloseTo(0.1, within(0.01));
		assertThat(counts.get(Decision.Fault.HANG) / (double) n).isCloseTo(0.05, within(0.008));
		assertThat(counts.get(Decision.Fault.CLOSE) / (double) n).isCloseTo(0.05, within(0.008));
		assertThat(counts.get(Decision.Fault.MALFORMED) / (double) n).isCloseTo(0.1, within(0.01));
		assertThat(counts.get(Decision.Fault.WRONG_SHAPE) / (double) n).isCloseTo(0.1, within(0.01));
		assertThat(counts.get(Decision.Fault.TRICKLE) / (double) n).isCloseTo(0.1, within(0.01));
		assertThat(counts.get(Decision.Fault.NONE) / (double) n).isCloseTo(0.5, within(0.015));
	}

	@Test
	void seededBehaviorRepeatsItsDecisionsAfterReset() {
		ModelBehavior behavior = new ModelBehavior(BehaviorJson.read("{\"seed\": 9, \"errorRate\": 0.5, "
				+ "\"latency\": {\"type\": \"uniform\", \"minMs\": 0, \"maxMs\": 100}}"));
		Decision[] first = { behavior.decide(), behavior.decide(), behavior.decide(), behavior.decide() };
		behavior.reset();
		Decision[] again = { behavior.decide(), behavior.decide(), behavior.decide(), behavior.decide() };
		assertThat(again).containsExactly(first);
	}

	@Test
	void resetRestoresTheStartupBehavior() {
		ModelBehavior behavior = new ModelBehavior(BehaviorJson.read("{\"errorRate\": 0.2}"));
		behavior.replace(BehaviorJson.read("{\"hangRate\": 1}"));
		assertThat(behavior.decide().fault()).isEqualTo(Decision.Fault.HANG);
		behavior.reset();
		assertThat(behavior.current().errorRate()).isEqualTo(0.2);
		assertThat(behavior.current().hangRate()).isZero();
	}

}
