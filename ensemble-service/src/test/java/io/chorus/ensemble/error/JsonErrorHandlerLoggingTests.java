package io.chorus.ensemble.error;

import java.nio.charset.StandardCharsets;
import java.util.Map;

import ch.qos.logback.classic.Logger;
import ch.qos.logback.classic.LoggerContext;
import ch.qos.logback.classic.spi.ILoggingEvent;
import ch.qos.logback.core.read.ListAppender;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.slf4j.LoggerFactory;
import org.slf4j.MDC;
import tools.jackson.databind.json.JsonMapper;

import org.springframework.boot.logging.logback.StructuredLogEncoder;
import org.springframework.core.env.Environment;
import org.springframework.core.env.StandardEnvironment;
import org.springframework.mock.http.server.reactive.MockServerHttpRequest;
import org.springframework.mock.web.server.MockServerWebExchange;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * ensemble-service's per-request ERROR line, rendered by Spring Boot's ECS encoder (what
 * {@code logging.structured.format.console=ecs} installs), carries the request id as its own field.
 */
class JsonErrorHandlerLoggingTests {

	private final Logger logger = (Logger) LoggerFactory.getLogger(JsonErrorHandler.class);

	private final ListAppender<ILoggingEvent> events = new ListAppender<>();

	@BeforeEach
	void capture() {
		this.events.start();
		this.logger.addAppender(this.events);
	}

	@AfterEach
	void release() {
		this.logger.detachAppender(this.events);
	}

	@Test
	void theJsonLineOfAnUnexpectedFailureCarriesTheRequestId() {
		MockServerWebExchange exchange = MockServerWebExchange
			.from(MockServerHttpRequest.post("/v2/models/iris/infer").header("X-Request-Id", "req-ens-7"));
		new JsonErrorHandler().handle(exchange, new IllegalStateException("boom")).block();
		assertThat(exchange.getResponse().getStatusCode().value()).isEqualTo(500);
		assertThat(this.events.list).hasSize(1);
		Map<?, ?> json = JsonMapper.shared().readValue(ecs(this.events.list.get(0)), Map.class);
		assertThat(json.get("requestId")).isEqualTo("req-ens-7");
		assertThat(String.valueOf(json.get("message"))).contains("/v2/models/iris/infer");
		// Set for that line only: the next line on this thread (another request's) does not inherit it.
		assertThat(MDC.get("requestId")).isNull();
	}

	@Test
	void aRequestWithoutAnIdLogsNone() {
		MockServerWebExchange exchange = MockServerWebExchange.from(MockServerHttpRequest.post("/v2/models/iris/infer"));
		new JsonErrorHandler().handle(exchange, new IllegalStateException("boom")).block();
		Map<?, ?> json = JsonMapper.shared().readValue(ecs(this.events.list.get(0)), Map.class);
		assertThat(json.containsKey("requestId")).isFalse();
	}

	private static String ecs(ILoggingEvent event) {
		LoggerContext context = new LoggerContext();
		context.putObject(Environment.class.getName(), new StandardEnvironment());
		StructuredLogEncoder encoder = new StructuredLogEncoder();
		encoder.setContext(context);
		encoder.setFormat("ecs");
		encoder.setCharset(StandardCharsets.UTF_8);
		encoder.start();
		return new String(encoder.encode(event), StandardCharsets.UTF_8);
	}

}
