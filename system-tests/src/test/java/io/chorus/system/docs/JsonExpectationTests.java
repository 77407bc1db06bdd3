package io.chorus.system.docs;

import org.junit.jupiter.api.Test;

import static org.assertj.core.api.Assertions.assertThat;

class JsonExpectationTests {

	@Test
	void aNumberMatchesWhatRoundsToTheDigitsShown() {
		assertThat(JsonExpectation.differences("{\"p\": [0.0042, 0.0000, 0.8333]}",
				"{\"p\": [0.0041801296, 1.174257E-5, 0.833333], \"extra\": 1}"))
			.isEmpty();
	}

	@Test
	void aNumberOutsideTheRoundingIsADifferenceNamedByItsPath() {
		assertThat(JsonExpectation.differences("{\"parameters\": {\"chorus.agreement\": 1.0}}",
				"{\"parameters\": {\"chorus.agreement\": 0.8333}}"))
			.containsExactly("$.parameters.chorus.agreement: expected 1.0, got 0.8333");
		assertThat(JsonExpectation.differences("{\"data\": [0.6075]}", "{\"data\": [0.58692616]}")).hasSize(1);
	}

	@Test
	void integersStringsBooleansAndLengthsMustMatch() {
		assertThat(JsonExpectation.differences("{\"a\": 3, \"b\": \"x\", \"c\": false, \"d\": [1, 2]}",
				"{\"a\": 2, \"b\": \"y\", \"c\": true, \"d\": [1]}"))
			.hasSize(4);
	}

	@Test
	void aMissingFieldIsADifferenceAndAnEllipsisStandsForAnyValue() {
		assertThat(JsonExpectation.differences("{\"a\": 1, \"id\": \"…\"}", "{\"id\": \"r-42\"}"))
			.containsExactly("$.a: missing from the answer");
	}

}
