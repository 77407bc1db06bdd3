package io.chorus.gateway.apidocs;

import java.io.IOException;
import java.io.InputStream;
import java.io.UncheckedIOException;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.Properties;

import reactor.core.publisher.Mono;
import reactor.core.scheduler.Schedulers;

import org.springframework.core.io.ClassPathResource;
import org.springframework.http.MediaType;

/**
 * The files of the Swagger UI page: our own {@code index.html} and {@code swagger-initializer.js} (pointing at
 * {@code /v3/api-docs}, with the online validator off), and the UI's script, styles and icons from the
 * {@code org.webjars:swagger-ui} jar. Each file is read once, off the event loop, on its first request, and
 * kept in memory.
 */
final class SwaggerUi {

	/** Where the page lives; every file is directly under it. */
	static final String PREFIX = "/swagger-ui/";

	/** The page itself. */
	static final String INDEX = PREFIX + "index.html";

	private static final String WEBJAR = "META-INF/resources/webjars/swagger-ui/";

	private final Map<String, Asset> assets = new LinkedHashMap<>();

	SwaggerUi() {
		String webjar = WEBJAR + webjarVersion() + "/";
		add("index.html", new ClassPathResource("apidocs/swagger-ui/index.html"), MediaType.TEXT_HTML);
		add("swagger-initializer.js", new ClassPathResource("apidocs/swagger-ui/swagger-initializer.js"),
				JAVASCRIPT);
		add("swagger-ui-bundle.js", new ClassPathResource(webjar + "swagger-ui-bundle.js"), JAVASCRIPT);
		add("swagger-ui.css", new ClassPathResource(webjar + "swagger-ui.css"), CSS);
		add("index.css", new ClassPathResource(webjar + "index.css"), CSS);
		add("favicon-32x32.png", new ClassPathResource(webjar + "favicon-32x32.png"), MediaType.IMAGE_PNG);
		add("favicon-16x16.png", new ClassPathResource(webjar + "favicon-16x16.png"), MediaType.IMAGE_PNG);
	}

	private static final MediaType JAVASCRIPT = MediaType.parseMediaType("text/javascript;charset=UTF-8");

	private static final MediaType CSS = MediaType.parseMediaType("text/css;charset=UTF-8");

	/**
	 * The files, by their path on the public port.
	 * @return path to file
	 */
	Map<String, Asset> assets() {
		return this.assets;
	}

	private void add(String file, ClassPathResource resource, MediaType type) {
		if (!resource.exists()) {
			throw new IllegalStateException("Swagger UI file missing from the classpath: " + resource.getPath());
		}
		this.assets.put(PREFIX + file, new Asset(type, Mono.fromCallable(() -> {
			try (InputStream in = resource.getInputStream()) {
				return in.readAllBytes();
			}
		}).subscribeOn(Schedulers.boundedElastic()).cache()));
	}

	private static String webjarVersion() {
		try (InputStream in = new ClassPathResource("META-INF/maven/org.webjars/swagger-ui/pom.properties")
			.getInputStream()) {
			Properties properties = new Properties();
			properties.load(in);
			return properties.getProperty("version");
		}
		catch (IOException ex) {
			throw new UncheckedIOException("cannot find the org.webjars:swagger-ui jar", ex);
		}
	}

	/**
	 * One file of the page.
	 * @param type its media type
	 * @param bytes its content, read on first use
	 */
	record Asset(MediaType type, Mono<byte[]> bytes) {
	}

}
