package io.chorus.ensemble.config;

import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.Set;
import java.util.TreeSet;
import java.util.stream.Collectors;

import org.springframework.boot.context.properties.source.ConfigurationPropertyName;
import org.springframework.boot.context.properties.source.ConfigurationPropertySource;
import org.springframework.boot.context.properties.source.ConfigurationPropertySources;
import org.springframework.boot.context.properties.source.IterableConfigurationPropertySource;
import org.springframework.core.env.Environment;

/**
 * Finds ensemble names that Spring's map binding split at a dot. {@code chorus.ensembles.fraud.v2.strategy}
 * binds as ensemble {@code fraud} with an unknown property {@code v2}, which would otherwise surface as a
 * misleading "strategy is required" for {@code fraud}; a dotted name must be written in brackets,
 * {@code chorus.ensembles[fraud.v2]} ({@code "[fraud.v2]":} in YAML).
 */
final class DottedEnsembleNames {

	private static final ConfigurationPropertyName ENSEMBLES = ConfigurationPropertyName.of("chorus.ensembles");

	/** The properties of one ensemble in uniform form (lower case, no dashes: waitPolicy, wait-policy → waitpolicy). */
	private static final Set<String> PROPERTIES = Arrays.stream(ChorusProperties.Ensemble.class.getRecordComponents())
		.map((component) -> component.getName().toLowerCase(java.util.Locale.ROOT))
		.collect(Collectors.toUnmodifiableSet());

	private DottedEnsembleNames() {
	}

	/**
	 * One problem per ensemble key whose next element is no ensemble property.
	 * @param environment the environment the configuration is bound from
	 * @return the problems, each naming the key and the bracket form
	 */
	static List<String> problems(Environment environment) {
		Set<String> problems = new TreeSet<>();
		for (ConfigurationPropertySource source : ConfigurationPropertySources.get(environment)) {
			if (!(source instanceof IterableConfigurationPropertySource iterable)) {
				continue;
			}
			iterable.stream().filter(ENSEMBLES::isAncestorOf).forEach((name) -> {
				if (name.getNumberOfElements() > 3 && !name.isNumericIndex(3)
						&& !PROPERTIES.contains(name.getElement(3, ConfigurationPropertyName.Form.UNIFORM))) {
					String ensemble = name.getElement(2, ConfigurationPropertyName.Form.ORIGINAL);
					String rest = name.getElement(3, ConfigurationPropertyName.Form.ORIGINAL);
					problems.add("chorus.ensembles." + ensemble + "." + rest + ": '" + rest
							+ "' is not an ensemble property; an ensemble name with a dot must be written in brackets:"
							+ " chorus.ensembles[" + ensemble + "." + rest + "] (in YAML: \"[" + ensemble + "." + rest + "]\":)");
				}
			});
		}
		return new ArrayList<>(problems);
	}

}
