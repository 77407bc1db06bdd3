package io.chorus.ensemble.member;

import java.util.concurrent.TimeUnit;

import io.netty.util.concurrent.EventExecutor;
import io.netty.util.concurrent.ScheduledFuture;
import io.netty.util.internal.ThreadExecutorMap;
import reactor.core.Disposable;
import reactor.core.scheduler.Scheduler;
import reactor.core.scheduler.Schedulers;

/**
 * The timer of per-attempt timeouts and hedge delays: a delayed task scheduled from a Netty event loop goes
 * into that loop's own scheduled-task queue, anything else to Reactor's parallel scheduler.
 *
 * <p>Why: an attempt is started on the event loop that serves the request, and nearly every attempt's timer is
 * cancelled (the answer comes first). On the parallel scheduler each attempt paid a hand-off to another thread's
 * locked delay queue for the schedule and again for the cancel (2.4 % of ensemble-service's CPU in the JFR
 * profile of bench/ANALYSIS.md); on the loop both are a local priority-queue insert and removal. When the timer
 * fires, the fallback (the same {@code timeout}/{@code deadline} error as before) is signalled on that loop,
 * which is a thread like the one the answer would have come on: outcomes and their attribution do not change,
 * only the thread that counts the time.
 *
 * <p>Immediate tasks and workers are the parallel scheduler's: only timed tasks move.
 */
final class LoopTimer implements Scheduler {

	static final LoopTimer INSTANCE = new LoopTimer();

	private LoopTimer() {
	}

	@Override
	public Disposable schedule(Runnable task, long delay, TimeUnit unit) {
		EventExecutor loop = ThreadExecutorMap.currentExecutor();
		if (loop == null || loop.isShuttingDown()) {
			return Schedulers.parallel().schedule(task, delay, unit);
		}
		return new Scheduled(loop.schedule(task, delay, unit));
	}

	@Override
	public Disposable schedule(Runnable task) {
		return Schedulers.parallel().schedule(task);
	}

	@Override
	public Worker createWorker() {
		return Schedulers.parallel().createWorker();
	}

	@Override
	public void init() {
		// The parallel scheduler is Reactor's shared one (looked up on each use): started and disposed by Reactor.
	}

	/** A task on an event loop's timer; disposing cancels it (removed from the queue, on the loop's own thread). */
	private record Scheduled(ScheduledFuture<?> future) implements Disposable {

		@Override
		public void dispose() {
			this.future.cancel(false);
		}

		@Override
		public boolean isDisposed() {
			return this.future.isDone();
		}

	}

}
