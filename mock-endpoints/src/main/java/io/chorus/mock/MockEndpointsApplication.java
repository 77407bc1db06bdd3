package io.chorus.mock;

import org.springframework.boot.SpringApplication;
import org.springframework.boot.autoconfigure.SpringBootApplication;
import org.springframework.boot.context.properties.EnableConfigurationProperties;

/**
 * Runs one mock server from {@code application.yml} (prefix {@code mock}); several instances run side by side
 * with {@code --mock.port=9102 --mock.admin-port=9202}.
 */
@SpringBootApplication
@EnableConfigurationProperties(MockSettings.class)
public class MockEndpointsApplication {

	/**
	 * Starts the application.
	 * @param args command-line arguments, for example {@code --mock.port=9101}
	 */
	public static void main(String[] args) {
		SpringApplication.run(MockEndpointsApplication.class, args);
	}

}
