package io.chorus.ensemble.aggregate;

import java.util.ArrayList;
import java.util.Collections;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import java.util.TreeMap;

/**
 * The aggregation strategies available to ensembles, looked up by {@link Aggregator#name()}.
 */
public final class AggregatorRegistry {

	private final Map<String, Aggregator> byName;

	private AggregatorRegistry(Map<String, Aggregator> byName) {
		this.byName = byName;
	}

	/**
	 * Indexes aggregators by name.
	 * @param aggregators the built-in and user-declared aggregators
	 * @return the registry
	 * @throws IllegalStateException when a name is blank or used by more than one aggregator
	 */
	public static AggregatorRegistry of(List<? extends Aggregator> aggregators) {
		Map<String, Aggregator> byName = new TreeMap<>();
		List<String> duplicates = new ArrayList<>();
		for (Aggregator aggregator : aggregators) {
			String name = aggregator.name();
			if (name == null || name.isBlank()) {
				throw new IllegalStateException("aggregator " + aggregator.getClass().getName() + " has no name");
			}
			Aggregator previous = byName.putIfAbsent(name, aggregator);
			if (previous != null) {
				duplicates.add("'" + name + "' (" + previous.getClass().getName() + " and "
						+ aggregator.getClass().getName() + ")");
			}
		}
		if (!duplicates.isEmpty()) {
			throw new IllegalStateException("more than one aggregator is named " + String.join(", ", duplicates));
		}
		return new AggregatorRegistry(Collections.unmodifiableMap(byName));
	}

	/**
	 * Finds an aggregator by name.
	 * @param name the strategy name, for example {@code weighted-mean}
	 * @return the aggregator, or empty when none has that name
	 */
	public Optional<Aggregator> find(String name) {
		return Optional.ofNullable((name != null) ? this.byName.get(name) : null);
	}

	/**
	 * The names of all registered aggregators, sorted.
	 * @return the names
	 */
	public Set<String> names() {
		return this.byName.keySet();
	}

}
