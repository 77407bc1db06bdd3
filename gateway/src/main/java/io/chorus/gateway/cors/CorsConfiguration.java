package io.chorus.gateway.cors;

import io.chorus.gateway.EdgeOrder;
import io.chorus.gateway.management.ManagementPort;
import reactor.core.publisher.Mono;

import org.springframework.context.annotation.Bean;
import org.springframework.context.annotation.Configuration;
import org.springframework.core.Ordered;
import org.springframework.web.cors.reactive.CorsWebFilter;
import org.springframework.web.cors.reactive.UrlBasedCorsConfigurationSource;
import org.springframework.web.server.ServerWebExchange;
import org.springframework.web.server.WebFilter;
import org.springframework.web.server.WebFilterChain;

/**
 * Registers the CORS filter ahead of authentication, so pre-flight requests (which carry no
 * API key) are answered.
 */
@Configuration(proxyBeanMethods = false)
class CorsConfiguration {

	@Bean
	WebFilter chorusCorsWebFilter(CorsProperties properties, ManagementPort managementPort) {
		org.springframework.web.cors.CorsConfiguration cors = new org.springframework.web.cors.CorsConfiguration();
		cors.setAllowedOriginPatterns(properties.allowedOrigins());
		cors.setAllowedMethods(properties.allowedMethods());
		cors.setAllowedHeaders(properties.allowedHeaders());
		cors.setExposedHeaders(properties.exposedHeaders());
		cors.setAllowCredentials(properties.allowCredentials());
		cors.setMaxAge(properties.maxAge());
		UrlBasedCorsConfigurationSource source = new UrlBasedCorsConfigurationSource();
		if (!properties.allowedOrigins().isEmpty()) {
			source.registerCorsConfiguration("/**", cors);
		}
		return new PublicCorsWebFilter(new CorsWebFilter(source), managementPort);
	}

	private static final class PublicCorsWebFilter implements WebFilter, Ordered {

		private final CorsWebFilter delegate;

		private final ManagementPort managementPort;

		PublicCorsWebFilter(CorsWebFilter delegate, ManagementPort managementPort) {
			this.delegate = delegate;
			this.managementPort = managementPort;
		}

		@Override
		public Mono<Void> filter(ServerWebExchange exchange, WebFilterChain chain) {
			if (this.managementPort.isManagementRequest(exchange)) {
				return chain.filter(exchange);
			}
			return this.delegate.filter(exchange, chain);
		}

		@Override
		public int getOrder() {
			return EdgeOrder.CORS;
		}

	}

}
