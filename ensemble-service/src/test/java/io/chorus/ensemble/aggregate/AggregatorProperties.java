package io.chorus.ensemble.aggregate;

import java.util.ArrayList;
import java.util.Collections;
import java.util.List;
import java.util.Random;

import io.chorus.protocol.DataType;
import io.chorus.protocol.Tensor;
import io.chorus.protocol.TensorData;
import net.jqwik.api.Arbitraries;
import net.jqwik.api.Arbitrary;
import net.jqwik.api.Combinators;
import net.jqwik.api.ForAll;
import net.jqwik.api.Property;
import net.jqwik.api.Provide;
import net.jqwik.api.constraints.IntRange;

import static io.chorus.ensemble.aggregate.Members.OPTIONS;
import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.within;

/**
 * Properties that every built-in strategy must hold, checked over generated answers.
 */
class AggregatorProperties {

	private static final List<Aggregator> ALL = List.of(new MeanAggregator(), new WeightedMeanAggregator(),
			new MedianAggregator(), new MaxAggregator(), new MinAggregator(), new MajorityVoteAggregator(),
			new WeightedVoteAggregator(), new SoftVoteAggregator(), new MaxConfidenceAggregator(),
			new FirstSuccessAggregator());

	@Property
	void identicalMembersGiveThatMembersAnswer(@ForAll("scores") Tensor answer, @ForAll @IntRange(min = 1, max = 6) int count,
			@ForAll("weights") double weight) {
		List<MemberTensor> answers = new ArrayList<>();
		for (int m = 0; m < count; m++) {
			answers.add(Members.member(m, weight * (m + 1), answer));
		}
		Tensor label = Tensor.int64("label", new long[] { answer.rows() }, Agreement.labels(answer));
		for (Aggregator aggregator : ALL) {
			List<Tensor> result = aggregator.aggregate("scores", answers, OPTIONS);
			if (aggregator instanceof MajorityVoteAggregator || aggregator instanceof WeightedVoteAggregator) {
				assertThat(result).as(aggregator.name()).containsExactly(label);
			}
			else if (aggregator instanceof SoftVoteAggregator || aggregator instanceof MaxConfidenceAggregator) {
				assertThat(result).as(aggregator.name()).containsExactly(answer, label);
			}
			else {
				assertThat(result).as(aggregator.name()).containsExactly(answer);
			}
		}
	}

	@Property
	void weightedMeanWithOneMemberMissingEqualsRenormalisedMeanOfTheRest(@ForAll("members") List<MemberTensor> all,
			@ForAll @IntRange(min = 0, max = 5) int missing) {
		List<MemberTensor> rest = new ArrayList<>(all);
		rest.remove(missing % all.size());
		if (rest.isEmpty()) {
			return;
		}
		Tensor result = new WeightedMeanAggregator().aggregate("scores", rest, OPTIONS).get(0);
		double total = rest.stream().mapToDouble(MemberTensor::weight).sum();
		for (int i = 0; i < result.data().size(); i++) {
			double expected = 0;
			for (MemberTensor answer : rest) {
				expected += answer.weight() / total * answer.tensor().data().doubleAt(i);
			}
			assertThat(result.data().doubleAt(i)).isCloseTo(expected, within(tolerance(result)));
		}
	}

	@Property
	void weightedMeanDependsOnlyOnRelativeWeights(@ForAll("members") List<MemberTensor> answers,
			@ForAll("weights") double scale) {
		List<MemberTensor> scaled = new ArrayList<>();
		for (MemberTensor answer : answers) {
			scaled.add(new MemberTensor(answer.member(), answer.order(), answer.weight() * scale, answer.tensor()));
		}
		Tensor expected = new WeightedMeanAggregator().aggregate("scores", answers, OPTIONS).get(0);
		Tensor actual = new WeightedMeanAggregator().aggregate("scores", scaled, OPTIONS).get(0);
		for (int i = 0; i < expected.data().size(); i++) {
			assertThat(actual.data().doubleAt(i)).isCloseTo(expected.data().doubleAt(i), within(tolerance(expected)));
		}
	}

	@Property
	void meanAndMedianLieBetweenMinAndMax(@ForAll("members") List<MemberTensor> answers) {
		TensorData min = new MinAggregator().aggregate("scores", answers, OPTIONS).get(0).data();
		TensorData max = new MaxAggregator().aggregate("scores", answers, OPTIONS).get(0).data();
		TensorData mean = new MeanAggregator().aggregate("scores", answers, OPTIONS).get(0).data();
		TensorData weightedMean = new WeightedMeanAggregator().aggregate("scores", answers, OPTIONS).get(0).data();
		TensorData median = new MedianAggregator().aggregate("scores", answers, OPTIONS).get(0).data();
		for (int i = 0; i < mean.size(); i++) {
			assertThat(mean.doubleAt(i)).isBetween(min.doubleAt(i), max.doubleAt(i));
			assertThat(weightedMean.doubleAt(i)).isBetween(min.doubleAt(i), max.doubleAt(i));
			assertThat(median.doubleAt(i)).isBetween(min.doubleAt(i), max.doubleAt(i));
		}
	}

	@Property
	void votesWithAStrictWinnerDoNotDependOnMemberOrder(@ForAll("ballots") List<MemberTensor> answers,
			@ForAll Random random) {
		List<Integer> orders = new ArrayList<>();
		for (MemberTensor answer : answers) {
			orders.add(answer.order());
		}
		Collections.shuffle(orders, random);
		List<MemberTensor> shuffled = new ArrayList<>();
		for (int m = 0; m < answers.size(); m++) {
			MemberTensor answer = answers.get(m);
			shuffled.add(new MemberTensor(answer.member(), orders.get(m), answer.weight(), answer.tensor()));
		}
		Collections.shuffle(shuffled, random);
		checkStrictWinners(new MajorityVoteAggregator(), answers, shuffled, true);
		checkStrictWinners(new WeightedVoteAggregator(), answers, shuffled, false);
	}

	private static void checkStrictWinners(Aggregator aggregator, List<MemberTensor> answers,
			List<MemberTensor> shuffled, boolean votesFirst) {
		long[] original = ((TensorData.Longs) aggregator.aggregate("label", answers, OPTIONS).get(0).data()).values();
		long[] reordered = ((TensorData.Longs) aggregator.aggregate("label", shuffled, OPTIONS).get(0).data()).values();
		int rows = answers.get(0).tensor().rows();
		for (int row = 0; row < rows; row++) {
			Long winner = strictWinner(answers, row, votesFirst);
			if (winner != null) {
				assertThat(original[row]).as("%s row %d", aggregator.name(), row).isEqualTo(winner);
				assertThat(reordered[row]).as("%s row %d after reordering", aggregator.name(), row).isEqualTo(winner);
			}
		}
	}

	/**
	 * The label that beats every other on (votes, weight) or (weight, votes) without needing the order
	 * tie-break, or {@code null} when there is none. Weights are whole numbers, so sums are exact.
	 */
	private static Long strictWinner(List<MemberTensor> answers, int row, boolean votesFirst) {
		long[] labels = new long[4];
		double[] weights = new double[4];
		for (MemberTensor answer : answers) {
			int label = (int) answer.tensor().data().doubleAt(row);
			labels[label]++;
			weights[label] += answer.weight();
		}
		Long best = null;
		boolean tied = false;
		for (int label = 0; label < labels.length; label++) {
			if (labels[label] == 0) {
				continue;
			}
			int comparison = (best == null) ? 1 : compare(labels, weights, label, best.intValue(), votesFirst);
			if (comparison > 0) {
				best = (long) label;
				tied = false;
			}
			else if (comparison == 0) {
				tied = true;
			}
		}
		return tied ? null : best;
	}

	private static int compare(long[] votes, double[] weights, int a, int b, boolean votesFirst) {
		int byVotes = Long.compare(votes[a], votes[b]);
		int byWeight = Double.compare(weights[a], weights[b]);
		if (votesFirst) {
			return (byVotes != 0) ? byVotes : byWeight;
		}
		return (byWeight != 0) ? byWeight : byVotes;
	}

	private static double tolerance(Tensor tensor) {
		return (tensor.datatype() == DataType.FP32) ? 1e-3 : 1e-9;
	}

	@Provide
	Arbitrary<Double> weights() {
		return Arbitraries.doubles().between(0.1, 10.0);
	}

	@Provide
	Arbitrary<Tensor> scores() {
		// At least two classes, so that every row's label is its argmax.
		return Combinators.combine(Arbitraries.integers().between(1, 4), Arbitraries.integers().between(2, 5),
				Arbitraries.of(DataType.FP32, DataType.FP64))
			.flatAs((rows, width, datatype) -> values(rows * width).map((values) -> tensor(datatype, rows, width, values)));
	}

	@Provide
	Arbitrary<List<MemberTensor>> members() {
		return Combinators.combine(Arbitraries.integers().between(1, 4), Arbitraries.integers().between(1, 4),
				Arbitraries.of(DataType.FP32, DataType.FP64), Arbitraries.integers().between(1, 6))
			.flatAs((rows, width, datatype, count) -> Combinators
				.combine(values(rows * width).map((values) -> tensor(datatype, rows, width, values)), weights())
				.as(Answer::new)
				.list()
				.ofSize(count)
				.map(AggregatorProperties::numbered));
	}

	@Provide
	Arbitrary<List<MemberTensor>> ballots() {
		return Arbitraries.integers().between(1, 4).flatMap((rows) -> Combinators
			.combine(Arbitraries.longs().between(0, 3).array(long[].class).ofSize(rows)
				.map((labels) -> Tensor.int64("label", new long[] { rows }, labels)),
					Arbitraries.integers().between(1, 4).map(Double::valueOf))
			.as(Answer::new)
			.list()
			.ofMinSize(1)
			.ofMaxSize(7)
			.map(AggregatorProperties::numbered));
	}

	private static List<MemberTensor> numbered(List<Answer> generated) {
		List<MemberTensor> answers = new ArrayList<>();
		for (int m = 0; m < generated.size(); m++) {
			answers.add(Members.member(m, generated.get(m).weight(), generated.get(m).tensor()));
		}
		return answers;
	}

	private record Answer(Tensor tensor, double weight) {
	}

	private static Arbitrary<double[]> values(int size) {
		return Arbitraries.doubles().between(-1000.0, 1000.0).array(double[].class).ofSize(size);
	}

	private static Tensor tensor(DataType datatype, int rows, int width, double[] values) {
		long[] shape = { rows, width };
		if (datatype == DataType.FP64) {
			return Tensor.fp64("scores", shape, values);
		}
		float[] floats = new float[values.length];
		for (int i = 0; i < values.length; i++) {
			floats[i] = (float) values[i];
		}
		return Tensor.fp32("scores", shape, floats);
	}

}
