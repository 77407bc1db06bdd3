package io.chorus.ensemble.console;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.util.concurrent.atomic.AtomicInteger;

import reactor.core.publisher.Flux;
import reactor.core.publisher.Mono;

import org.springframework.boot.actuate.autoconfigure.web.server.ConditionalOnManagementPort;
import org.springframework.boot.actuate.autoconfigure.web.server.ManagementPortType;
import org.springframework.boot.autoconfigure.condition.ConditionalOnBean;
import org.springframework.context.annotation.Bean;
import org.springframework.core.io.ClassPathResource;
import org.springframework.http.CacheControl;
import org.springframework.http.MediaType;
import org.springframework.http.codec.ServerSentEvent;
import org.springframework.web.reactive.function.server.RouterFunction;
import org.springframework.web.reactive.function.server.RouterFunctions;
import org.springframework.web.reactive.function.server.ServerRequest;
import org.springframework.web.reactive.function.server.ServerResponse;

/**
 * The console's routes, in the management port's own context only, so the public port never serves them: {@code GET /console} (the page, its script and style),
 * {@code GET /console/snapshot} (the last snapshot as JSON) and {@code GET /console/stream} (one Server-Sent
 * Event per tick, at most {@code chorus.console.max-subscribers} at once). The files are read once at start-up,
 * so no request reads the class path on an event loop.
 *
 * <p>Listed in {@code ManagementContextConfiguration.imports} and deliberately not annotated as a configuration:
 * {@code @ManagementContextConfiguration} is a {@code @Configuration}, so the application's component scan
 * would also register the routes in the main context, on the public port. Imported without it, the class is
 * loaded into the management context, and only when that context has its own port.
 */
@ConditionalOnManagementPort(ManagementPortType.DIFFERENT)
@ConditionalOnBean(ConsoleSampler.class)
class ConsoleRoutes {

	@Bean
	RouterFunction<ServerResponse> consoleRouterFunction(ConsoleSampler sampler, ConsoleProperties properties) {
		byte[] page = read("index.html");
		byte[] script = read("console.js");
		byte[] style = read("console.css");
		AtomicInteger subscribers = new AtomicInteger();
		return RouterFunctions.route()
			.GET("/console", (request) -> file(page, MediaType.TEXT_HTML))
			.GET("/console/", (request) -> file(page, MediaType.TEXT_HTML))
			.GET("/console/console.js", (request) -> file(script, MediaType.valueOf("text/javascript")))
			.GET("/console/console.css", (request) -> file(style, MediaType.valueOf("text/css")))
			.GET("/console/snapshot", (request) -> snapshot(sampler))
			.GET("/console/stream", (request) -> stream(request, sampler, subscribers, properties.maxSubscribers()))
			.build();
	}

	private static Mono<ServerResponse> snapshot(ConsoleSampler sampler) {
		String json = sampler.latest();
		if (json == null) {
			return problem("the console has not taken its first snapshot yet");
		}
		return ServerResponse.ok().cacheControl(CacheControl.noStore()).contentType(MediaType.APPLICATION_JSON)
			.bodyValue(json);
	}

	private static Mono<ServerResponse> stream(ServerRequest request, ConsoleSampler sampler, AtomicInteger open,
			int max) {
		if (open.incrementAndGet() > max) {
			open.decrementAndGet();
			return problem("the console already streams to " + max + " pages (chorus.console.max-subscribers)");
		}
		Flux<ServerSentEvent<String>> events = sampler.snapshots()
			.map((json) -> ServerSentEvent.builder(json).event("snapshot").build())
			.doFinally((signal) -> open.decrementAndGet());
		return ServerResponse.ok().cacheControl(CacheControl.noStore()).contentType(MediaType.TEXT_EVENT_STREAM)
			.body(events, ServerSentEvent.class);
	}

	private static Mono<ServerResponse> file(byte[] content, MediaType type) {
		return ServerResponse.ok().contentType(type).bodyValue(content);
	}

	private static Mono<ServerResponse> problem(String detail) {
		String body = "{\"type\":\"about:blank\",\"title\":\"Service Unavailable\",\"status\":503,\"detail\":\""
				+ detail + "\"}";
		return ServerResponse.status(503).header("Retry-After", "1").contentType(MediaType.APPLICATION_PROBLEM_JSON)
			.bodyValue(body);
	}

	private static byte[] read(String name) {
		try {
			return new ClassPathResource("console/" + name).getContentAsByteArray();
		}
		catch (IOException ex) {
			throw new UncheckedIOException("the console's " + name + " is missing from the class path", ex);
		}
	}

}
