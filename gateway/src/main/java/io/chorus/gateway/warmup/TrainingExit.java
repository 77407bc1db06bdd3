package io.chorus.gateway.warmup;

import org.apache.commons.logging.Log;
import org.apache.commons.logging.LogFactory;

import org.springframework.boot.SpringApplication;
import org.springframework.context.ConfigurableApplicationContext;

/**
 * Ends a training run ({@code chorus.gateway.warmup.exit-when-done}) once the warm-up is over: the JVM records its
 * class-data archive or AOT cache when it exits, so the archive then holds what the warm-up's requests loaded and
 * (JDK 25+) profiled. Spring Boot's documented training run, {@code spring.context.exit=onRefresh}, stops before
 * the first request and records start-up only.
 */
final class TrainingExit {

	private static final Log logger = LogFactory.getLog(TrainingExit.class);

	private TrainingExit() {
	}

	/**
	 * Closes the context and exits, on a thread of its own: the caller may be an event loop that the graceful
	 * shutdown waits for.
	 * @param context the application to close
	 */
	static void exit(ConfigurableApplicationContext context) {
		logger.info("Training run (chorus.gateway.warmup.exit-when-done): warm-up over, exiting");
		Thread exit = new Thread(() -> System.exit(SpringApplication.exit(context)), "chorus-training-exit");
		exit.start();
	}

}
