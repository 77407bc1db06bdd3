package io.chorus.mock.behavior;

import io.chorus.mock.MockSettings.BehaviorSettings;
import org.junit.jupiter.api.Test;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatIllegalArgumentException;

class BehaviorJsonTests {

	@Test
	void omittedFieldsTakeTheirDefaults() {
		BehaviorSettings b = BehaviorJson.read("{\"errorRate\": 0.25}");
		assertThat(b.errorRate()).isEqualTo(0.25);
		assertThat(b.errorStatus()).isEqualTo(500);
		assertThat(b.trickleMs()).isEqualTo(1000);
		assertThat(b.latency().type()).isEqualTo("fixed");
		assertThat(b.latency().ms()).isZero();
		assertThat(b.seed()).isNull();
	}

	@Test
	void readsEveryLatencyTypeAndSpike() {
		BehaviorSettings b = BehaviorJson.read("{\"seed\": 7, \"latency\": {\"type\": \"lognormal\", \"medianMs\": 50,"
				+ " \"sigma\": 0.5, \"spike\": {\"rate\": 0.01, \"factor\": 10}}}");
		assertThat(b.seed()).isEqualTo(7L);
		assertThat(b.latency().medianMs()).isEqualTo(50);
		assertThat(b.latency().sigma()).isEqualTo(0.5);
		assertThat(b.latency().spike().rate()).isEqualTo(0.01);
		assertThat(b.latency().spike().factor()).isEqualTo(10);
	}

	@Test
	void writtenBehaviorReadsBackEqual() {
		BehaviorSettings b = BehaviorJson.read("{\"seed\": 3, \"latency\": {\"type\": \"uniform\", \"minMs\": 5,"
				+ " \"maxMs\": 9}, \"errorRate\": 0.1, \"errorStatus\": 429, \"trickleRate\": 0.2, \"trickleMs\": 300}");
		assertThat(BehaviorJson.read(new String(BehaviorJson.write(b), java.nio.charset.StandardCharsets.UTF_8)))
			.isEqualTo(b);
	}

	@Test
	void rejectsUnknownFieldsByName() {
		assertThatIllegalArgumentException().isThrownBy(() -> BehaviorJson.read("{\"errrorRate\": 0.1}"))
			.withMessageContaining("unknown field 'errrorRate'");
		assertThatIllegalArgumentException()
			.isThrownBy(() -> BehaviorJson.read("{\"latency\": {\"type\": \"fixed\", \"msec\": 3}}"))
			.withMessageContaining("unknown field 'latency.msec'");
	}

	@Test
	void rejectsOutOfRangeValuesNamingTheField() {
		assertThatIllegalArgumentException().isThrownBy(() -> BehaviorJson.read("{\"errorRate\": 1.5}"))
			.withMessageContaining("errorRate must be between 0 and 1");
		assertThatIllegalArgumentException().isThrownBy(() -> BehaviorJson.read("{\"errorStatus\": 200}"))
			.withMessageContaining("errorStatus must be an HTTP error status");
		assertThatIllegalArgumentException()
			.isThrownBy(() -> BehaviorJson.read("{\"latency\": {\"type\": \"uniform\", \"minMs\": 9, \"maxMs\": 5}}"))
			.withMessageContaining("latency.maxMs must be at least latency.minMs");
		assertThatIllegalArgumentException().isThrownBy(() -> BehaviorJson.read("{\"latency\": {\"type\": \"gamma\"}}"))
			.withMessageContaining("latency.type must be one of fixed, uniform, normal, lognormal");
		assertThatIllegalArgumentException().isThrownBy(() -> BehaviorJson.read("{\"latency\": {\"ms\": -1}}"))
			.withMessageContaining("latency.ms must be between 0");
	}

	@Test
	void rejectsFaultRatesThatSumAboveOne() {
		assertThatIllegalArgumentException()
			.isThrownBy(() -> BehaviorJson.read("{\"errorRate\": 0.6, \"hangRate\": 0.5}"))
			.withMessageContaining("must sum to at most 1");
	}

	@Test
	void rejectsWrongJsonTypesAndMalformedJson() {
		assertThatIllegalArgumentException().isThrownBy(() -> BehaviorJson.read("{\"errorRate\": \"high\"}"))
			.withMessageContaining("'errorRate' must be a number");
		assertThatIllegalArgumentException().isThrownBy(() -> BehaviorJson.read("{\"errorRate\": "))
			.withMessageContaining("malformed JSON");
		assertThatIllegalArgumentException().isThrownBy(() -> BehaviorJson.read("[1]"))
			.withMessageContaining("must be a JSON object");
	}

}
