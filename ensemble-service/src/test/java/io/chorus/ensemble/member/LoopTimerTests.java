package io.chorus.ensemble.member;

import java.time.Duration;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicBoolean;

import io.netty.channel.DefaultEventLoop;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;
import reactor.core.Disposable;
import reactor.core.publisher.Mono;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * Timed tasks scheduled from an event loop run on that loop, cancelled ones never run, and tasks scheduled from
 * any other thread still run (on Reactor's parallel scheduler).
 */
class LoopTimerTests {

	private final DefaultEventLoop loop = new DefaultEventLoop();

	@AfterEach
	void stop() {
		this.loop.shutdownGracefully(0, 1, TimeUnit.SECONDS).syncUninterruptibly();
	}

	@Test
	void aTimeoutStartedOnAnEventLoopFiresOnThatLoop() throws Exception {
		CompletableFuture<Thread> fired = new CompletableFuture<>();
		Thread loopThread = this.loop.submit(Thread::currentThread).get(5, TimeUnit.SECONDS);
		this.loop.execute(() -> Mono.never()
			.timeout(Duration.ofMillis(20), LoopTimer.INSTANCE)
			.subscribe(null, (ex) -> fired.complete(Thread.currentThread())));
		assertThat(fired.get(5, TimeUnit.SECONDS)).isSameAs(loopThread);
	}

	@Test
	void aCancelledTaskNeverRuns() throws Exception {
		AtomicBoolean ran = new AtomicBoolean();
		Disposable task = this.loop.submit(() -> LoopTimer.INSTANCE.schedule(() -> ran.set(true), 50,
				TimeUnit.MILLISECONDS)).get(5, TimeUnit.SECONDS);
		task.dispose();
		assertThat(task.isDisposed()).isTrue();
		Thread.sleep(200);
		assertThat(ran).isFalse();
	}

	@Test
	void aTaskScheduledOffAnyLoopRunsOnTheParallelScheduler() throws Exception {
		CountDownLatch ran = new CountDownLatch(1);
		AtomicBoolean onParallel = new AtomicBoolean();
		LoopTimer.INSTANCE.schedule(() -> {
			onParallel.set(Thread.currentThread().getName().startsWith("parallel-"));
			ran.countDown();
		}, 10, TimeUnit.MILLISECONDS);
		assertThat(ran.await(5, TimeUnit.SECONDS)).isTrue();
		assertThat(onParallel).isTrue();
	}

}
