package io.chorus.gateway.apidocs;

import java.net.URI;
import java.util.LinkedHashSet;
import java.util.Set;

import io.chorus.gateway.management.ManagementPort;
import io.chorus.gateway.route.EnsembleServiceProperties;
import reactor.core.publisher.Mono;
import reactor.netty.http.client.HttpClient;
import tools.jackson.databind.json.JsonMapper;

import org.springframework.beans.factory.ObjectProvider;
import org.springframework.boot.autoconfigure.condition.ConditionalOnProperty;
import org.springframework.context.annotation.Bean;
import org.springframework.context.annotation.Configuration;
import org.springframework.http.HttpStatus;
import org.springframework.http.MediaType;
import org.springframework.web.reactive.DispatcherHandler;
import org.springframework.web.reactive.function.server.HandlerFunction;
import org.springframework.web.reactive.function.server.RouterFunction;
import org.springframework.web.reactive.function.server.RouterFunctions;
import org.springframework.web.reactive.function.server.ServerResponse;

/**
 * Serves the OpenAPI document at {@code /v3/api-docs} and the Swagger UI at {@code /swagger-ui/index.html}
 * ({@code /swagger-ui.html} redirects there) on the public port, unless {@code chorus.gateway.api-docs.enabled}
 * is false.
 */
@Configuration(proxyBeanMethods = false)
@ConditionalOnProperty(name = "chorus.gateway.api-docs.enabled", havingValue = "true", matchIfMissing = true)
class ApiDocsConfiguration {

	/** Where the document is served (springdoc's path, which tools look for). */
	static final String DOCUMENT = "/v3/api-docs";

	private static final Set<String> REDIRECTS = Set.of("/swagger-ui.html", "/swagger-ui", SwaggerUi.PREFIX);

	/**
	 * The Swagger UI page's policy: its own scripts, styles (and the inline styles it renders), images and
	 * requests to this origin only; never framed.
	 */
	static final String PAGE_CSP = "default-src 'none'; script-src 'self'; style-src 'self' 'unsafe-inline'; "
			+ "img-src 'self' data:; connect-src 'self'; font-src 'self' data:; base-uri 'none'; form-action 'none'; "
			+ "frame-ancestors 'none'";

	@Bean
	EnsembleNames apiDocsEnsembleNames(ObjectProvider<HttpClient> gatewayClient,
			EnsembleServiceProperties ensembleService, JsonMapper json, ApiDocsProperties properties) {
		HttpClient client = gatewayClient.getIfUnique(HttpClient::create);
		return new EnsembleNames(client, ensembleService.uri(), json, properties.catalogRefresh(),
				properties.catalogTimeout());
	}

	@Bean
	ApiDocument apiDocument(JsonMapper json) {
		return new ApiDocument(json);
	}

	@Bean
	SwaggerUi swaggerUi() {
		return new SwaggerUi();
	}

	@Bean
	RouterFunction<ServerResponse> apiDocsRoutes(EnsembleNames names, ApiDocument document, SwaggerUi ui) {
		RouterFunctions.Builder routes = RouterFunctions.route()
			.GET(DOCUMENT, (request) -> names.current()
				.map(document::render)
				.flatMap((json) -> ServerResponse.ok().contentType(MediaType.APPLICATION_JSON).bodyValue(json)));
		HandlerFunction<ServerResponse> toIndex = (request) -> ServerResponse.status(HttpStatus.FOUND)
			.location(URI.create(SwaggerUi.INDEX))
			.build();
		REDIRECTS.forEach((path) -> routes.GET(path, toIndex));
		ui.assets().forEach((path, asset) -> routes.GET(path, (request) -> {
			if (SwaggerUi.INDEX.equals(path)) {
				// Runs after the header policy's own commit action, so this page's policy replaces the API's.
				request.exchange().getResponse().beforeCommit(() -> {
					request.exchange().getResponse().getHeaders().set("Content-Security-Policy", PAGE_CSP);
					return Mono.empty();
				});
			}
			return asset.bytes().flatMap((bytes) -> ServerResponse.ok().contentType(asset.type()).bodyValue(bytes));
		}));
		return routes.build();
	}

	@Bean
	ApiDocsWebFilter apiDocsWebFilter(SwaggerUi ui, ManagementPort managementPort,
			ObjectProvider<DispatcherHandler> routing) {
		Set<String> paths = new LinkedHashSet<>();
		paths.add(DOCUMENT);
		paths.addAll(REDIRECTS);
		paths.addAll(ui.assets().keySet());
		return new ApiDocsWebFilter(paths, managementPort, routing.getObject());
	}

}
