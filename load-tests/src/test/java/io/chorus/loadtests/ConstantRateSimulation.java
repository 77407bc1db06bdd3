package io.chorus.loadtests;

import java.time.Duration;

import static io.gatling.javaapi.core.CoreDsl.constantUsersPerSec;
import static io.gatling.javaapi.core.CoreDsl.details;
import static io.gatling.javaapi.core.CoreDsl.scenario;

/**
 * Open model at a constant arrival rate: {@code chorus.rate} requests/s (default 200) for {@code chorus.seconds}
 * (default 60), after a 10 s warm-up at the same rate that the assertions ignore.
 */
public class ConstantRateSimulation extends ChorusSimulation {

	{
		int rate = intProperty("chorus.rate", 200);
		int seconds = intProperty("chorus.seconds", 60);
		setUp(scenario("constant rate").exec(infer())
			.injectOpen(constantUsersPerSec(rate).during(Duration.ofSeconds(10)),
					constantUsersPerSec(rate).during(Duration.ofSeconds(seconds))))
			.protocols(this.protocol)
			.assertions(details("infer").failedRequests().percent().lte(0.1),
					details("infer").responseTime().percentile(50.0).lt(intProperty("chorus.p50Ms", 50)),
					details("infer").responseTime().percentile(99.0).lt(intProperty("chorus.p99Ms", 250)));
	}

}
