package io.chorus.mock.protocol;

import io.chorus.protocol.InferenceCodec;
import io.netty.handler.codec.http.HttpHeaderNames;
import io.netty.handler.codec.http.HttpHeaderValues;
import reactor.core.publisher.Mono;
import reactor.netty.http.server.HttpServerResponse;

/**
 * Sends JSON bodies with an explicit length; shared by the inference and admin servers.
 */
public final class JsonResponses {

	private JsonResponses() {
	}

	/**
	 * Sends a complete JSON body.
	 * @param res the response
	 * @param status the HTTP status
	 * @param body the UTF-8 JSON
	 * @return completes when the body is written
	 */
	public static Mono<Void> send(HttpServerResponse res, int status, byte[] body) {
		return res.status(status)
			.header(HttpHeaderNames.CONTENT_TYPE, HttpHeaderValues.APPLICATION_JSON)
			.header(HttpHeaderNames.CONTENT_LENGTH, Integer.toString(body.length))
			.sendByteArray(Mono.just(body))
			.then();
	}

	/**
	 * Sends {@code {"error": message}}.
	 * @param res the response
	 * @param status the HTTP error status
	 * @param message what went wrong, phrased for the client
	 * @return completes when the body is written
	 */
	public static Mono<Void> error(HttpServerResponse res, int status, String message) {
		return send(res, status, InferenceCodec.error(message));
	}

	/**
	 * Sends 405 with an {@code Allow} header.
	 * @param res the response
	 * @param method the method used
	 * @param path the path
	 * @param allow the methods the path accepts
	 * @return completes when the body is written
	 */
	public static Mono<Void> methodNotAllowed(HttpServerResponse res, String method, String path, String allow) {
		res.header(HttpHeaderNames.ALLOW, allow);
		return error(res, 405, "method " + method + " is not allowed on " + path + "; allowed: " + allow);
	}

}
