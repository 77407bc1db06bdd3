package io.chorus.gateway.auth;

import io.chorus.gateway.management.ManagementPort;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

import org.springframework.context.annotation.Bean;
import org.springframework.context.annotation.Configuration;

/**
 * Loads the API keys and refuses to start without any, unless authentication is off.
 */
@Configuration(proxyBeanMethods = false)
class AuthConfiguration {

	private static final Logger log = LoggerFactory.getLogger(AuthConfiguration.class);

	@Bean
	ApiKeyRegistry apiKeyRegistry(AuthProperties properties) {
		if (!properties.enabled()) {
			log.warn("API key authentication is DISABLED (chorus.gateway.auth.enabled=false): "
					+ "every request is accepted as client '{}'", Clients.ANONYMOUS);
			return new ApiKeyRegistry(java.util.List.of());
		}
		ApiKeyRegistry registry = ApiKeyRegistry.load(properties);
		if (registry.isEmpty()) {
			throw new NoApiKeysConfiguredException();
		}
		log.info("API key authentication is on with {} key(s)", registry.size());
		return registry;
	}

	@Bean
	ApiKeyAuthWebFilter apiKeyAuthWebFilter(ApiKeyRegistry registry, AuthProperties properties,
			ManagementPort managementPort) {
		return new ApiKeyAuthWebFilter(registry, properties.enabled(), managementPort);
	}

}
