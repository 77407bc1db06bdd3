package io.chorus.ensemble.member;

import java.net.URI;
import java.time.Duration;
import java.util.List;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.TimeUnit;

import io.github.resilience4j.bulkhead.Bulkhead;
import io.github.resilience4j.circuitbreaker.CircuitBreaker;
import io.micrometer.core.instrument.simple.SimpleMeterRegistry;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import reactor.blockhound.BlockHound;
import reactor.core.publisher.Mono;
import reactor.netty.DisposableServer;
import reactor.netty.http.client.HttpClient;
import reactor.netty.http.server.HttpServer;
import reactor.netty.resources.ConnectionProvider;

import io.chorus.ensemble.config.ChorusProperties;
import io.chorus.ensemble.config.MemberProtocol;
import io.chorus.ensemble.config.MemberSpec;
import io.chorus.ensemble.deadline.DeadlineBudget;
import io.chorus.protocol.InferenceCodec;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * A member call made from a request's event loop stays on that loop, over real HTTP: the server and the member
 * clients run on the same Reactor Netty loop resources (the global ones Boot's server uses), a new member connection
 * is opened on the calling loop, and the attempt's timeout fires there too. Nothing hops to another thread.
 */
class MemberCallLoopIntegrationTests {

	static {
		// Before any Reactor scheduler or event loop exists (see MemberClientUrlTests).
		BlockHound.install();
	}

	private static final String ANSWER = "{\"model_name\":\"m\",\"outputs\":[{\"name\":\"y\",\"shape\":[1],"
			+ "\"datatype\":\"FP32\",\"data\":[1.0]}]}";

	private static final String BODY = "{\"inputs\":[{\"name\":\"x\",\"shape\":[1],\"datatype\":\"FP32\",\"data\":[1.0]}]}";

	private static DisposableServer member;

	private final ConnectionProvider pool = ConnectionProvider.create("loop-test", 16);

	private DisposableServer caller;

	@BeforeAll
	static void startMember() {
		member = HttpServer.create().host("127.0.0.1").port(0).handle((request, response) -> {
			if (request.uri().contains("/silent/")) {
				return Mono.never();
			}
			return response.header("Content-Type", "application/json").sendString(Mono.just(ANSWER));
		}).bindNow();
	}

	@AfterAll
	static void stopMember() {
		member.disposeNow();
	}

	@AfterEach
	void stop() {
		if (this.caller != null) {
			this.caller.disposeNow();
		}
		this.pool.disposeLater().block(Duration.ofSeconds(5));
	}

	@Test
	void aMemberAnswerOnANewConnectionArrivesOnTheCallersEventLoop() throws Exception {
		Threads threads = callFromAServerLoop("m", Duration.ofSeconds(5));
		assertThat(threads.outcome()).isInstanceOf(MemberOutcome.Success.class);
		assertThat(threads.answered()).isSameAs(threads.handler());
	}

	@Test
	void anAttemptsTimeoutFiresOnTheCallersEventLoop() throws Exception {
		Threads threads = callFromAServerLoop("silent", Duration.ofMillis(100));
		assertThat(threads.outcome()).isInstanceOf(MemberOutcome.TimedOut.class);
		assertThat(threads.answered()).isSameAs(threads.handler());
	}

	/**
	 * Serves one request on a server that runs on Reactor Netty's global loops (as Boot's does); its handler calls
	 * the member and records which thread it ran on and which thread the member's outcome came on.
	 */
	private Threads callFromAServerLoop(String model, Duration timeout) throws Exception {
		MemberClient client = client(model, timeout);
		CompletableFuture<Threads> seen = new CompletableFuture<>();
		this.caller = HttpServer.create().host("127.0.0.1").port(0).handle((request, response) -> {
			Thread handler = Thread.currentThread();
			MemberRequest call = new MemberRequest(InferenceCodec.readRequest(BODY.getBytes()));
			return client.call(call, new CallContext(DeadlineBudget.start(Duration.ofSeconds(10)), null, null))
				.flatMap((outcome) -> {
					seen.complete(new Threads(handler, Thread.currentThread(), outcome));
					return response.sendString(Mono.just("done")).then();
				});
		}).bindNow();
		String answer = HttpClient.create()
			.get()
			.uri("http://127.0.0.1:" + this.caller.port() + "/")
			.responseContent()
			.aggregate()
			.asString()
			.block(Duration.ofSeconds(15));
		assertThat(answer).isEqualTo("done");
		Threads threads = seen.get(5, TimeUnit.SECONDS);
		assertThat(threads.handler().getName()).startsWith("reactor-http-");
		return threads;
	}

	private MemberClient client(String model, Duration timeout) {
		MemberSpec spec = new MemberSpec("m", 0, MemberProtocol.V2, model,
				List.of(URI.create("http://127.0.0.1:" + member.port())), 1, timeout, 16, "y",
				new ChorusProperties.CircuitBreaker(50, 20, 10, Duration.ofSeconds(10), 3),
				new ChorusProperties.Retry(0, Duration.ofMillis(10), Duration.ofMillis(100), 0.5, 0.1, 10,
						Duration.ofSeconds(10)));
		return new MemberClient(spec, HttpClient.create(this.pool), CircuitBreaker.ofDefaults("loop"),
				Bulkhead.ofDefaults("loop"), new MemberLimits(1 << 20, Duration.ofMillis(5)), new SimpleMeterRegistry(),
				"test", LoopTimer.INSTANCE);
	}

	private record Threads(Thread handler, Thread answered, MemberOutcome outcome) {
	}

}
