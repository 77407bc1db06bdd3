package io.chorus.gateway.support;

import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.net.InetSocketAddress;
import java.net.Socket;
import java.net.SocketTimeoutException;
import java.nio.charset.StandardCharsets;
import java.time.Duration;

/**
 * HTTP/1.1 over a plain socket, for requests an HTTP client library would correct (a
 * {@code Connection} header naming {@code Content-Length}, a body trickled byte by byte).
 * Each exchange uses its own connection and reads until the server closes it or the answer
 * is complete.
 */
public final class RawHttp implements AutoCloseable {

	private final Socket socket;

	private RawHttp(Socket socket) {
		this.socket = socket;
	}

	/**
	 * Opens a connection.
	 * @param port the port on 127.0.0.1
	 * @param readTimeout how long a read may wait before the exchange counts as unanswered
	 * @return the connection
	 */
	public static RawHttp open(int port, Duration readTimeout) throws IOException {
		Socket socket = new Socket();
		socket.connect(new InetSocketAddress("127.0.0.1", port), 5_000);
		socket.setSoTimeout(Math.toIntExact(readTimeout.toMillis()));
		return new RawHttp(socket);
	}

	/**
	 * Sends bytes as they are.
	 * @param text the bytes, as ISO-8859-1 text ({@code \r\n} line ends are the caller's)
	 */
	public void send(String text) throws IOException {
		OutputStream out = this.socket.getOutputStream();
		out.write(text.getBytes(StandardCharsets.ISO_8859_1));
		out.flush();
	}

	/**
	 * Sends bytes, swallowing the failure of a server that already answered and closed.
	 * @param text the bytes
	 * @return whether they were written
	 */
	public boolean trySend(String text) {
		try {
			send(text);
			return true;
		}
		catch (IOException ex) {
			return false;
		}
	}

	/**
	 * Reads the answer: the status line, headers and a {@code Content-Length} body.
	 * @return the answer, or {@code null} when the server closed without answering
	 */
	public Answer read() throws IOException {
		InputStream in = this.socket.getInputStream();
		ByteArrayOutputStream head = new ByteArrayOutputStream();
		try {
			while (!head.toString(StandardCharsets.ISO_8859_1).endsWith("\r\n\r\n")) {
				int next = in.read();
				if (next < 0) {
					return (head.size() == 0) ? null : new Answer(head.toString(StandardCharsets.ISO_8859_1), "");
				}
				head.write(next);
			}
		}
		catch (SocketTimeoutException | java.net.SocketException ex) {
			return (head.size() == 0) ? null : new Answer(head.toString(StandardCharsets.ISO_8859_1), "");
		}
		String headers = head.toString(StandardCharsets.ISO_8859_1);
		int length = contentLength(headers);
		byte[] body = (length > 0) ? in.readNBytes(length) : new byte[0];
		return new Answer(headers, new String(body, StandardCharsets.UTF_8));
	}

	private static int contentLength(String headers) {
		for (String line : headers.split("\r\n")) {
			int colon = line.indexOf(':');
			if (colon > 0 && line.substring(0, colon).trim().equalsIgnoreCase("Content-Length")) {
				return Integer.parseInt(line.substring(colon + 1).trim());
			}
		}
		return -1;
	}

	@Override
	public void close() throws IOException {
		this.socket.close();
	}

	/**
	 * A raw answer.
	 *
	 * @param head the status line and headers
	 * @param body the body (empty when none)
	 */
	public record Answer(String head, String body) {

		public int status() {
			return Integer.parseInt(this.head.substring(9, 12));
		}

	}

}
