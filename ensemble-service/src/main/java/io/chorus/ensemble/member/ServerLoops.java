package io.chorus.ensemble.member;

import java.util.function.Supplier;

import io.netty.channel.EventLoopGroup;
import reactor.netty.resources.LoopResources;

/**
 * The web server's event loops, for the member clients: looked up on each use, so the clients can be built before
 * the server's resources are started, and never disposed from here (the server owns them).
 *
 * <p>Why: a plain {@code HttpClient.create(pool)} runs on Reactor Netty's global {@code HttpResources}, while Boot's
 * server runs on the loop resources of its {@code ReactorResourceFactory} (not global: {@code useGlobalResources} is
 * false in Boot 4). As packaged, both ended up on the same four {@code reactor-http-epoll} threads (the JFR profiles
 * of the benchmark show no other loop thread, before and after this change), but nothing guaranteed it: in the test
 * JVM the two differed, and every member answer came on another group's thread
 * ({@code SharedLoopResourcesIntegrationTests} fails without this). On the server's own loops, whose client side is
 * colocated, a new member connection is opened on the loop of the request that needs it.
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
