package io.chorus.gateway.support;

import java.io.ByteArrayOutputStream;
import java.io.OutputStream;
import java.io.PrintStream;
import java.nio.charset.StandardCharsets;

/**
 * Tees {@code System.out} into a buffer while open, so a test reads exactly what the console appender wrote (Logback's
 * console appender looks {@code System.out} up on every write). Boot's {@code OutputCaptureExtension} stacks one capture
 * per test on one per class and reports each line once per capture, which would hide a line really written twice.
 */
public final class ConsoleCapture implements AutoCloseable {

	private final PrintStream original = System.out;

	private final ByteArrayOutputStream buffer = new ByteArrayOutputStream();

	private ConsoleCapture() {
		OutputStream tee = new OutputStream() {

			@Override
			public void write(int b) {
				ConsoleCapture.this.original.write(b);
				synchronized (ConsoleCapture.this.buffer) {
					ConsoleCapture.this.buffer.write(b);
				}
			}

			@Override
			public void write(byte[] bytes, int offset, int length) {
				ConsoleCapture.this.original.write(bytes, offset, length);
				synchronized (ConsoleCapture.this.buffer) {
					ConsoleCapture.this.buffer.write(bytes, offset, length);
				}
			}

		};
		System.setOut(new PrintStream(tee, true, StandardCharsets.UTF_8));
	}

	public static ConsoleCapture start() {
		return new ConsoleCapture();
	}

	/**
	 * Returns everything written to the console since the capture started.
	 * @return the text
	 */
	public String text() {
		synchronized (this.buffer) {
			return this.buffer.toString(StandardCharsets.UTF_8);
		}
	}

	@Override
	public void close() {
		System.setOut(this.original);
	}

}
