package io.chorus.mock.model;

import java.util.List;

import io.chorus.mock.behavior.ModelBehavior;
import io.chorus.mock.stats.RequestStats;
import io.chorus.protocol.ModelMetadata;

/**
 * One model as served by a mock: its public name and version, the demo function that computes its answers,
 * its run-time behaviour and its request counters.
 *
 * @param name the name in URLs
 * @param version the single version served
 * @param function the demo function
 * @param behavior the current latency and faults
 * @param stats the request counters
 * @param metadata the v2 metadata, computed once
 */
public record ServedModel(String name, String version, Model function, ModelBehavior behavior, RequestStats stats,
		ModelMetadata metadata) {

	/**
	 * Creates a served model with fresh counters.
	 * @param name the name in URLs
	 * @param version the version
	 * @param function the demo function
	 * @param behavior the behaviour
	 * @return the served model
	 */
	public static ServedModel of(String name, String version, Model function, ModelBehavior behavior) {
		ModelMetadata metadata = new ModelMetadata(name, List.of(version), "chorus_mock",
				List.of(function.input()), function.outputs());
		return new ServedModel(name, version, function, behavior, new RequestStats(), metadata);
	}

}
