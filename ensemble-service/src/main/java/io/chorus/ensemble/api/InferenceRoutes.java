package io.chorus.ensemble.api;

import org.springframework.context.annotation.Bean;
import org.springframework.context.annotation.Configuration;
import org.springframework.web.reactive.function.server.RouterFunction;
import org.springframework.web.reactive.function.server.RouterFunctions;
import org.springframework.web.reactive.function.server.ServerResponse;

import io.chorus.ensemble.aggregate.AggregatorRegistry;
import io.chorus.ensemble.config.ChorusProperties;
import io.chorus.ensemble.config.EnsembleCatalog;
import io.chorus.ensemble.error.JsonErrorHandler;
import io.chorus.ensemble.fanout.EnsembleExecutor;
import io.chorus.ensemble.member.MemberClients;
import io.chorus.ensemble.metrics.EnsembleMetrics;


/**
 * The Open Inference Protocol routes that serve each ensemble as a model.
 */
@Configuration(proxyBeanMethods = false)
public class InferenceRoutes {

	/**
	 * The routes.
	 * @param catalog the ensembles
	 * @param executor runs ensembles
	 * @param clients the member clients (for metadata and readiness)
	 * @param aggregators the strategies (to derive output metadata)
	 * @param metrics the service's meters
	 * @param properties the request limits
	 * @return the router
	 */
	@Bean
	RouterFunction<ServerResponse> inferenceRouter(EnsembleCatalog catalog, EnsembleExecutor executor,
			MemberClients clients, AggregatorRegistry aggregators, EnsembleMetrics metrics, ChorusProperties properties) {
		InferenceHandler handler = new InferenceHandler(catalog, executor, new EnsembleMetadata(clients, aggregators),
				metrics, new RequestBodies(properties.limits().maxRequestSize().toBytes()));
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
			.build();
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
