package io.chorus.ensemble.member;

import java.time.Duration;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.TimeUnit;
import java.util.stream.StreamSupport;

import io.netty.channel.EventLoop;
import io.netty.channel.EventLoopGroup;
import io.netty.util.concurrent.EventExecutor;
import io.netty.util.internal.ThreadExecutorMap;
import org.junit.jupiter.api.Test;

import org.springframework.beans.factory.annotation.Autowired;
import org.springframework.http.client.ReactorResourceFactory;

import io.chorus.ensemble.deadline.DeadlineBudget;
import io.chorus.ensemble.support.EnsembleServiceIntegrationTest;
import io.chorus.protocol.InferenceCodec;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * In the running service the member connections live on the web server's own event loops (Boot's
 * {@code ReactorResourceFactory}, not Reactor Netty's global resources that a plain {@code HttpClient.create(pool)}
 * uses): a member call made from a request's loop gets its answer on a loop of the same group, never on another
 * group's thread. Fails without {@code ServerLoops}: in this JVM the two groups differ.
 */
class SharedLoopResourcesIntegrationTests extends EnsembleServiceIntegrationTest {

	private static final String BODY = "{\"inputs\":[{\"name\":\"features\",\"shape\":[1,4],\"datatype\":\"FP32\","
			+ "\"data\":[6.0,2.9,4.5,1.5]}]}";

	@Autowired
	private ReactorResourceFactory resources;

	@Autowired
	private MemberClients clients;

	@Test
	void aMemberCallFromAServerLoopIsAnsweredOnTheServersLoops() throws Exception {
		EventLoopGroup serverLoops = this.resources.getLoopResources().onServer(true);
		EventLoop loop = (EventLoop) serverLoops.next();
		MemberClient member = this.clients.of("trio").get(0);
		CompletableFuture<EventExecutor> answeredOn = new CompletableFuture<>();
		CompletableFuture<MemberOutcome> outcome = new CompletableFuture<>();
		loop.execute(() -> member
			.call(new MemberRequest(InferenceCodec.readRequest(BODY.getBytes())),
					new CallContext(DeadlineBudget.start(Duration.ofSeconds(5)), null, null))
			.subscribe((result) -> {
				answeredOn.complete(ThreadExecutorMap.currentExecutor());
				if (result instanceof MemberOutcome.Success success) {
					success.verdict().release();
				}
				outcome.complete(result);
			}));
		assertThat(outcome.get(10, TimeUnit.SECONDS)).isInstanceOf(MemberOutcome.Success.class);
		EventExecutor executor = answeredOn.get();
		assertThat(executor).isNotNull();
		assertThat(StreamSupport.stream(serverLoops.spliterator(), false)).contains(executor);
	}

}
