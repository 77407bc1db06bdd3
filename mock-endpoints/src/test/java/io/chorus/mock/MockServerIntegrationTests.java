package io.chorus.mock;

import java.util.List;

import io.chorus.mock.MockSettings.BehaviorSettings;
import io.chorus.mock.MockSettings.LatencySettings;
import io.chorus.mock.MockSettings.ModelSettings;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.ExtendWith;

import static io.chorus.mock.MockHttp.get;
import static io.chorus.mock.MockHttp.post;
import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatIllegalArgumentException;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

@ExtendWith(BlockHoundExtension.class)
class MockServerIntegrationTests {

	@Test
	void demoServesEveryDemoModelOnFreeLoopbackPorts() throws Exception {
		try (MockServer mock = MockServer.startDemo()) {
			assertThat(mock.port()).isPositive().isNotEqualTo(mock.adminPort());
			assertThat(mock.baseUrl()).isEqualTo("http://127.0.0.1:" + mock.port());
			assertThat(mock.models()).containsExactlyElementsOf(MockServer.DEMO_MODELS);
			for (String model : MockServer.DEMO_MODELS) {
				assertThat(post(mock.baseUrl() + "/v2/models/" + model + "/infer", MockHttp.ONE_ROW).statusCode())
					.isEqualTo(200);
			}
		}
	}

	@Test
	void severalInstancesRunSideBySideWithTheirOwnBehavior() throws Exception {
		try (MockServer a = MockServer.startDemo(); MockServer b = MockServer.startDemo()) {
			a.behavior("iris-full", "{\"errorRate\": 1}");
			assertThat(post(a.baseUrl() + "/v2/models/iris-full/infer", MockHttp.ONE_ROW).statusCode()).isEqualTo(500);
			assertThat(post(b.baseUrl() + "/v2/models/iris-full/infer", MockHttp.ONE_ROW).statusCode()).isEqualTo(200);
		}
	}

	@Test
	void startsCustomModelsWithStartupBehaviorThatResetRestores() throws Exception {
		BehaviorSettings slow = new BehaviorSettings(LatencySettings.fixed(1000), 1L, 0, 500, 0, 0, 0, 0, 0, 1000);
		MockSettings settings = MockSettings
			.onRandomPorts(List.of(new ModelSettings("slow-full", "iris-full", "7", slow), ModelSettings.of("iris-sepal")));
		try (MockServer mock = MockServer.start(settings)) {
			assertThat(MockHttp.json(get(mock.baseUrl() + "/v2/models/slow-full")).get("versions").toString())
				.isEqualTo("[\"7\"]");
			mock.behavior("slow-full", "{}");
			long start = System.nanoTime();
			post(mock.baseUrl() + "/v2/models/slow-full/infer", MockHttp.ONE_ROW);
			assertThat((System.nanoTime() - start) / 1e6).as("no delay after replacing").isLessThan(900);
			mock.resetBehavior("slow-full");
			start = System.nanoTime();
			post(mock.baseUrl() + "/v2/models/slow-full/infer", MockHttp.ONE_ROW);
			assertThat((System.nanoTime() - start) / 1e6).as("start-up delay restored").isGreaterThanOrEqualTo(900);
		}
	}

	@Test
	void invalidBehaviorThrowsNamingTheField() {
		try (MockServer mock = MockServer.startDemo()) {
			assertThatIllegalArgumentException().isThrownBy(() -> mock.behavior("iris-full", "{\"errrorRate\": 1}"))
				.withMessage("unknown field 'errrorRate'");
			assertThatIllegalArgumentException().isThrownBy(() -> mock.behavior("nope", "{}"))
				.withMessageContaining("unknown model 'nope'");
		}
	}

	@Test
	void invalidSettingsAreRejectedAtStart() {
		BehaviorSettings bad = new BehaviorSettings(null, null, 0.7, 200, 0.7, 0, 0, 0, 0, 1000);
		assertThatIllegalArgumentException()
			.isThrownBy(() -> MockServer.start(MockSettings.onRandomPorts(
					List.of(new ModelSettings("x", "iris-x", "1", null), new ModelSettings("y", "iris-full", "1", bad)))))
			.withMessageContaining("unknown function 'iris-x'")
			.withMessageContaining("behavior.errorStatus")
			.withMessageContaining("must sum to at most 1");
	}

	@Test
	void closeStopsServingAtOnceEvenWithAHangingRequest() throws Exception {
		MockServer mock = MockServer.startDemo();
		mock.behavior("iris-full", "{\"hangRate\": 1}");
		Thread caller = new Thread(() -> {
			try {
				post(mock.baseUrl() + "/v2/models/iris-full/infer", MockHttp.ONE_ROW);
			}
			catch (Exception ex) {
				// expected: the connection closes under the hanging request
			}
		});
		caller.start();
		long deadline = System.nanoTime() + 5_000_000_000L;
		while (mock.stats("iris-full").inFlight() == 0 && System.nanoTime() < deadline) {
			Thread.sleep(10);
		}
		long start = System.nanoTime();
		mock.close();
		assertThat((System.nanoTime() - start) / 1e6).isLessThan(2000);
		caller.join(5000);
		assertThat(caller.isAlive()).isFalse();
		assertThatThrownBy(() -> get(mock.baseUrl() + "/v2")).isInstanceOf(java.io.IOException.class);
	}

}
