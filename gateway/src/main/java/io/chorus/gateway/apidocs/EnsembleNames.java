package io.chorus.gateway.apidocs;

import java.net.URI;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.atomic.AtomicBoolean;
import java.util.concurrent.atomic.AtomicReference;

import io.netty.handler.codec.http.HttpHeaderNames;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import reactor.core.publisher.Mono;
import reactor.netty.ByteBufMono;
import reactor.netty.http.client.HttpClient;
import tools.jackson.databind.JsonNode;
import tools.jackson.databind.json.JsonMapper;

/**
 * The names of the ensembles ensemble-service serves, read from its live catalog
 * ({@code POST /v2/repository/index}) and kept for a while, so the OpenAPI document names them without the gateway
 * holding a list of its own that could drift. When ensemble-service cannot be reached the last names known are
 * used (none before the first answer), and it is asked again a few seconds later.
 */
final class EnsembleNames {

	/** How soon a failed read is tried again (never later than the refresh period). */
	private static final Duration RETRY_AFTER_FAILURE = Duration.ofSeconds(5);

	private static final Logger log = LoggerFactory.getLogger(EnsembleNames.class);

	private final AtomicReference<List<String>> lastKnown = new AtomicReference<>();

	private final AtomicBoolean reachable = new AtomicBoolean(true);

	private final Mono<Catalog> current;

	EnsembleNames(HttpClient client, URI ensembleService, JsonMapper json, Duration refresh, Duration timeout) {
		String index = ensembleService.resolve("/v2/repository/index").toString();
		Duration retry = (refresh.compareTo(RETRY_AFTER_FAILURE) < 0) ? refresh : RETRY_AFTER_FAILURE;
		Mono<List<String>> read = client.responseTimeout(timeout)
			.headers((headers) -> headers.set(HttpHeaderNames.CONTENT_TYPE, "application/json"))
			.post()
			.uri(index)
			// One buffer, so it goes with a Content-Length rather than chunked.
			.send(ByteBufMono.fromString(Mono.just("{}")))
			.responseSingle((response, body) -> (response.status().code() == 200) ? body.asByteArray()
					: Mono.error(new IllegalStateException("status " + response.status().code())))
			.map((bytes) -> names(json.readTree(bytes)))
			// Once more on any failure (reading changes nothing): a pooled connection that ensemble-service (or a
			// proxy) closed while idle fails the first try with "Connection prematurely closed BEFORE response".
			.retry(1)
			.timeout(timeout);
		// cache: concurrent document requests share one read; a value lives for its period, then the next request
		// reads again.
		this.current = read.map(this::answered)
			.onErrorResume((ex) -> Mono.just(failed(index, ex)))
			.cache((catalog) -> catalog.live() ? refresh : retry, (ex) -> Duration.ZERO, () -> Duration.ZERO);
	}

	/**
	 * The ensemble names to put in the document now.
	 * @return the catalog, read from ensemble-service or the last one known
	 */
	Mono<Catalog> current() {
		return this.current;
	}

	private Catalog answered(List<String> names) {
		this.lastKnown.set(names);
		if (this.reachable.compareAndSet(false, true)) {
			log.info("API docs: ensemble-service's catalog can be read again ({} ensembles)", names.size());
		}
		return new Catalog(names, Source.LIVE);
	}

	private Catalog failed(String index, Throwable ex) {
		if (this.reachable.compareAndSet(true, false)) {
			log.warn("API docs: cannot read ensemble-service's catalog at {} ({}); the document names {}", index,
					ex.toString(), (this.lastKnown.get() != null) ? "the last ensembles known" : "no ensembles");
		}
		List<String> last = this.lastKnown.get();
		return (last != null) ? new Catalog(last, Source.LAST_KNOWN) : new Catalog(List.of(), Source.UNAVAILABLE);
	}

	private static List<String> names(JsonNode index) {
		if (!index.isArray()) {
			throw new IllegalStateException("the repository index is not a JSON array");
		}
		List<String> names = new ArrayList<>();
		for (JsonNode model : index) {
			JsonNode name = model.get("name");
			if (name != null && name.isString()) {
				names.add(name.asString());
			}
		}
		return List.copyOf(names);
	}

	/** Where the names came from. */
	enum Source {

		/** Read from ensemble-service within the refresh period. */
		LIVE,

		/** ensemble-service could not be read; the names it gave last. */
		LAST_KNOWN,

		/** ensemble-service has never been read: no names. */
		UNAVAILABLE;

		/** The value of the document's {@code x-chorus-catalog}. */
		String tag() {
			return name().toLowerCase(java.util.Locale.ROOT).replace('_', '-');
		}

	}

	/**
	 * Ensemble names and where they came from.
	 * @param names the names, in ensemble-service's order
	 * @param source where they came from
	 */
	record Catalog(List<String> names, Source source) {

		boolean live() {
			return this.source == Source.LIVE;
		}

	}

}
