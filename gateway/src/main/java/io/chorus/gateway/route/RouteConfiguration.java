package io.chorus.gateway.route;

import io.github.resilience4j.circuitbreaker.CircuitBreakerRegistry;
import io.github.resilience4j.micrometer.tagged.TaggedCircuitBreakerMetrics;
import io.micrometer.core.instrument.MeterRegistry;

import org.springframework.cloud.gateway.config.HttpClientCustomizer;
import org.springframework.cloud.gateway.route.RouteLocator;
import org.springframework.cloud.gateway.route.builder.GatewayFilterSpec;
import org.springframework.cloud.gateway.route.builder.RouteLocatorBuilder;
import org.springframework.cloud.gateway.support.RouteMetadataUtils;
import org.springframework.context.annotation.Bean;
import org.springframework.context.annotation.Configuration;

/**
 * Declares the public routes: the inference API to ensemble-service, and the configured direct
 * routes to single model servers. Each route has its own timeouts and circuit breaker; the
 * response timeout runs inside the breaker and starts once the request has been sent.
 */
@Configuration(proxyBeanMethods = false)
class RouteConfiguration {

	/** The id of the route to ensemble-service; also its circuit breaker's name. */
	static final String ENSEMBLE_SERVICE = "ensemble-service";

	/**
	 * Turns off Spring Cloud Gateway's timeout around the whole exchange (upload included) for
	 * a route: {@link UpstreamResponseTimeout} times the answer only.
	 */
	private static final long NO_WHOLE_EXCHANGE_TIMEOUT = -1;

	@Bean
	HttpClientCustomizer upstreamResponseTimeoutCustomizer() {
		return UpstreamResponseTimeout.customizer();
	}

	@Bean
	CircuitBreakerRegistry chorusCircuitBreakerRegistry(MeterRegistry meterRegistry) {
		CircuitBreakerRegistry registry = CircuitBreakerRegistry.ofDefaults();
		TaggedCircuitBreakerMetrics.ofCircuitBreakerRegistry(registry).bindTo(meterRegistry);
		return registry;
	}

	@Bean
	RouteLocator chorusRoutes(RouteLocatorBuilder builder, EnsembleServiceProperties ensembleService,
			DirectRoutesProperties direct, CircuitBreakerRegistry breakers) {
		RouteLocatorBuilder.Builder routes = builder.routes()
			.route(ENSEMBLE_SERVICE, (r) -> r
				.path("/v2/models/**", "/v1/models/**", "/v2/health/**", "/v2")
				.filters((f) -> breaker(f, breakers, ENSEMBLE_SERVICE, ensembleService.circuitBreaker())
					.filter(new UpstreamResponseTimeout(ensembleService.responseTimeout())))
				.metadata(RouteMetadataUtils.CONNECT_TIMEOUT_ATTR, millis(ensembleService.connectTimeout()))
				.metadata(RouteMetadataUtils.RESPONSE_TIMEOUT_ATTR, NO_WHOLE_EXCHANGE_TIMEOUT)
				.uri(ensembleService.uri()));
		for (DirectRoutesProperties.DirectRoute route : direct.directRoutes()) {
			String id = "direct-" + route.id();
			routes = routes.route(id, (r) -> r.path("/direct/" + route.id() + "/**")
				.filters((f) -> breaker(f.stripPrefix(2), breakers, id, route.circuitBreaker())
					.filter(new UpstreamResponseTimeout(route.responseTimeout())))
				.metadata(RouteMetadataUtils.CONNECT_TIMEOUT_ATTR, millis(route.connectTimeout()))
				.metadata(RouteMetadataUtils.RESPONSE_TIMEOUT_ATTR, NO_WHOLE_EXCHANGE_TIMEOUT)
				.uri(route.uri()));
		}
		return routes.build();
	}

	private static GatewayFilterSpec breaker(GatewayFilterSpec filters, CircuitBreakerRegistry breakers, String name,
			CircuitBreakerSettings settings) {
		if (!settings.enabled()) {
			return filters;
		}
		return filters.filter(new CircuitBreakerGatewayFilter(breakers.circuitBreaker(name, settings.toConfig())));
	}

	private static int millis(java.time.Duration duration) {
		return Math.toIntExact(duration.toMillis());
	}

}
