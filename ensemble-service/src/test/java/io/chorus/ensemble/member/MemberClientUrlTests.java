package io.chorus.ensemble.member;

import java.net.URI;
import java.time.Duration;
import java.util.List;
import java.util.Queue;
import java.util.concurrent.ConcurrentLinkedQueue;

import io.github.resilience4j.bulkhead.Bulkhead;
import io.github.resilience4j.circuitbreaker.CircuitBreaker;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import reactor.blockhound.BlockHound;
import reactor.core.publisher.Mono;
import reactor.netty.DisposableServer;
import reactor.netty.http.client.HttpClient;
import reactor.netty.http.server.HttpServer;

import io.chorus.ensemble.config.ChorusProperties;
import io.chorus.ensemble.config.MemberProtocol;
import io.chorus.ensemble.config.MemberSpec;
import io.chorus.ensemble.deadline.DeadlineBudget;
import io.chorus.protocol.InferenceCodec;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * The URL a member is called at: the replica's base path kept, the model name quoted as one path segment.
 */
class MemberClientUrlTests {

	static {
		// Before any Reactor scheduler or event loop exists, as in the integration tests that share this JVM: a
		// scheduler created before BlockHound is installed broke their timers when this class ran first.
		BlockHound.install();
	}

	private static final String ANSWER = "{\"model_name\":\"m\",\"outputs\":[{\"name\":\"y\",\"shape\":[1],"
			+ "\"datatype\":\"FP32\",\"data\":[1.0]}]}";

	private static final String BODY = "{\"inputs\":[{\"name\":\"x\",\"shape\":[1],\"datatype\":\"FP32\",\"data\":[1.0]}]}";

	private static final Queue<String> PATHS = new ConcurrentLinkedQueue<>();

	private static DisposableServer server;

	@BeforeAll
	static void start() {
		server = HttpServer.create()
			.host("127.0.0.1")
			.port(0)
			.handle((request, response) -> {
				PATHS.add(request.uri());
				String answer = request.uri().endsWith(":predict") ? "{\"predictions\":[1.0]}" : ANSWER;
				return response.header("Content-Type", "application/json").sendString(Mono.just(answer));
			})
			.bindNow();
	}

	@AfterAll
	static void stop() {
		server.disposeNow();
	}

	@Test
	void v2MemberIsCalledUnderItsBasePathWithTheModelNameQuoted() {
		assertThat(call(MemberProtocol.V2, "fraud model/v2", "/serving")).isInstanceOf(MemberOutcome.Success.class);
		assertThat(PATHS.poll()).isEqualTo("/serving/v2/models/fraud%20model%2Fv2/infer");
	}

	@Test
	void v1MemberIsCalledAtItsPredictVerb() {
		assertThat(call(MemberProtocol.V1, "rules", "")).isInstanceOf(MemberOutcome.Success.class);
		assertThat(PATHS.poll()).isEqualTo("/v1/models/rules:predict");
	}

	private MemberOutcome call(MemberProtocol protocol, String model, String basePath) {
		URI base = URI.create("http://127.0.0.1:" + server.port() + basePath);
		MemberSpec spec = new MemberSpec("m", 0, protocol, model, List.of(base), 1, Duration.ofSeconds(8), 4, "y",
				new ChorusProperties.CircuitBreaker(50, 20, 10, Duration.ofSeconds(10), 3),
				new ChorusProperties.Retry(0, Duration.ofMillis(10), Duration.ofMillis(100), 0.5, 0.1, 10,
						Duration.ofSeconds(10)));
		MemberClient client = new MemberClient(spec, HttpClient.create(), CircuitBreaker.ofDefaults("m"),
				Bulkhead.ofDefaults("m"), new MemberLimits(1 << 20, Duration.ofMillis(5)));
		MemberRequest request = new MemberRequest(InferenceCodec.readRequest(BODY.getBytes()));
		return client.call(request, new CallContext(DeadlineBudget.start(Duration.ofSeconds(10)), null, null))
			.block(Duration.ofSeconds(15));
	}

}
