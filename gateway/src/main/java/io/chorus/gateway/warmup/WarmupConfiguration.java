package io.chorus.gateway.warmup;

import java.net.InetAddress;

import io.chorus.gateway.route.EnsembleServiceProperties;
import io.micrometer.core.instrument.MeterRegistry;
import reactor.core.publisher.Flux;
import reactor.core.scheduler.Schedulers;
import reactor.netty.http.client.HttpClient;

import org.springframework.beans.factory.ObjectProvider;
import org.springframework.boot.context.event.ApplicationStartedEvent;
import org.springframework.boot.web.server.context.WebServerApplicationContext;
import org.springframework.cloud.gateway.event.RefreshRoutesEvent;
import org.springframework.cloud.gateway.route.RouteLocator;
import org.springframework.cloud.gateway.route.builder.RouteLocatorBuilder;
import org.springframework.context.ApplicationListener;
import org.springframework.context.annotation.Bean;
import org.springframework.context.annotation.Configuration;
import org.springframework.core.Ordered;
import org.springframework.web.reactive.DispatcherHandler;

/**
 * Runs the warm-up once the application has started, holds the readiness group back until it is done, and
 * routes its loopback requests to the in-process stand-in while it runs (the route is gone afterwards).
 */
@Configuration(proxyBeanMethods = false)
class WarmupConfiguration {

	/** The id of the route that exists only while the warm-up runs. */
	static final String ROUTE_ID = "chorus-warmup";

	@Bean
	GatewayWarmup gatewayWarmup(GatewayWarmupProperties properties, ObjectProvider<HttpClient> gatewayClient,
			EnsembleServiceProperties ensembleService, MeterRegistry meters) {
		return new GatewayWarmup(properties, gatewayClient.getIfUnique(), ensembleService.uri(),
				Math.toIntExact(ensembleService.connectTimeout().toMillis()), meters);
	}

	/** Named {@code warmup}: the readiness group includes it (see application.yml). */
	@Bean
	WarmupHealthIndicator warmupHealthIndicator(GatewayWarmup warmup) {
		return new WarmupHealthIndicator(warmup);
	}

	@Bean
	WarmupWebFilter warmupWebFilter(GatewayWarmup warmup, ObjectProvider<DispatcherHandler> routing) {
		return new WarmupWebFilter(warmup, routing.getObject());
	}

	/** Last in order, so the public routes' predicates are tried (and fail) first, as for any request. */
	@Bean
	RouteLocator warmupRoute(RouteLocatorBuilder builder, GatewayWarmup warmup) {
		return () -> warmup.isWarming() ? builder.routes()
			.route(ROUTE_ID, (r) -> r.order(Ordered.LOWEST_PRECEDENCE)
				.path(GatewayWarmup.PREFIX + "**")
				.and()
				.predicate(warmup::accepts)
				.uri(warmup.standInUri()))
			.build()
			.getRoutes() : Flux.empty();
	}

	@Bean
	ApplicationListener<ApplicationStartedEvent> gatewayWarmupStarter(GatewayWarmup warmup,
			GatewayWarmupProperties properties) {
		return (event) -> {
			int port = ((WebServerApplicationContext) event.getApplicationContext()).getWebServer().getPort();
			String address = event.getApplicationContext().getEnvironment().getProperty("server.address");
			warmup.start(host(address), port,
					// Drops the warm-up route; off the event loop, where route refresh listeners may do anything.
					() -> Schedulers.boundedElastic().schedule(() -> {
						event.getApplicationContext().publishEvent(new RefreshRoutesEvent(warmup));
						if (properties.exitWhenDone()) {
							TrainingExit.exit(event.getApplicationContext());
						}
					}));
		};
	}

	/** The address to reach the public server at from this host: loopback unless it listens on one address. */
	private static String host(String address) {
		try {
			if (address == null || address.isBlank() || InetAddress.getByName(address).isAnyLocalAddress()) {
				return "127.0.0.1";
			}
		}
		catch (java.net.UnknownHostException ex) {
			return "127.0.0.1";
		}
		return address.contains(":") ? "[" + address + "]" : address;
	}

}
