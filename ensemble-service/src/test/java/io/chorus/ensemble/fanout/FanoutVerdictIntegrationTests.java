package io.chorus.ensemble.fanout;

import java.net.http.HttpResponse;

import io.github.resilience4j.circuitbreaker.CircuitBreaker;
import io.github.resilience4j.circuitbreaker.CircuitBreakerRegistry;
import org.junit.jupiter.api.Test;

import org.springframework.beans.factory.annotation.Autowired;

import io.chorus.ensemble.support.EnsembleServiceIntegrationTest;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * Every answer that counts is recorded as its member's success, the last one to arrive included: ending the
 * wait must not cancel (and so release unrecorded) the call whose answer ended it.
 */
class FanoutVerdictIntegrationTests extends EnsembleServiceIntegrationTest {

	@Autowired
	private CircuitBreakerRegistry breakers;

	@Test
	void recordsEveryAnsweringMembersSuccessIncludingTheLastToArrive() {
		String[] members = { "sepal", "petal", "full" };
		int[] before = new int[members.length];
		for (int m = 0; m < members.length; m++) {
			before[m] = metrics("vote." + members[m]).getNumberOfSuccessfulCalls();
		}
		for (int i = 0; i < 5; i++) {
			HttpResponse<String> response = post("/v2/models/vote/infer", irisRequest("v" + i, new double[] { 5.1, 3.5, 1.4, 0.2 }));
			assertThat(response.statusCode()).isEqualTo(200);
		}
		for (int m = 0; m < members.length; m++) {
			assertThat(metrics("vote." + members[m]).getNumberOfSuccessfulCalls() - before[m]).as(members[m]).isEqualTo(5);
		}
	}

	private CircuitBreaker.Metrics metrics(String name) {
		return this.breakers.circuitBreaker(name).getMetrics();
	}

}
