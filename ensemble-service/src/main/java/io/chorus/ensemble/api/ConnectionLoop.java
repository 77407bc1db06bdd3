package io.chorus.ensemble.api;

import java.util.concurrent.Executor;
import java.util.concurrent.atomic.AtomicReference;

import io.netty.channel.EventLoop;
import reactor.core.publisher.Flux;
import reactor.core.publisher.Mono;
import reactor.core.scheduler.Scheduler;
import reactor.core.scheduler.Schedulers;
import reactor.netty.NettyInbound;

import org.springframework.http.server.reactive.ServerHttpRequestDecorator;
import org.springframework.web.reactive.function.server.ServerRequest;

/**
 * Moves the end of a request's work back onto the event loop of the client's connection before the
 * response is written.
 *
 * <p>Member answers arrive on the member client's event loops. When the response to the client was
 * written from such a foreign thread, Reactor Netty 1.3.6 (Spring Boot 4.0.7) sometimes stopped reading
 * the connection: the client's next request on that keep-alive connection stayed unread in the socket until
 * the client closed it (about 8 % of requests in {@code KeepAliveConnectionTests}' pattern, 1 in 3,000 against
 * the packaged service). Writing from the connection's own loop removes the race, and costs one task hand-off
 * when the result comes from another thread (none when it already comes on that loop).
 */
final class ConnectionLoop {

	private ConnectionLoop() {
	}

	/**
	 * Publishes a result on the event loop of the connection the request came in on.
	 * @param <T> the result type
	 * @param result the result, signalled on any thread
	 * @param request the client's request
	 * @return the same result, signalled on the connection's event loop (or unchanged when the server is not
	 * Reactor Netty)
	 */
	static <T> Mono<T> publishOn(Mono<T> result, ServerRequest request) {
		Scheduler loop = of(request);
		return (loop != null) ? result.publishOn(loop) : result;
	}

	/**
	 * Publishes a stream's items on the event loop of the connection the request came in on.
	 * @param <T> the item type
	 * @param items the items, signalled on any thread
	 * @param request the client's request
	 * @return the same items, signalled on the connection's event loop (or unchanged when the server is not
	 * Reactor Netty)
	 */
	static <T> Flux<T> publishOn(Flux<T> items, ServerRequest request) {
		Scheduler loop = of(request);
		return (loop != null) ? items.publishOn(loop, 1) : items;
	}

	private static Scheduler of(ServerRequest request) {
		Object nativeRequest;
		try {
			// Unwraps any ServerHttpRequestDecorator a filter put around the server's request.
			nativeRequest = ServerHttpRequestDecorator.getNativeRequest(request.exchange().getRequest());
		}
		catch (IllegalArgumentException ex) {
			return null;
		}
		if (!(nativeRequest instanceof NettyInbound inbound)) {
			return null;
		}
		AtomicReference<EventLoop> loop = new AtomicReference<>();
		inbound.withConnection((connection) -> loop.set(connection.channel().eventLoop()));
		return (loop.get() != null) ? Schedulers.fromExecutor(new OwnLoop(loop.get())) : null;
	}

	/**
	 * The connection's loop, run inline when the result already arrives on it: a member call colocated on the
	 * request's loop (Reactor Netty opens a member connection on the calling loop) then costs no task hand-off.
	 */
	private record OwnLoop(EventLoop loop) implements Executor {

		@Override
		public void execute(Runnable task) {
			if (this.loop.inEventLoop()) {
				task.run();
			}
			else {
				this.loop.execute(task);
			}
		}

	}

}
