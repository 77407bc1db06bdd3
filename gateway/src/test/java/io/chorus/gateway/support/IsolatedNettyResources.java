package io.chorus.gateway.support;

import org.springframework.context.annotation.Bean;
import org.springframework.context.annotation.Configuration;
import org.springframework.http.client.ReactorResourceFactory;

/**
 * Gives each test gateway event loops of its own. By default every context in a JVM shares
 * Reactor Netty's global loops, and closing one context would stop them for the others.
 */
@Configuration(proxyBeanMethods = false)
class IsolatedNettyResources {

	@Bean
	ReactorResourceFactory reactorResourceFactory() {
		ReactorResourceFactory factory = new ReactorResourceFactory();
		factory.setUseGlobalResources(false);
		return factory;
	}

}
