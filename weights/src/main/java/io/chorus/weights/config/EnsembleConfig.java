package io.chorus.weights.config;

import java.nio.file.Path;
import java.util.List;

/**
 * The parts of one {@code chorus.ensembles.<name>} entry that weight fitting needs.
 *
 * @param name the ensemble name
 * @param strategy the aggregation strategy, such as {@code soft-vote} or {@code weighted-mean}
 * @param outputs the outputs the ensemble aggregates; the first is the one the weights are fitted on
 * @param members the members, in configuration order
 */
public record EnsembleConfig(String name, String strategy, List<String> outputs, List<MemberConfig> members) {

	/** Copies lists. */
	public EnsembleConfig {
		outputs = List.copyOf(outputs);
		members = List.copyOf(members);
	}

	/**
	 * Reads one ensemble from an ensemble-service YAML file.
	 * @param file the YAML file ({@code application.yml} or a profile file)
	 * @param ensemble the ensemble name under {@code chorus.ensembles}
	 * @return the ensemble
	 * @throws IllegalArgumentException naming every problem found
	 */
	public static EnsembleConfig read(Path file, String ensemble) {
		return EnsembleYaml.read(file, ensemble);
	}

	/**
	 * The member names, in order.
	 * @return the names
	 */
	public List<String> memberNames() {
		return this.members.stream().map(MemberConfig::name).toList();
	}

}
