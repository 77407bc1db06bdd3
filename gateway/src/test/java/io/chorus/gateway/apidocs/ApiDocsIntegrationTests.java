package io.chorus.gateway.apidocs;

import java.io.IOException;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

import io.chorus.gateway.support.GatewayInstance;
import io.chorus.gateway.support.RawHttp;
import io.swagger.v3.oas.models.OpenAPI;
import io.swagger.v3.oas.models.media.Schema;
import io.swagger.v3.parser.OpenAPIV3Parser;
import io.swagger.v3.parser.core.models.ParseOptions;
import io.swagger.v3.parser.core.models.SwaggerParseResult;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

import org.springframework.http.HttpHeaders;
import org.springframework.http.MediaType;
import org.springframework.test.web.reactive.server.EntityExchangeResult;
import org.springframework.test.web.reactive.server.WebTestClient;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * The API docs on a gateway whose ensemble-service stand-in serves a catalog: the document is read by a real
 * OpenAPI parser, the Swagger UI's files are served, and nothing but these exact paths is public.
 */
class ApiDocsIntegrationTests {

	private static CatalogStub catalog;

	private static GatewayInstance gateway;

	@BeforeAll
	static void start() {
		catalog = new CatalogStub(List.of("fraud", "iris", "iris-vote"));
		Map<String, Object> properties = GatewayInstance.baseProperties(catalog.uri());
		properties.put("chorus.gateway.rate-limit.defaults.replenish-rate", "1");
		properties.put("chorus.gateway.rate-limit.defaults.burst-capacity", "3");
		properties.put("chorus.gateway.cors.allowed-origins", "https://app.example.com");
		properties.put("chorus.gateway.api-docs.catalog-refresh", "300ms");
		gateway = GatewayInstance.start(properties);
	}

	@AfterAll
	static void stop() {
		gateway.close();
		catalog.close();
	}

	@Test
	void servesADocumentThatAnOpenApiParserReadsWithoutProblemsNamingTheCatalogsEnsembles() {
		EntityExchangeResult<String> result = gateway.client().get().uri("/v3/api-docs").exchange()
			.expectStatus().isOk()
			.expectHeader().contentTypeCompatibleWith(MediaType.APPLICATION_JSON)
			.expectHeader().exists("X-Request-Id")
			.expectBody(String.class).returnResult();
		OpenAPI api = parse(result.getResponseBody());
		Schema<?> name = api.getComponents().getSchemas().get("EnsembleName");
		assertThat(names(name)).containsExactly("fraud", "iris", "iris-vote");
		assertThat(name.getExtensions()).containsEntry("x-chorus-catalog", "live");
		assertThat(api.getComponents().getSecuritySchemes()).containsKeys("bearerAuth", "apiKey");
		assertThat(api.getPaths()).containsKeys("/v2/models/{name}/infer", "/v2/models/{name}", "/v2/models/{name}/ready",
				"/v2/health/live", "/v2/health/ready", "/v2", "/v1/models/{name}:predict");
		api.getPaths().forEach((path, item) -> item.readOperations().forEach((operation) -> {
			assertThat(operation.getResponses()).as(path).containsKeys("401", "429", "500", "503");
			if (path.contains("{name}")) {
				assertThat(operation.getResponses()).as(path).containsKeys("403", "404");
			}
		}));
	}

	@Test
	void followsTheCatalogAndKeepsTheLastNamesKnownWhileEnsembleServiceIsAway() throws Exception {
		CatalogStub changing = new CatalogStub(List.of("a", "b"));
		Map<String, Object> properties = GatewayInstance.baseProperties(changing.uri());
		properties.put("chorus.gateway.api-docs.catalog-refresh", "200ms");
		try (GatewayInstance own = GatewayInstance.start(properties)) {
			assertThat(ensembleNames(own)).containsExactly("a", "b");
			changing.serve(List.of("a", "b", "c"));
			Thread.sleep(400);
			assertThat(ensembleNames(own)).containsExactly("a", "b", "c");
			changing.goDown();
			Thread.sleep(400);
			Schema<?> name = ensembleSchema(own);
			assertThat(names(name)).containsExactly("a", "b", "c");
			assertThat(name.getExtensions()).containsEntry("x-chorus-catalog", "last-known");
			assertThat(name.getDescription()).contains("could not be reached");
		}
		finally {
			changing.close();
		}
	}

	@Test
	void servesTheDocumentWithoutNamesWhenEnsembleServiceWasNeverReached() {
		Map<String, Object> properties = GatewayInstance.baseProperties("http://127.0.0.1:1");
		try (GatewayInstance own = GatewayInstance.start(properties)) {
			Schema<?> name = ensembleSchema(own);
			assertThat(name.getEnum()).isNull();
			assertThat(name.getExtensions()).containsEntry("x-chorus-catalog", "unavailable");
		}
	}

	@Test
	void sharesOneCatalogReadAmongDocumentRequestsWithinTheRefreshPeriod() {
		CatalogStub counted = new CatalogStub(List.of("x"));
		Map<String, Object> properties = GatewayInstance.baseProperties(counted.uri());
		properties.put("chorus.gateway.api-docs.catalog-refresh", "1h");
		try (counted; GatewayInstance own = GatewayInstance.start(properties)) {
			for (int i = 0; i < 5; i++) {
				assertThat(ensembleNames(own)).containsExactly("x");
			}
			assertThat(counted.reads()).isEqualTo(1);
		}
	}

	@Test
	void readsTheCatalogOnceMoreWhenAConnectionClosesWithoutAnAnswer() {
		CatalogStub closing = new CatalogStub(List.of("y"));
		closing.closeWithoutAnswer(1);
		try (closing; GatewayInstance own = GatewayInstance.start(GatewayInstance.baseProperties(closing.uri()))) {
			Schema<?> name = ensembleSchema(own);
			assertThat(names(name)).containsExactly("y");
			assertThat(name.getExtensions()).containsEntry("x-chorus-catalog", "live");
			assertThat(closing.reads()).isEqualTo(2);
		}
	}

	@Test
	void servesTheSwaggerUiPageAndEveryFileItLoadsWithoutAKey() {
		WebTestClient client = gateway.client()
			.mutate()
			.codecs((codecs) -> codecs.defaultCodecs().maxInMemorySize(8 * 1024 * 1024))
			.build();
		client.get().uri("/swagger-ui.html").exchange()
			.expectStatus().isFound()
			.expectHeader().location("/swagger-ui/index.html");
		String page = client.get().uri("/swagger-ui/index.html").exchange()
			.expectStatus().isOk()
			.expectHeader().contentTypeCompatibleWith(MediaType.TEXT_HTML)
			.expectHeader().valueEquals("Content-Security-Policy", ApiDocsConfiguration.PAGE_CSP)
			.expectHeader().valueEquals("X-Frame-Options", "DENY")
			.expectBody(String.class).returnResult().getResponseBody();
		List<String> files = new ArrayList<>();
		Matcher references = Pattern.compile("(?:src|href)=\"\\./([^\"]+)\"").matcher(page);
		while (references.find()) {
			files.add(references.group(1));
		}
		assertThat(files).contains("swagger-ui-bundle.js", "swagger-initializer.js", "swagger-ui.css");
		for (String file : files) {
			MediaType expected = file.endsWith(".js") ? MediaType.parseMediaType("text/javascript")
					: file.endsWith(".css") ? MediaType.parseMediaType("text/css") : MediaType.IMAGE_PNG;
			byte[] body = client.get().uri("/swagger-ui/" + file).exchange()
				.expectStatus().isOk()
				.expectHeader().contentTypeCompatibleWith(expected)
				.expectBody().returnResult().getResponseBody();
			assertThat(body).as(file).isNotEmpty();
		}
		String initializer = client.get().uri("/swagger-ui/swagger-initializer.js").exchange()
			.expectBody(String.class).returnResult().getResponseBody();
		assertThat(initializer).contains("url: \"/v3/api-docs\"").contains("validatorUrl: null");
		assertThat(client.get().uri("/swagger-ui/swagger-ui-bundle.js").exchange()
			.expectBody(String.class).returnResult().getResponseBody()).contains("SwaggerUIBundle");
	}

	@Test
	void makesNothingButTheDocsPathsPublic() throws IOException {
		// Dot segments and encoded slashes are refused before anything looks at the path.
		assertThat(rawGet("/v3/api-docs/../v2/models/iris/infer")).isEqualTo(400);
		assertThat(rawGet("/v3/api-docs/%2e%2e/v2/models/iris")).isEqualTo(400);
		assertThat(rawGet("/swagger-ui/..%2Fv2/models/iris")).isEqualTo(400);
		// Any other spelling of a docs path, and any other file, needs a key.
		for (String path : List.of("/v3/api-docs/", "/v3/api-docs/x", "/v3/api-docs;x=1", "/v3/%61pi-docs",
				"/V3/api-docs", "/v3/api-docs.yaml", "/swagger-ui/swagger-ui.js", "/swagger-ui/oauth2-redirect.html",
				"/swagger-ui/index.html/", "/swagger-ui/Index.html", "/webjars/swagger-ui/5.34.1/index.html",
				"/v2/models/iris", "/v2")) {
			assertThat(rawGet(path)).as(path).isEqualTo(401);
		}
		gateway.client().post().uri("/v3/api-docs").exchange().expectStatus().isUnauthorized();
		// With a key, a path that is not a docs file is simply not found: the webjar is not served wholesale.
		gateway.client().get().uri("/webjars/swagger-ui/5.34.1/swagger-ui.js")
			.header(HttpHeaders.AUTHORIZATION, "Bearer " + GatewayInstance.ACME_KEY)
			.exchange()
			.expectStatus().isNotFound();
	}

	@Test
	void docsRequestsTakeNoTokensFromAnyRateLimit() {
		for (int i = 0; i < 10; i++) {
			gateway.client().get().uri("/v3/api-docs").exchange().expectStatus().isOk();
			gateway.client().get().uri("/v3/api-docs")
				.header(HttpHeaders.AUTHORIZATION, "Bearer " + GatewayInstance.LIMITED_KEY)
				.exchange()
				.expectStatus().isOk()
				.expectHeader().doesNotExist("X-RateLimit-Remaining");
		}
	}

	@Test
	void aSameOriginRequestFromThePageIsNotRefusedAsCrossOrigin() {
		// The page calls the API from the gateway's own origin; CORS is configured for another origin only.
		gateway.client().get().uri("/v3/api-docs")
			.header(HttpHeaders.ORIGIN, "http://127.0.0.1:" + gateway.port())
			.exchange()
			.expectStatus().isOk();
	}

	@Test
	void servesNoDocsWhenTurnedOff() {
		Map<String, Object> properties = GatewayInstance.baseProperties(catalog.uri());
		properties.put("chorus.gateway.api-docs.enabled", "false");
		try (GatewayInstance own = GatewayInstance.start(properties)) {
			own.client().get().uri("/v3/api-docs").exchange().expectStatus().isUnauthorized();
			own.client().get().uri("/swagger-ui/index.html").exchange().expectStatus().isUnauthorized();
			own.client().get().uri("/v3/api-docs")
				.header(HttpHeaders.AUTHORIZATION, "Bearer " + GatewayInstance.ACME_KEY)
				.exchange()
				.expectStatus().isNotFound();
		}
	}

	private static int rawGet(String path) throws IOException {
		try (RawHttp http = RawHttp.open(gateway.port(), Duration.ofSeconds(10))) {
			http.send("GET " + path + " HTTP/1.1\r\nHost: 127.0.0.1\r\nConnection: close\r\n\r\n");
			return http.read().status();
		}
	}

	private static List<Object> ensembleNames(GatewayInstance gateway) {
		return names(ensembleSchema(gateway));
	}

	private static List<Object> names(Schema<?> schema) {
		return (schema.getEnum() != null) ? new ArrayList<>(schema.getEnum()) : null;
	}

	private static Schema<?> ensembleSchema(GatewayInstance gateway) {
		String json = gateway.client().get().uri("/v3/api-docs").exchange()
			.expectStatus().isOk()
			.expectBody(String.class).returnResult().getResponseBody();
		return parse(json).getComponents().getSchemas().get("EnsembleName");
	}

	/** Parses as tools do, resolving every reference; any problem the parser reports fails the test. */
	static OpenAPI parse(String json) {
		ParseOptions options = new ParseOptions();
		options.setResolve(true);
		SwaggerParseResult result = new OpenAPIV3Parser().readContents(json, null, options);
		assertThat(result.getMessages()).as("OpenAPI parser messages").isEmpty();
		assertThat(result.getOpenAPI()).isNotNull();
		assertThat(result.getOpenAPI().getOpenapi()).startsWith("3.");
		return result.getOpenAPI();
	}

}
