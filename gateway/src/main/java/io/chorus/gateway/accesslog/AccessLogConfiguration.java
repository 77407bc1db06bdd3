package io.chorus.gateway.accesslog;

import io.chorus.gateway.clientaddress.ClientAddresses;
import io.chorus.gateway.management.ManagementPort;

import org.springframework.context.annotation.Bean;
import org.springframework.context.annotation.Configuration;
import org.springframework.core.env.Environment;
import org.springframework.http.server.reactive.HttpHandlerDecoratorFactory;
import org.springframework.util.StringUtils;

/**
 * Puts the access log around the server's handler. The event's message is short when the console writes JSON
 * ({@code logging.structured.format.console} set), where the fields stand on their own.
 */
@Configuration(proxyBeanMethods = false)
class AccessLogConfiguration {

	@Bean
	HttpHandlerDecoratorFactory accessLogHttpHandlerDecorator(ClientAddresses clientAddresses,
			ManagementPort managementPort, Environment environment) {
		boolean structured = StringUtils.hasText(environment.getProperty("logging.structured.format.console"));
		AccessLog log = new AccessLog(clientAddresses, structured);
		return (handler) -> new AccessLoggingHttpHandler(handler, log, managementPort);
	}

}
