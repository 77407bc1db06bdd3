package io.chorus.gateway.ratelimit;

import java.util.List;
import java.util.Set;
import java.util.stream.StreamSupport;

import org.springframework.boot.context.properties.source.ConfigurationPropertyName;
import org.springframework.boot.context.properties.source.ConfigurationPropertyName.Form;
import org.springframework.boot.context.properties.source.ConfigurationPropertySources;
import org.springframework.boot.context.properties.source.IterableConfigurationPropertySource;
import org.springframework.core.env.Environment;

/**
 * Refuses rate-limit client names that Spring's map binding would split at their dots.
 *
 * <p>{@code chorus.gateway.rate-limit.clients.partner.acme.replenish-rate} binds the key
 * {@code partner} and silently drops {@code acme.replenish-rate}, so client {@code partner.acme}
 * would quietly get the default limits. Only the bracket form
 * {@code clients[partner.acme].replenish-rate} (in YAML {@code "[partner.acme]":}) keeps the dot.
 * So every property under {@code clients} must be exactly {@code clients.<name>.<setting>}; any
 * other shape stops start-up with the key named.
 */
final class ClientBucketKeys {

	private static final ConfigurationPropertyName CLIENTS = ConfigurationPropertyName.of("chorus.gateway.rate-limit.clients");

	private static final Set<String> SETTINGS = Set.of("replenishrate", "burstcapacity", "requestedtokens");

	private ClientBucketKeys() {
	}

	/**
	 * Checks every configured {@code chorus.gateway.rate-limit.clients} key.
	 * @param environment the environment the properties come from
	 * @throws IllegalStateException naming the first key that does not have the expected shape
	 */
	static void check(Environment environment) {
		List<String> wrong = StreamSupport.stream(ConfigurationPropertySources.get(environment).spliterator(), false)
			.filter(IterableConfigurationPropertySource.class::isInstance)
			.flatMap((source) -> ((IterableConfigurationPropertySource) source).stream())
			.filter(CLIENTS::isAncestorOf)
			.filter((name) -> !isClientSetting(name))
			.map(ConfigurationPropertyName::toString)
			.distinct()
			.sorted()
			.toList();
		if (!wrong.isEmpty()) {
			throw new IllegalStateException("Cannot bind " + wrong + ": a rate-limit client property must be "
					+ "chorus.gateway.rate-limit.clients.<client>.(replenish-rate|burst-capacity|requested-tokens). "
					+ "A client name with dots needs brackets, e.g. chorus.gateway.rate-limit.clients[partner.acme]"
					+ ".replenish-rate (in YAML: clients: {\"[partner.acme]\": {replenish-rate: 5}}); without them "
					+ "Spring splits the name at its dots and the client silently gets the default limits");
		}
	}

	private static boolean isClientSetting(ConfigurationPropertyName name) {
		return name.getNumberOfElements() == CLIENTS.getNumberOfElements() + 2
				&& SETTINGS.contains(name.getLastElement(Form.UNIFORM));
	}

}
