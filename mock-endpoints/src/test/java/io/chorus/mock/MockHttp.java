package io.chorus.mock;

import java.io.IOException;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.time.Duration;

import tools.jackson.databind.JsonNode;
import tools.jackson.databind.json.JsonMapper;

/**
 * A small blocking HTTP/1.1 client for tests (called from the test thread, never from an event loop).
 */
public final class MockHttp {

	/** One Iris row (the first setosa) as an OIP request body. */
	public static final String ONE_ROW = "{\"id\":\"r1\",\"inputs\":[{\"name\":\"features\",\"shape\":[1,4],"
			+ "\"datatype\":\"FP32\",\"data\":[5.1,3.5,1.4,0.2]}]}";

	private static final HttpClient CLIENT = HttpClient.newBuilder()
		.version(HttpClient.Version.HTTP_1_1)
		.connectTimeout(Duration.ofSeconds(5))
		.build();

	private MockHttp() {
	}

	public static HttpResponse<String> send(String method, String url, String body, Duration timeout,
			String... headers) throws IOException, InterruptedException {
		HttpRequest.Builder builder = HttpRequest.newBuilder(URI.create(url))
			.timeout(timeout)
			.method(method, (body == null) ? HttpRequest.BodyPublishers.noBody()
					: HttpRequest.BodyPublishers.ofString(body));
		if (headers.length > 0) {
			builder.headers(headers);
		}
		return CLIENT.send(builder.build(), HttpResponse.BodyHandlers.ofString());
	}

	public static HttpResponse<String> post(String url, String body, String... headers)
			throws IOException, InterruptedException {
		return send("POST", url, body, Duration.ofSeconds(10), headers);
	}

	public static HttpResponse<String> get(String url) throws IOException, InterruptedException {
		return send("GET", url, null, Duration.ofSeconds(10));
	}

	public static JsonNode json(HttpResponse<String> response) {
		return JsonMapper.shared().readTree(response.body());
	}

	public static String row(String id, double... features) {
		StringBuilder data = new StringBuilder();
		for (double f : features) {
			data.append((data.length() == 0) ? "" : ",").append(f);
		}
		return "{\"id\":\"" + id + "\",\"inputs\":[{\"name\":\"features\",\"shape\":[" + (features.length / 4)
				+ ",4],\"datatype\":\"FP32\",\"data\":[" + data + "]}]}";
	}

}
