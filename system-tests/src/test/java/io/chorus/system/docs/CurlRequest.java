package io.chorus.system.docs;

import java.net.URI;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;

/**
 * One documented {@code curl} command as an HTTP request: method, port, path, headers and body, with curl's
 * defaults (POST and a form content type when there is a body, GET otherwise).
 *
 * @param method the HTTP method
 * @param port the documented port (mapped to the test stack's port by the caller)
 * @param path the path and query
 * @param headers header names and values, in order
 * @param body the request body, or null
 */
record CurlRequest(String method, int port, String path, List<Map.Entry<String, String>> headers, String body) {

	CurlRequest {
		headers = List.copyOf(headers);
	}

	/**
	 * Parses the words of a curl command.
	 * @param words the command's words, starting with {@code curl}
	 * @return the request
	 * @throws IllegalArgumentException naming an option this parser does not know, or a URL it cannot map
	 */
	static CurlRequest parse(List<String> words) {
		if (words.isEmpty() || !words.get(0).equals("curl")) {
			throw new IllegalArgumentException("not a curl command: " + words);
		}
		String method = null;
		String url = null;
		String body = null;
		List<Map.Entry<String, String>> headers = new ArrayList<>();
		for (int i = 1; i < words.size(); i++) {
			String word = words.get(i);
			switch (word) {
				case "-s", "-S", "-sS", "-Ss", "--silent", "--show-error" -> {
				}
				case "-X", "--request" -> method = value(words, ++i, word);
				case "-H", "--header" -> headers.add(header(value(words, ++i, word)));
				case "-d", "--data", "--data-raw", "--data-binary" -> body = value(words, ++i, word);
				default -> {
					if (word.startsWith("-X") && word.length() > 2) {
						method = word.substring(2);
					}
					else if (word.startsWith("-")) {
						throw new IllegalArgumentException("curl option " + word
								+ " is not supported by the documentation test (supported: -s -S -X -H -d)");
					}
					else if (url != null) {
						throw new IllegalArgumentException("two URLs: " + url + " and " + word);
					}
					else {
						url = word;
					}
				}
			}
		}
		if (url == null) {
			throw new IllegalArgumentException("no URL in: " + String.join(" ", words));
		}
		if (body != null && headers.stream().noneMatch((h) -> h.getKey().equalsIgnoreCase("Content-Type"))) {
			headers.add(Map.entry("Content-Type", "application/x-www-form-urlencoded"));
		}
		URI uri = URI.create(url.contains("://") ? url : "http://" + url);
		if (!"127.0.0.1".equals(uri.getHost()) && !"localhost".equals(uri.getHost())) {
			throw new IllegalArgumentException("the URL " + url + " is not on this machine (127.0.0.1 or localhost)");
		}
		if (uri.getPort() < 0) {
			throw new IllegalArgumentException("the URL " + url + " names no port");
		}
		String path = (uri.getRawPath().isEmpty() ? "/" : uri.getRawPath())
				+ ((uri.getRawQuery() != null) ? "?" + uri.getRawQuery() : "");
		return new CurlRequest((method != null) ? method : (body != null) ? "POST" : "GET", uri.getPort(), path,
				headers, body);
	}

	private static String value(List<String> words, int index, String option) {
		if (index >= words.size()) {
			throw new IllegalArgumentException("curl option " + option + " has no value");
		}
		return words.get(index);
	}

	private static Map.Entry<String, String> header(String header) {
		int colon = header.indexOf(':');
		if (colon <= 0) {
			throw new IllegalArgumentException("not a header: " + header);
		}
		return Map.entry(header.substring(0, colon).trim(), header.substring(colon + 1).trim());
	}

}
