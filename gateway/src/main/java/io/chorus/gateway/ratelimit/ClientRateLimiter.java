package io.chorus.gateway.ratelimit;

import reactor.core.publisher.Mono;

/**
 * Takes tokens from a client's bucket without blocking.
 */
interface ClientRateLimiter {

	Mono<Decision> tryAcquire(String client);

}
