package io.chorus.ensemble.api;

import java.util.stream.Stream;

import io.micrometer.tracing.propagation.Propagator;
import org.apache.commons.logging.Log;
import org.apache.commons.logging.LogFactory;
import reactor.core.publisher.Mono;

import org.springframework.beans.factory.ObjectProvider;
import org.springframework.boot.context.event.ApplicationReadyEvent;
import org.springframework.context.ApplicationListener;
import org.springframework.context.annotation.Bean;
import org.springframework.context.annotation.Configuration;
import org.springframework.web.reactive.function.server.RequestPredicate;
import org.springframework.web.reactive.function.server.RequestPredicates;
import org.springframework.web.reactive.function.server.RouterFunction;
import org.springframework.web.reactive.function.server.RouterFunctions;
import org.springframework.web.reactive.function.server.ServerResponse;

import io.chorus.ensemble.aggregate.AggregatorRegistry;
import io.chorus.ensemble.cache.SharedAnswers;
import io.chorus.ensemble.cascade.CascadeExecutor;
import io.chorus.ensemble.config.ChorusProperties;
import io.chorus.ensemble.config.EnsembleCatalog;
import io.chorus.ensemble.error.ApiException;
import io.chorus.ensemble.error.JsonErrorHandler;
import io.chorus.ensemble.metrics.EnsembleMetrics;
import io.chorus.ensemble.reload.LiveEnsembles;
import io.chorus.ensemble.shadow.ShadowRunner;


/**
 * The Open Inference Protocol routes that serve each ensemble as a model.
 */
@Configuration(proxyBeanMethods = false)
public class InferenceRoutes {

	private static final Log logger = LogFactory.getLog(InferenceRoutes.class);

	private static final RequestPredicate KNOWN_PATHS = Stream
		.of("/v2/models/{name}/infer", "/v2/models/{name}/versions/{version}/infer", "/v2/models/{name}/ready",
				"/v2/models/{name}/versions/{version}/ready", "/v2/models/{name}",
				"/v2/models/{name}/versions/{version}", "/v2/health/live", "/v2/health/ready", "/v2",
				"/v1/models/{name}:predict", "/v1/models/{name}", "/v2/repository/index")
		.map(RequestPredicates::path)
		.reduce(RequestPredicate::or)
		.orElseThrow();

	/**
	 * The routes.
	 * @param live the ensembles served now, reloadable
	 * @param metadata ensemble metadata and readiness
	 * @param metrics the service's meters
	 * @param properties the request limits
	 * @param shadows calls the shadow members
	 * @param shared single-flight and the response cache
	 * @param cascades runs confidence cascades
	 * @param propagator the tracer's propagator (none when tracing is off)
	 * @return the router
	 */
	@Bean
	RouterFunction<ServerResponse> inferenceRouter(LiveEnsembles live, EnsembleMetadata metadata,
			EnsembleMetrics metrics, ChorusProperties properties, ShadowRunner shadows, SharedAnswers shared,
			CascadeExecutor cascades, ObjectProvider<Propagator> propagator) {
		RequestBodies bodies = new RequestBodies(properties.limits().maxRequestSize().toBytes());
		InferenceHandler handler = new InferenceHandler(live, metadata, metrics, bodies,
				new ResultResponses(properties.detail().memberErrors()), shadows, shared, cascades,
				propagator.getIfAvailable(() -> Propagator.NOOP));
		return RouterFunctions.route()
			.POST("/v2/models/{name}/infer", handler::infer)
			.POST("/v2/models/{name}/versions/{version}/infer", handler::infer)
			.GET("/v2/models/{name}/ready", handler::modelReady)
			.GET("/v2/models/{name}/versions/{version}/ready", handler::modelReady)
			.GET("/v2/models/{name}", handler::modelMetadata)
			.GET("/v2/models/{name}/versions/{version}", handler::modelMetadata)
			.GET("/v2/health/live", handler::live)
			.GET("/v2/health/ready", handler::ready)
			.GET("/v2", handler::server)
			.POST("/v1/models/{name}:predict", handler::predictV1)
			.GET("/v1/models/{name}", handler::v1ModelStatus)
			.POST("/v2/repository/index", handler::repositoryIndex)
			// Known paths with another method: 405 rather than the 404 of an unknown path.
			.route(KNOWN_PATHS, (request) -> bodies.refuse(request, new ApiException(405, "method " + request.method()
					+ " is not allowed on " + request.path())))
			.build();
	}

	/**
	 * Ensemble metadata derived from the members, and readiness from their breakers.
	 * @param live the ensembles served now, whose member clients answer
	 * @param aggregators the strategies (to derive output metadata)
	 * @return the metadata source
	 */
	@Bean
	EnsembleMetadata ensembleMetadata(LiveEnsembles live, AggregatorRegistry aggregators) {
		return new EnsembleMetadata(live::clients, aggregators);
	}

	/**
	 * Fetches every ensemble's metadata once the service is ready, without waiting for it: this opens
	 * connections to the members and warms the request path, so the first client request is not the one
	 * that pays for it, and it logs members that cannot be reached.
	 * @param live the ensembles served (those of the watched files too, which are read before the server starts)
	 * @param metadata the metadata source
	 * @return the listener
	 */
	@Bean
	ApplicationListener<ApplicationReadyEvent> memberWarmup(LiveEnsembles live, EnsembleMetadata metadata) {
		return (event) -> {
			EnsembleCatalog catalog = live.catalog();
			if (catalog.all().isEmpty()) {
				logger.warn("No ensembles are configured (chorus.ensembles is empty): every model request will get 404. "
						+ "See docs/ensemble-service.md, or run with --spring.profiles.active=demo for the demo set.");
			}
			catalog.all().forEach((spec) -> metadata.of(spec)
			.switchIfEmpty(Mono.fromRunnable(() -> logger.warn("Ensemble '" + spec.name()
					+ "': no member answered a metadata request at start-up; are the members up?")))
			.subscribe((meta) -> logger.info("Ensemble '" + spec.name() + "' ready to serve: " + spec.members().size()
					+ " members, strategy " + spec.strategy() + ", quorum " + spec.quorum())));
		};
	}

	/**
	 * Renders every error as JSON.
	 * @return the handler
	 */
	@Bean
	JsonErrorHandler jsonErrorHandler() {
		return new JsonErrorHandler();
	}

}
