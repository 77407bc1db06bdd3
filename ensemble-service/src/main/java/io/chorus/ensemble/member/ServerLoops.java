package io.chorus.ensemble.member;

import java.util.function.Supplier;

import io.netty.channel.EventLoopGroup;
import reactor.netty.resources.LoopResources;

/**
 * The web server's event loops, for the member clients: looked up on each use, so the clients can be built before
 * the server's resources are started, and never disposed from here (the server owns them).
 *
 * <p>Why: Boot 4's Reactor Netty server does not run on Reactor Netty's global {@code HttpResources} (its
 * {@code ReactorResourceFactory} has {@code useGlobalResources} false), while {@code HttpClient.create(pool)} does.
 * So every member call went from the request's loop to a loop of another group and its answer came back on that
 * one: a cross-thread hand-off each way. On the server's loops, whose client side is colocated, a new member
 * connection is opened on the loop of the request that needs it.
 */
final class ServerLoops implements LoopResources {

	private final Supplier<LoopResources> server;

	ServerLoops(Supplier<LoopResources> server) {
		this.server = server;
	}

	@Override
	public EventLoopGroup onServer(boolean useNative) {
		return this.server.get().onServer(useNative);
	}

	@Override
	public EventLoopGroup onClient(boolean useNative) {
		return this.server.get().onClient(useNative);
	}

	@Override
	public EventLoopGroup onServerSelect(boolean useNative) {
		return this.server.get().onServerSelect(useNative);
	}

	@Override
	public boolean daemon() {
		return this.server.get().daemon();
	}

}
