package io.chorus.ensemble.member;

import java.io.ByteArrayOutputStream;

/**
 * Collects a member's answer and refuses to hold more than a limit, so an answer with no declared length
 * (chunked) cannot make the service buffer without bound.
 */
final class BoundedBytes {

	private final long max;

	private final ByteArrayOutputStream bytes = new ByteArrayOutputStream();

	BoundedBytes(long max) {
		this.max = max;
	}

	void add(byte[] chunk) {
		if (this.bytes.size() + (long) chunk.length > this.max) {
			throw MemberCallException.incompatible("the answer is longer than the limit of " + this.max + " bytes");
		}
		this.bytes.write(chunk, 0, chunk.length);
	}

	byte[] toByteArray() {
		return this.bytes.toByteArray();
	}

}
