package io.chorus.mock;

import org.junit.jupiter.api.Test;

import org.springframework.boot.SpringApplication;
import org.springframework.context.ConfigurableApplicationContext;

import static io.chorus.mock.MockHttp.get;
import static io.chorus.mock.MockHttp.post;
import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

class MockEndpointsApplicationIntegrationTests {

	@Test
	void applicationServesTheDemoModelsFromApplicationYml() throws Exception {
		try (ConfigurableApplicationContext context = SpringApplication.run(MockEndpointsApplication.class,
				"--mock.port=0", "--mock.admin-port=0", "--spring.main.keep-alive=false")) {
			MockServer server = context.getBean(MockServerLifecycle.class).server();
			assertThat(server.models()).containsExactlyElementsOf(MockServer.DEMO_MODELS);
			assertThat(post(server.baseUrl() + "/v2/models/iris-petal-width-petal/infer", MockHttp.ONE_ROW).statusCode())
				.isEqualTo(200);
			assertThat(get("http://127.0.0.1:" + server.adminPort() + "/admin/models").statusCode()).isEqualTo(200);
		}
	}

	@Test
	void yamlBehaviorBindsAndIsValidatedAtStartup() throws Exception {
		try (ConfigurableApplicationContext context = SpringApplication.run(MockEndpointsApplication.class,
				"--mock.port=0", "--mock.admin-port=0", "--spring.main.keep-alive=false",
				// A list from a higher-priority source replaces application.yml's list as a whole.
				"--mock.models[0].name=iris-sepal", "--mock.models[0].behavior.latency.type=uniform", "--mock.models[0].behavior.latency.min-ms=1",
				"--mock.models[0].behavior.latency.max-ms=2", "--mock.models[0].behavior.error-rate=0.25",
				"--mock.models[0].behavior.seed=5")) {
			MockServer server = context.getBean(MockServerLifecycle.class).server();
			String behavior = get(server.adminUrl() + "/admin/models/iris-sepal/behavior").body();
			assertThat(behavior).contains("\"type\":\"uniform\"").contains("\"errorRate\":0.25").contains("\"seed\":5");
		}
		assertThatThrownBy(() -> run("--mock.models[0].name=iris-sepal", "--mock.models[0].behavior.error-rate=3"))
			.hasStackTraceContaining("errorRate must be between 0 and 1");
		assertThatThrownBy(() -> run("--mock.prot=9101")).hasStackTraceContaining("mock.prot");
		assertThatThrownBy(() -> run("--mock.models[0].name=iris-sepal", "--mock.models[0].function=iris-x"))
			.hasStackTraceContaining("unknown function 'iris-x'");
	}

	private static void run(String... args) {
		String[] all = new String[args.length + 3];
		all[0] = "--mock.port=0";
		all[1] = "--mock.admin-port=0";
		all[2] = "--spring.main.keep-alive=false";
		System.arraycopy(args, 0, all, 3, args.length);
		SpringApplication.run(MockEndpointsApplication.class, all).close();
	}

}
