package io.chorus.gateway.apidocs;

import java.io.IOException;
import java.io.InputStream;
import java.io.UncheckedIOException;
import java.util.Map;
import java.util.concurrent.atomic.AtomicReference;

import org.yaml.snakeyaml.LoaderOptions;
import org.yaml.snakeyaml.Yaml;
import org.yaml.snakeyaml.constructor.SafeConstructor;
import tools.jackson.databind.json.JsonMapper;
import tools.jackson.databind.node.ObjectNode;

import org.springframework.core.io.ClassPathResource;

/**
 * The OpenAPI document of the public API: the authored {@code apidocs/openapi.yaml}, read once at start-up, with
 * the ensemble names filled in as the enum of {@code components.schemas.EnsembleName} when it is served. The public
 * API is proxied to ensemble-service, not served by controllers, so there is nothing to generate it from; the
 * system tests hold it to the real answers instead.
 */
final class ApiDocument {

	static final String RESOURCE = "apidocs/openapi.yaml";

	private final JsonMapper json;

	private final ObjectNode template;

	/** The last document rendered, reused while the catalog is the same. */
	private final AtomicReference<Rendered> last = new AtomicReference<>();

	ApiDocument(JsonMapper json) {
		this.json = json;
		try (InputStream in = new ClassPathResource(RESOURCE).getInputStream()) {
			Map<String, Object> yaml = new Yaml(new SafeConstructor(new LoaderOptions())).load(in);
			this.template = json.valueToTree(yaml);
		}
		catch (IOException ex) {
			throw new UncheckedIOException("cannot read " + RESOURCE, ex);
		}
	}

	/**
	 * The document as JSON, naming the given ensembles.
	 * @param catalog the ensemble names and where they came from
	 * @return the UTF-8 JSON bytes
	 */
	byte[] render(EnsembleNames.Catalog catalog) {
		Rendered rendered = this.last.get();
		if (rendered != null && rendered.catalog().equals(catalog)) {
			return rendered.bytes();
		}
		ObjectNode document = this.template.deepCopy();
		ObjectNode name = (ObjectNode) document.get("components").get("schemas").get("EnsembleName");
		name.put("x-chorus-catalog", catalog.source().tag());
		String description = name.get("description").asString();
		if (!catalog.names().isEmpty()) {
			catalog.names().forEach(name.putArray("enum")::add);
			if (catalog.source() == EnsembleNames.Source.LAST_KNOWN) {
				name.put("description", description
						+ " ensemble-service could not be reached just now: these are the names it gave last.");
			}
		}
		else {
			name.put("description", description + ((catalog.source() == EnsembleNames.Source.UNAVAILABLE)
					? " ensemble-service could not be reached, so the names are not listed."
					: " ensemble-service serves no ensemble now."));
		}
		byte[] bytes = this.json.writeValueAsBytes(document);
		this.last.set(new Rendered(catalog, bytes));
		return bytes;
	}

	private record Rendered(EnsembleNames.Catalog catalog, byte[] bytes) {
	}

}
