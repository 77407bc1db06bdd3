package io.chorus.bench.mvc;

import java.util.List;

import org.springframework.boot.SpringApplication;
import org.springframework.boot.autoconfigure.SpringBootApplication;
import org.springframework.boot.context.properties.ConfigurationProperties;
import org.springframework.boot.context.properties.EnableConfigurationProperties;
import org.springframework.boot.context.properties.bind.DefaultValue;

/**
 * The Spring MVC peer: the fan-out most Spring tutorials teach, on Tomcat with a blocking HTTP client. The
 * profile {@code platform} runs it on a fixed pool of 200 platform threads, {@code virtual} on virtual threads.
 */
@SpringBootApplication
@EnableConfigurationProperties(MvcPeerApplication.Peer.class)
public class MvcPeerApplication {

	public static void main(String[] args) {
		SpringApplication.run(MvcPeerApplication.class, args);
	}

	/**
	 * What the peer calls.
	 *
	 * @param members the members' infer URLs
	 * @param timeoutMs the timeout of one member call
	 * @param output the output tensor averaged
	 */
	@ConfigurationProperties("peer")
	public record Peer(List<String> members, @DefaultValue("1000") long timeoutMs,
			@DefaultValue("probabilities") String output) {
	}

}
