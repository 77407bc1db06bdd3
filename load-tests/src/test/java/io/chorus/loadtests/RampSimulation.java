package io.chorus.loadtests;

import java.time.Duration;

import static io.gatling.javaapi.core.CoreDsl.constantUsersPerSec;
import static io.gatling.javaapi.core.CoreDsl.details;
import static io.gatling.javaapi.core.CoreDsl.rampUsersPerSec;
import static io.gatling.javaapi.core.CoreDsl.scenario;

/**
 * Open model ramp: the arrival rate grows linearly from 10 to {@code chorus.rampTo} requests/s (default 300) over
 * {@code chorus.seconds} (default 60), then holds for 20 s.
 */
public class RampSimulation extends ChorusSimulation {

	{
		int to = intProperty("chorus.rampTo", 300);
		int seconds = intProperty("chorus.seconds", 60);
		setUp(scenario("ramp").exec(infer())
			.injectOpen(rampUsersPerSec(10).to(to).during(Duration.ofSeconds(seconds)),
					constantUsersPerSec(to).during(Duration.ofSeconds(20))))
			.protocols(this.protocol)
			.assertions(details("infer").failedRequests().percent().lte(0.1),
					details("infer").responseTime().percentile(99.0).lt(intProperty("chorus.p99Ms", 500)));
	}

}
