package io.chorus.ensemble.api;

import org.springframework.core.io.buffer.DataBuffer;
import org.springframework.core.io.buffer.DataBufferLimitException;
import org.springframework.core.io.buffer.DataBufferUtils;
import org.springframework.http.MediaType;
import org.springframework.web.reactive.function.server.ServerRequest;
import reactor.core.publisher.Mono;

import io.chorus.ensemble.error.ApiException;

/**
 * Reads request bodies within the size limit: a declared length over the limit is refused before any
 * byte is read, and a streamed body is cut off as soon as it passes the limit, so an oversized body is
 * never buffered whole.
 */
final class RequestBodies {

	private final long maxBytes;

	RequestBodies(long maxBytes) {
		this.maxBytes = maxBytes;
	}

	Mono<byte[]> read(ServerRequest request) {
		MediaType type = request.headers().contentType().orElse(null);
		if (type != null && !(type.isCompatibleWith(MediaType.APPLICATION_JSON) || "json".equals(type.getSubtypeSuffix()))) {
			return refuse(request, new ApiException(415,
					"unsupported media type '" + type + "'; send Content-Type: application/json"));
		}
		long declared = request.headers().contentLength().orElse(-1);
		if (declared > this.maxBytes) {
			return Mono.error(tooLarge());
		}
		return DataBufferUtils.join(request.exchange().getRequest().getBody(), (int) Math.min(this.maxBytes, Integer.MAX_VALUE))
			.map(RequestBodies::bytes)
			.defaultIfEmpty(new byte[0])
			.onErrorMap(DataBufferLimitException.class, (ex) -> tooLarge());
	}

	/**
	 * Refuses a request whose body has not been read: reads and drops a body within the size limit first, so
	 * the answer never races the rest of the request on a keep-alive connection. A larger body is not read
	 * (the server then closes the connection instead of draining it).
	 * @param request the request
	 * @param error the refusal
	 * @return the refusal, once the body is gone
	 */
	<T> Mono<T> refuse(ServerRequest request, ApiException error) {
		long declared = request.headers().contentLength().orElse(-1);
		if (declared == 0 || declared > this.maxBytes) {
			return Mono.error(error);
		}
		return DataBufferUtils.join(request.exchange().getRequest().getBody(), (int) Math.min(this.maxBytes, Integer.MAX_VALUE))
			.doOnNext(DataBufferUtils::release)
			.onErrorResume((ex) -> Mono.empty())
			.then(Mono.error(error));
	}

	/** The gateway's 413 text, word for word: a client sees one message whichever layer refuses. */
	private ApiException tooLarge() {
		return new ApiException(413, "request body is larger than the limit of " + this.maxBytes + " bytes");
	}

	private static byte[] bytes(DataBuffer buffer) {
		try {
			byte[] bytes = new byte[buffer.readableByteCount()];
			buffer.read(bytes);
			return bytes;
		}
		finally {
			DataBufferUtils.release(buffer);
		}
	}

}
