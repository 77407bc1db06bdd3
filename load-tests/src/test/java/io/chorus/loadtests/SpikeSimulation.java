package io.chorus.loadtests;

import java.time.Duration;

import static io.gatling.javaapi.core.CoreDsl.constantUsersPerSec;
import static io.gatling.javaapi.core.CoreDsl.details;
import static io.gatling.javaapi.core.CoreDsl.scenario;

/**
 * A spike: {@code chorus.rate} requests/s (default 50) for 20 s, then {@code chorus.spikeRate} (default 400) for
 * 5 s, then the base rate again for 20 s. Nothing may fail; p99 over the whole run stays bounded.
 */
public class SpikeSimulation extends ChorusSimulation {

	{
		int base = intProperty("chorus.rate", 50);
		int spike = intProperty("chorus.spikeRate", 400);
		setUp(scenario("spike").exec(infer())
			.injectOpen(constantUsersPerSec(base).during(Duration.ofSeconds(20)),
					constantUsersPerSec(spike).during(Duration.ofSeconds(5)),
					constantUsersPerSec(base).during(Duration.ofSeconds(20))))
			.protocols(this.protocol)
			.assertions(details("infer").failedRequests().percent().lte(0.1),
					details("infer").responseTime().percentile(99.0).lt(intProperty("chorus.p99Ms", 1000)));
	}

}
