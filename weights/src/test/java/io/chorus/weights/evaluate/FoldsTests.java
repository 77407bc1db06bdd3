package io.chorus.weights.evaluate;

import java.util.Arrays;
import java.util.HashSet;
import java.util.Set;
import java.util.stream.IntStream;

import org.junit.jupiter.api.Test;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatIllegalArgumentException;

class FoldsTests {

	@Test
	void heldOutFoldsAreDisjointAndCoverEveryExampleOnce() {
		Folds folds = Folds.shuffled(23, 5, 7);
		int[] seen = new int[23];
		for (int f = 0; f < folds.k(); f++) {
			int[] test = folds.test(f);
			int[] train = folds.train(f);
			assertThat(test.length).isBetween(4, 5);
			Set<Integer> testSet = new HashSet<>();
			Arrays.stream(test).forEach(testSet::add);
			assertThat(Arrays.stream(train).filter(testSet::contains)).isEmpty();
			assertThat(test.length + train.length).isEqualTo(23);
			Arrays.stream(test).forEach((i) -> seen[i]++);
		}
		assertThat(seen).containsOnly(1);
	}

	@Test
	void stratifiedFoldsHoldEachClassInItsShare() {
		double[] labels = IntStream.range(0, 150).mapToDouble((i) -> i / 50).toArray();
		Folds folds = Folds.stratified(labels, 5, 42);
		for (int f = 0; f < 5; f++) {
			int[] test = folds.test(f);
			assertThat(test).hasSize(30);
			for (int c = 0; c < 3; c++) {
				int label = c;
				assertThat(Arrays.stream(test).filter((i) -> labels[i] == label).count()).isEqualTo(10);
			}
		}
	}

	@Test
	void sameSeedGivesSameFoldsAndAnotherSeedOthers() {
		assertThat(Folds.shuffled(50, 5, 1).fold()).containsExactly(Folds.shuffled(50, 5, 1).fold());
		assertThat(Folds.shuffled(50, 5, 1).fold()).isNotEqualTo(Folds.shuffled(50, 5, 2).fold());
	}

	@Test
	void rejectsFewerThanTwoFoldsOrMoreFoldsThanExamples() {
		assertThatIllegalArgumentException().isThrownBy(() -> Folds.shuffled(10, 1, 0));
		assertThatIllegalArgumentException().isThrownBy(() -> Folds.shuffled(3, 4, 0));
	}

}
