package io.chorus.loadtests;

import java.time.Duration;

import static io.gatling.javaapi.core.CoreDsl.atOnceUsers;
import static io.gatling.javaapi.core.CoreDsl.constantUsersPerSec;
import static io.gatling.javaapi.core.CoreDsl.details;
import static io.gatling.javaapi.core.CoreDsl.global;
import static io.gatling.javaapi.core.CoreDsl.scenario;

/**
 * The CI smoke run (bound to {@code verify}): 20 s at 15 requests/s through the gateway, with one member made
 * slow at 5 s, another made to fail at 10 s and both restored at 15 s. Latency and error-share limits are
 * generous (CI machines are busy: up to 5% may time out as honest 504s); body checks are strict: one 200 with a
 * wrong body fails the run.
 */
public class SmokeSimulation extends ChorusSimulation {

	{
		setUp(scenario("smoke: infer at a constant rate").exec(infer())
			.injectOpen(constantUsersPerSec(15).during(Duration.ofSeconds(20))),
				chaos(Duration.ofSeconds(5), Duration.ofSeconds(10), Duration.ofSeconds(15)).injectOpen(atOnceUsers(1)))
			.protocols(this.protocol)
			.assertions(details("infer").failedRequests().percent().lte(5.0),
					details("infer").responseTime().percentile(99.0).lt(3000),
					details("admin: iris-full fails").failedRequests().count().is(0L),
					global().allRequests().count().gt(250L));
	}

}
