package io.chorus.loadtests;

import java.time.Duration;

import static io.gatling.javaapi.core.CoreDsl.atOnceUsers;
import static io.gatling.javaapi.core.CoreDsl.constantUsersPerSec;
import static io.gatling.javaapi.core.CoreDsl.details;
import static io.gatling.javaapi.core.CoreDsl.scenario;

/**
 * Failures mid-run at {@code chorus.rate} requests/s (default 100) for 60 s: at 15 s the admin API makes
 * iris-petal slow (300 ms, inside its 1 s timeout), at 30 s iris-full fails every call (503), at 45 s both are
 * restored. Every answer must be a 200 whose {@code degraded} flag, counts and mean match the members that
 * actually answered (see {@link Expectations}).
 */
public class FailureSimulation extends ChorusSimulation {

	{
		int rate = intProperty("chorus.rate", 100);
		setUp(scenario("failures mid-run").exec(infer())
			.injectOpen(constantUsersPerSec(rate).during(Duration.ofSeconds(60))),
				chaos(Duration.ofSeconds(15), Duration.ofSeconds(30), Duration.ofSeconds(45)).injectOpen(atOnceUsers(1)))
			.protocols(this.protocol)
			.assertions(details("infer").failedRequests().percent().lte(0.1),
					details("infer").responseTime().percentile(99.0).lt(intProperty("chorus.p99Ms", 1000)),
					details("admin: iris-full fails").failedRequests().count().is(0L));
	}

}
