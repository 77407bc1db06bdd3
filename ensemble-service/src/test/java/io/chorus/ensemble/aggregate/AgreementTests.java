package io.chorus.ensemble.aggregate;

import java.util.List;

import io.chorus.protocol.Tensor;
import org.junit.jupiter.api.Test;

import static io.chorus.ensemble.aggregate.Members.fp32;
import static io.chorus.ensemble.aggregate.Members.fp64;
import static io.chorus.ensemble.aggregate.Members.labels;
import static io.chorus.ensemble.aggregate.Members.member;
import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatIllegalArgumentException;
import static org.assertj.core.api.Assertions.within;

class AgreementTests {

	@Test
	void averagesThePerRowFractionOfAgreeingMembers() {
		List<MemberTensor> answers = List.of(member(0, labels(1, 2)), member(1, labels(1, 0)),
				member(2, labels(1, 0)), member(3, labels(1, 0)));
		// Row 0: 4 of 4 agree; row 1: 1 of 4.
		assertThat(Agreement.of(answers, labels(1, 2))).isCloseTo(0.625, within(1e-12));
	}

	@Test
	void comparesTheArgmaxOfScoreRows() {
		List<MemberTensor> answers = List.of(member(0, fp32(2, 2, 0.9f, 0.1f, 0.2f, 0.8f)),
				member(1, fp32(2, 2, 0.3f, 0.7f, 0.4f, 0.6f)));
		assertThat(Agreement.of(answers, labels(0, 1))).isCloseTo(0.75, within(1e-12));
	}

	@Test
	void labelsAreTheArgmaxWithTiesToTheLowestIndex() {
		assertThat(Agreement.labels(fp64(3, 3, 0.2, 0.5, 0.3, 0.4, 0.4, 0.2, 0.1, 0.1, 0.8))).containsExactly(1, 0, 2);
	}

	@Test
	void labelsOfARankOneIntegerTensorAreItsValues() {
		assertThat(Agreement.labels(labels(4, 0, 9))).containsExactly(4, 0, 9);
		assertThat(Agreement.labels(Tensor.int64("l", new long[] { 2, 1 }, new long[] { 7, 3 }))).containsExactly(7, 3);
	}

	@Test
	void rejectsAnswersWithADifferentRowCount() {
		assertThatIllegalArgumentException()
			.isThrownBy(() -> Agreement.of(List.of(member(0, labels(1, 2, 3))), labels(1, 2)))
			.withMessageContaining("3 rows");
	}

}
