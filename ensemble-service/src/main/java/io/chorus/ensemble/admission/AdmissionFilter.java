package io.chorus.ensemble.admission;

import java.time.Duration;
import java.util.Optional;

import com.netflix.concurrency.limits.Limiter;
import reactor.core.publisher.Mono;
import reactor.core.publisher.SignalType;

import org.springframework.core.Ordered;
import org.springframework.core.io.buffer.DataBufferUtils;
import org.springframework.http.HttpMethod;
import org.springframework.http.HttpStatusCode;
import org.springframework.http.server.reactive.ServerHttpRequest;
import org.springframework.web.server.ServerWebExchange;
import org.springframework.web.server.WebFilter;
import org.springframework.web.server.WebFilterChain;

import io.chorus.ensemble.error.ApiException;

/**
 * Admits inference requests ({@code POST .../infer} and {@code :predict}) within the adaptive concurrency limit
 * of their ensemble, before the body is read or decoded. Over the limit, a request gets 503 with
 * {@code Retry-After} and the service's JSON error body (rendered by the one error handler); a body within the
 * size limit is drained first, as for every request refused unread, so the answer never races the rest of the
 * request on a keep-alive connection.
 *
 * <p>How an admitted request ended feeds the limit: an answer below 500 is a latency sample, a 504 (the
 * deadline ran out) is a drop, which the limit reads as overload; other failures and cancellations are ignored.
 */
public final class AdmissionFilter implements WebFilter, Ordered {

	private final AdmissionLimiters limiters;

	private final String retryAfter;

	private final long maxBodyBytes;

	AdmissionFilter(AdmissionLimiters limiters, Duration retryAfter, long maxBodyBytes) {
		this.limiters = limiters;
		this.retryAfter = Long.toString((retryAfter.toMillis() + 999) / 1000);
		this.maxBodyBytes = maxBodyBytes;
	}

	@Override
	public int getOrder() {
		return Ordered.HIGHEST_PRECEDENCE + 10;
	}

	@Override
	public Mono<Void> filter(ServerWebExchange exchange, WebFilterChain chain) {
		ServerHttpRequest request = exchange.getRequest();
		if (request.getMethod() != HttpMethod.POST) {
			return chain.filter(exchange);
		}
		String ensemble = ensemble(request.getPath().value());
		AdmissionLimiters.Gate gate = (ensemble != null) ? this.limiters.gate(ensemble) : null;
		if (gate == null) {
			return chain.filter(exchange);
		}
		Optional<Limiter.Listener> admitted = gate.limiter().acquire(null);
		if (admitted.isEmpty()) {
			gate.rejections().increment();
			exchange.getResponse().getHeaders().set("Retry-After", this.retryAfter);
			return drain(request).then(Mono.error(new ApiException(503, "ensemble '" + ensemble
					+ "' is at its concurrency limit of " + gate.limiter().getLimit() + " requests; retry after "
					+ this.retryAfter + "s")));
		}
		Limiter.Listener listener = admitted.get();
		return chain.filter(exchange).doFinally((signal) -> settle(listener, signal, exchange));
	}

	private static void settle(Limiter.Listener listener, SignalType signal, ServerWebExchange exchange) {
		HttpStatusCode status = exchange.getResponse().getStatusCode();
		if (signal != SignalType.ON_COMPLETE || status == null) {
			listener.onIgnore();
		}
		else if (status.value() == 504) {
			listener.onDropped();
		}
		else if (status.value() < 500) {
			listener.onSuccess();
		}
		else {
			listener.onIgnore();
		}
	}

	/** Reads and drops a body within the size limit (see the api package's RequestBodies#refuse). */
	private Mono<Void> drain(ServerHttpRequest request) {
		long declared = request.getHeaders().getContentLength();
		if (declared == 0 || declared > this.maxBodyBytes) {
			return Mono.empty();
		}
		return DataBufferUtils.join(request.getBody(), (int) Math.min(this.maxBodyBytes, Integer.MAX_VALUE))
			.doOnNext(DataBufferUtils::release)
			.onErrorResume((ex) -> Mono.empty())
			.then();
	}

	/**
	 * The ensemble an inference path names: {@code /v2/models/{name}/infer},
	 * {@code /v2/models/{name}/versions/{version}/infer} or {@code /v1/models/{name}:predict}.
	 * @param path the request path
	 * @return the name, or {@code null} for any other path
	 */
	static String ensemble(String path) {
		if (path.startsWith("/v2/models/") && path.endsWith("/infer")) {
			int end = path.indexOf('/', "/v2/models/".length());
			String rest = path.substring(end);
			boolean shape = rest.equals("/infer") || (rest.startsWith("/versions/")
					&& rest.indexOf('/', "/versions/".length()) == rest.length() - "/infer".length());
			return (end > "/v2/models/".length() && shape) ? path.substring("/v2/models/".length(), end) : null;
		}
		if (path.startsWith("/v1/models/") && path.endsWith(":predict")) {
			String name = path.substring("/v1/models/".length(), path.length() - ":predict".length());
			return (!name.isEmpty() && name.indexOf('/') < 0) ? name : null;
		}
		return null;
	}

}
