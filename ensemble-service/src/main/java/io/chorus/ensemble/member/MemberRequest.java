package io.chorus.ensemble.member;

import io.chorus.protocol.InferenceCodec;
import io.chorus.protocol.InferenceRequest;
import io.chorus.protocol.ProtocolException;
import io.chorus.protocol.Tensor;

/**
 * A client request as members receive it, encoded at most once per protocol however many members
 * share it.
 */
public final class MemberRequest {

	private final InferenceRequest request;

	private volatile byte[] v2Body;

	private volatile byte[] v1Body;

	/**
	 * Wraps a client request.
	 * @param request the decoded client request
	 */
	public MemberRequest(InferenceRequest request) {
		this.request = request;
	}

	/**
	 * The client request.
	 * @return the request
	 */
	public InferenceRequest request() {
		return this.request;
	}

	byte[] v2Body() {
		byte[] body = this.v2Body;
		if (body == null) {
			// Racing encoders produce equal bytes; the last write wins harmlessly.
			body = InferenceCodec.write(this.request);
			this.v2Body = body;
		}
		return body;
	}

	byte[] v1Body() {
		byte[] body = this.v1Body;
		if (body == null) {
			Tensor input = this.request.inputs().get(0);
			if (input.rank() < 1 || input.rank() > 2 || !input.datatype().isNumeric()) {
				throw new ProtocolException("a v1 member needs one numeric input of rank 1 or 2, not " + input);
			}
			body = InferenceCodec.writeV1Instances(input);
			this.v1Body = body;
		}
		return body;
	}

}
