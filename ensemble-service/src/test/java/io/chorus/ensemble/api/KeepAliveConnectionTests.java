package io.chorus.ensemble.api;

import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.InputStream;
import java.net.Socket;
import java.net.SocketTimeoutException;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;

import org.junit.jupiter.api.Test;

import io.chorus.ensemble.support.EnsembleServiceIntegrationTest;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * Many requests on one keep-alive connection, written byte for byte on a plain socket so no client library
 * can hide a stall: an ensemble answer (completed on a member client's event loop) followed by a cheap GET.
 * Before the service wrote its answers from the connection's own event loop, a few percent of the POSTs
 * that followed a GET were never read until the client closed the connection.
 */
class KeepAliveConnectionTests extends EnsembleServiceIntegrationTest {

	private static final String ONE_ROW = "{\"inputs\":[{\"name\":\"features\",\"shape\":[1,4],\"datatype\":\"FP32\",\"data\":[6.0,2.9,4.5,1.5]}]}";

	@Test
	void servesEveryRequestOnAKeepAliveConnectionThatMixesEnsembleCallsAndGets() throws IOException {
		List<String> stalled = new ArrayList<>();
		Socket socket = open();
		try {
			for (int i = 0; i < 200; i++) {
				String get = "GET /v2/health/live HTTP/1.1\r\nHost: chorus\r\n\r\n";
				String post = "POST /v2/models/vote/infer HTTP/1.1\r\nHost: chorus\r\nContent-Type: application/json\r\n"
						+ "Content-Length: " + ONE_ROW.length() + "\r\n\r\n" + ONE_ROW;
				for (String request : List.of(get, post)) {
					try {
						socket.getOutputStream().write(request.getBytes(StandardCharsets.US_ASCII));
						assertThat(statusOf(socket.getInputStream())).isEqualTo(200);
					}
					catch (SocketTimeoutException ex) {
						stalled.add("round " + i + ": " + request.substring(0, request.indexOf(' ')));
						socket.close();
						socket = open();
					}
				}
			}
		}
		finally {
			socket.close();
		}
		assertThat(stalled).as("requests with no answer within 5 s").isEmpty();
	}

	private Socket open() throws IOException {
		Socket socket = new Socket("127.0.0.1", this.port);
		socket.setSoTimeout(5_000);
		return socket;
	}

	/** Reads one response (head and Content-Length body) and returns its status. */
	private static int statusOf(InputStream in) throws IOException {
		ByteArrayOutputStream head = new ByteArrayOutputStream();
		while (true) {
			int b = in.read();
			if (b == -1) {
				throw new IOException("connection closed before a whole response head");
			}
			head.write(b);
			byte[] h = head.toByteArray();
			int n = h.length;
			if (n >= 4 && h[n - 4] == '\r' && h[n - 3] == '\n' && h[n - 2] == '\r' && h[n - 1] == '\n') {
				break;
			}
		}
		String[] lines = head.toString(StandardCharsets.US_ASCII).split("\r\n");
		int length = 0;
		for (String line : lines) {
			if (line.toLowerCase(Locale.ROOT).startsWith("content-length:")) {
				length = Integer.parseInt(line.substring("content-length:".length()).trim());
			}
		}
		in.readNBytes(length);
		return Integer.parseInt(lines[0].split(" ")[1]);
	}

}
