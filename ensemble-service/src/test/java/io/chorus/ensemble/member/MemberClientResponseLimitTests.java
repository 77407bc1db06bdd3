package io.chorus.ensemble.member;

import java.net.URI;
import java.time.Duration;
import java.util.List;

import io.github.resilience4j.bulkhead.Bulkhead;
import io.github.resilience4j.circuitbreaker.CircuitBreaker;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import reactor.blockhound.BlockHound;
import reactor.core.publisher.Flux;
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
 * A member's answer is capped by the bytes actually read, not only by its declared length.
 */
class MemberClientResponseLimitTests {

	static {
		// Before any Reactor scheduler exists (see MemberClientUrlTests).
		BlockHound.install();
	}

	private static final String BODY = "{\"inputs\":[{\"name\":\"x\",\"shape\":[1],\"datatype\":\"FP32\",\"data\":[1.0]}]}";

	private static final int LIMIT = 64 * 1024;

	private static DisposableServer server;

	@BeforeAll
	static void start() {
		server = HttpServer.create().host("127.0.0.1").port(0).handle((request, response) -> {
			if (request.uri().contains("/huge-declared/")) {
				// Declares more than 2 GiB, more than an int holds, and sends nothing.
				return response.header("Content-Length", "3000000000").header("Content-Type", "application/json")
					.sendHeaders().then();
			}
			int values = request.uri().contains("/chunked/") ? 40_000 : 10;
			// A valid answer streamed in chunks with no Content-Length.
			Flux<String> chunks = Flux.concat(Flux.just("{\"model_name\":\"m\",\"outputs\":[{\"name\":\"y\",\"shape\":["
					+ values + "],\"datatype\":\"FP32\",\"data\":[1.0"), Flux.range(1, values - 1).buffer(1000)
						.map((batch) -> ",1.0".repeat(batch.size())), Flux.just("]}]}"));
			return response.header("Content-Type", "application/json").chunkedTransfer(true).sendString(chunks).then();
		}).bindNow();
	}

	@AfterAll
	static void stop() {
		server.disposeNow();
	}

	@Test
	void aChunkedAnswerOverTheLimitIsIncompatibleAndCountsAgainstTheMember() {
		CircuitBreaker breaker = CircuitBreaker.ofDefaults("chunked");
		MemberOutcome outcome = call("chunked", breaker);
		assertThat(outcome).isInstanceOfSatisfying(MemberOutcome.Incompatible.class,
				(o) -> assertThat(o.message()).contains("longer than the limit of " + LIMIT + " bytes"));
		assertThat(breaker.getMetrics().getNumberOfFailedCalls()).isEqualTo(1);
	}

	@Test
	void anAnswerDeclaringMoreThanTwoGigabytesIsRefusedUnread() {
		MemberOutcome outcome = call("huge-declared", CircuitBreaker.ofDefaults("huge"));
		assertThat(outcome).isInstanceOfSatisfying(MemberOutcome.Incompatible.class,
				(o) -> assertThat(o.message()).contains("declares 3000000000 bytes"));
	}

	@Test
	void aChunkedAnswerWithinTheLimitIsRead() {
		assertThat(call("small", CircuitBreaker.ofDefaults("small"))).isInstanceOf(MemberOutcome.Success.class);
	}

	private MemberOutcome call(String model, CircuitBreaker breaker) {
		URI base = URI.create("http://127.0.0.1:" + server.port());
		MemberSpec spec = new MemberSpec("m", 0, MemberProtocol.V2, model, List.of(base), 1, Duration.ofSeconds(5), 4,
				"y", new ChorusProperties.CircuitBreaker(50, 20, 10, Duration.ofSeconds(10), 3),
				new ChorusProperties.Retry(0, Duration.ofMillis(10), Duration.ofMillis(100), 0.5, 0.1, 10,
						Duration.ofSeconds(10)));
		MemberClient client = new MemberClient(spec, HttpClient.create(), breaker, Bulkhead.ofDefaults("m"),
				new MemberLimits(LIMIT, Duration.ofMillis(5)));
		MemberRequest request = new MemberRequest(InferenceCodec.readRequest(BODY.getBytes()));
		return client.call(request, new CallContext(DeadlineBudget.start(Duration.ofSeconds(10)), null, null))
			.block(Duration.ofSeconds(15));
	}

}
