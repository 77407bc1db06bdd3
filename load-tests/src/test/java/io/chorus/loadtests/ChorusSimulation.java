package io.chorus.loadtests;

import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.concurrent.atomic.AtomicLong;

import io.gatling.javaapi.core.ChainBuilder;
import io.gatling.javaapi.core.ScenarioBuilder;
import io.gatling.javaapi.core.Simulation;
import io.gatling.javaapi.http.HttpProtocolBuilder;

import static io.gatling.javaapi.core.CoreDsl.StringBody;
import static io.gatling.javaapi.core.CoreDsl.bodyBytes;
import static io.gatling.javaapi.core.CoreDsl.feed;
import static io.gatling.javaapi.core.CoreDsl.listFeeder;
import static io.gatling.javaapi.core.CoreDsl.scenario;
import static io.gatling.javaapi.http.HttpDsl.http;
import static io.gatling.javaapi.http.HttpDsl.status;

/**
 * What every Chorus simulation shares: it starts the stack when it is built, judges every answer's body,
 * and stops the stack afterwards. A wrong body is a failed request for Gatling; {@link #after()} also fails the
 * run if a single 200 carried a wrong body, whatever the error-share assertion tolerates.
 */
abstract class ChorusSimulation extends Simulation {

	/** Answers whose body was wrong (a 200 hiding a failure, a wrong mean, a wrong degraded flag). */
	static final AtomicLong WRONG_BODIES = new AtomicLong();

	static final AtomicLong DEGRADED = new AtomicLong();

	final ChorusStack stack = ChorusStack.start();

	final Expectations expectations = Expectations.ask(this.stack.mocksUrl());

	final HttpProtocolBuilder protocol = http.baseUrl(this.stack.gatewayUrl())
		.contentTypeHeader("application/json")
		.acceptHeader("application/json")
		.header("Authorization", "Bearer " + ChorusStack.API_KEY)
		.header("X-Chorus-Detail", "true")
		.shareConnections()
		.disableWarmUp();

	/**
	 * One inference through the gateway, on the next Iris row, with the body judged.
	 * @return the chain
	 */
	ChainBuilder infer() {
		List<Map<String, Object>> rows = new ArrayList<>();
		for (int i = 0; i < IrisRows.ROWS.size(); i++) {
			rows.add(Map.of("row", i, "body", IrisRows.requestBody(i)));
		}
		return feed(listFeeder(rows).circular())
			.exec(http("infer").post("/v2/models/" + ChorusStack.ENSEMBLE + "/infer")
				.body(StringBody("#{body}"))
				.check(status().saveAs("status"))
				// Bodies of 200s are judged; any other status is a failed request by the status check below
				// (and counts against the error-share assertion), not a wrong body.
				.check(bodyBytes()
					.transformWithSession((bytes, session) -> (session.getInt("status") == 200)
							? verdict(bytes, session.getInt("row")) : "ok")
					.is("ok"))
				.check(status().is(200)));
	}

	/**
	 * The failure scenario's script: make one member slow (still inside its timeout), then make another fail
	 * every call, then restore both, through the mocks' admin API.
	 * @param slowAt when iris-petal gets 300 ms of latency
	 * @param failAt when iris-full starts answering 503
	 * @param healAt when both get their start-up behaviour back
	 * @return the one-user scenario
	 */
	ScenarioBuilder chaos(Duration slowAt, Duration failAt, Duration healAt) {
		String admin = this.stack.mocksAdminUrl() + "/admin/models/";
		return scenario("admin: slow one member, fail another").pause(slowAt)
			.exec(http("admin: iris-petal slow").put(admin + "iris-petal/behavior")
				.body(StringBody("{\"latency\":{\"type\":\"fixed\",\"ms\":300}}"))
				.check(status().is(200)))
			.pause(failAt.minus(slowAt))
			.exec(http("admin: iris-full fails").put(admin + "iris-full/behavior")
				.body(StringBody("{\"errorRate\":1.0,\"errorStatus\":503}"))
				.check(status().is(200)))
			.pause(healAt.minus(failAt))
			.exec(http("admin: iris-petal restored").delete(admin + "iris-petal/behavior").check(status().is(200)))
			.exec(http("admin: iris-full restored").delete(admin + "iris-full/behavior").check(status().is(200)));
	}

	private String verdict(byte[] body, int row) {
		String verdict = this.expectations.judge(body, row);
		if (!"ok".equals(verdict)) {
			WRONG_BODIES.incrementAndGet();
		}
		else if (new String(body, java.nio.charset.StandardCharsets.UTF_8).contains("\"chorus.degraded\":true")) {
			DEGRADED.incrementAndGet();
		}
		return verdict;
	}

	static int intProperty(String name, int defaultValue) {
		return Integer.getInteger(name, defaultValue);
	}

	@Override
	public void after() {
		this.stack.close();
		System.out.printf("chorus: %d degraded answers (all with correct bodies), %d wrong bodies%n", DEGRADED.get(),
				WRONG_BODIES.get());
		if (WRONG_BODIES.get() > 0) {
			throw new AssertionError(WRONG_BODIES.get() + " answers had a wrong body; see the failed 'infer' checks");
		}
	}

}
