package io.chorus.weights.evaluate;

import java.util.ArrayList;
import java.util.Collections;
import java.util.List;
import java.util.Random;
import java.util.TreeMap;
import java.util.stream.IntStream;

/**
 * A split of the examples into {@code k} disjoint folds that together cover every example once.
 *
 * @param fold the fold of each example
 * @param k the number of folds
 */
public record Folds(int[] fold, int k) {

	/** Checks that every example has a fold in {@code [0, k)}. */
	public Folds {
		fold = fold.clone();
		for (int f : fold) {
			if (f < 0 || f >= k) {
				throw new IllegalArgumentException("fold " + f + " outside [0, " + k + ")");
			}
		}
	}

	/**
	 * Shuffles the examples with a seeded generator and deals them to the folds in turn, so fold sizes differ
	 * by at most one.
	 * @param size the number of examples
	 * @param k the number of folds, 2 to {@code size}
	 * @param seed the shuffle seed
	 * @return the folds
	 */
	public static Folds shuffled(int size, int k, long seed) {
		return stratified(new double[size], k, seed);
	}

	/**
	 * Like {@link #shuffled}, but deals each class separately, so every fold holds each class in about its
	 * share of the data set. Without it a data set sorted by class (as Iris is) can leave a class out of a fold.
	 * @param labels each example's class (or any grouping value)
	 * @param k the number of folds, 2 to {@code labels.length}
	 * @param seed the shuffle seed
	 * @return the folds
	 */
	public static Folds stratified(double[] labels, int k, long seed) {
		if (k < 2 || k > labels.length) {
			throw new IllegalArgumentException("folds must be between 2 and the number of examples (" + labels.length
					+ "), not " + k);
		}
		TreeMap<Double, List<Integer>> byClass = new TreeMap<>();
		for (int i = 0; i < labels.length; i++) {
			byClass.computeIfAbsent(labels[i], (label) -> new ArrayList<>()).add(i);
		}
		Random random = new Random(seed);
		int[] fold = new int[labels.length];
		int next = 0;
		for (List<Integer> members : byClass.values()) {
			Collections.shuffle(members, random);
			for (int index : members) {
				fold[index] = next;
				next = (next + 1) % k;
			}
		}
		return new Folds(fold, k);
	}

	/**
	 * The held-out examples of one fold.
	 * @param f the fold
	 * @return their indices, ascending
	 */
	public int[] test(int f) {
		return IntStream.range(0, this.fold.length).filter((i) -> this.fold[i] == f).toArray();
	}

	/**
	 * The examples of every other fold, which the weights for fold {@code f} are fitted on.
	 * @param f the fold
	 * @return their indices, ascending
	 */
	public int[] train(int f) {
		return IntStream.range(0, this.fold.length).filter((i) -> this.fold[i] != f).toArray();
	}

	@Override
	public int[] fold() {
		return this.fold.clone();
	}

}
