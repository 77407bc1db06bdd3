package io.chorus.gateway.clientaddress;

import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;

import org.springframework.http.server.reactive.ServerHttpRequest;
import org.springframework.stereotype.Component;

/**
 * Finds the address of the client behind a request. It is the TCP peer, unless the peer is a trusted proxy
 * ({@code chorus.gateway.trusted-proxies}): then the configured forwarded header is read from the right, skipping
 * trusted proxies, and the first address that is not one is the client, as nginx's {@code real_ip_recursive} and
 * Envoy's {@code xff_num_trusted_hops} do. The entries left of it were written by the client and are never believed.
 */
@Component
public final class ClientAddresses {

	private final TrustedProxies trusted;

	private final String header;

	private final boolean rfc7239;

	ClientAddresses(ClientAddressProperties properties) {
		this.trusted = TrustedProxies.of(properties.trustedProxies());
		this.header = properties.forwardedHeader();
		this.rfc7239 = "forwarded".equalsIgnoreCase(this.header);
		if (!this.rfc7239 && !"x-forwarded-for".equalsIgnoreCase(this.header)) {
			throw new IllegalArgumentException("chorus.gateway.forwarded-header: '" + this.header
					+ "' is neither X-Forwarded-For nor Forwarded");
		}
	}

	/**
	 * Returns the client's address.
	 * @param request the request as it arrived
	 * @return the address as text, or {@code "-"} when the peer is unknown
	 */
	public String of(ServerHttpRequest request) {
		InetSocketAddress peer = request.getRemoteAddress();
		if (peer == null || peer.getAddress() == null) {
			return "-";
		}
		InetAddress client = peer.getAddress();
		if (this.trusted.isEmpty() || !this.trusted.trusts(client)) {
			return client.getHostAddress();
		}
		List<String> hops = hops(request);
		for (int i = hops.size() - 1; i >= 0; i--) {
			InetAddress hop = TrustedProxies.literal(hostOf(hops.get(i)));
			if (hop == null) {
				// Not an address ("unknown", an obfuscated name, garbage): the nearest hop we know of is the answer.
				break;
			}
			client = hop;
			if (!this.trusted.trusts(hop)) {
				break;
			}
		}
		return client.getHostAddress();
	}

	private List<String> hops(ServerHttpRequest request) {
		List<String> hops = new ArrayList<>();
		for (String line : request.getHeaders().getOrEmpty(this.header)) {
			for (String element : line.split(",")) {
				String hop = this.rfc7239 ? forParameter(element) : element.trim();
				hops.add((hop != null) ? hop : "");
			}
		}
		return hops;
	}

	/** The {@code for} parameter of one RFC 7239 element, unquoted; {@code null} when it has none. */
	private static String forParameter(String element) {
		for (String pair : element.split(";")) {
			String trimmed = pair.trim();
			if (trimmed.toLowerCase(Locale.ROOT).startsWith("for=")) {
				String value = trimmed.substring(4).trim();
				if (value.length() >= 2 && value.startsWith("\"") && value.endsWith("\"")) {
					value = value.substring(1, value.length() - 1);
				}
				return value;
			}
		}
		return null;
	}

	/** Strips a port and IPv6 brackets: {@code [2001:db8::1]:4711} and {@code 192.0.2.1:80} become bare addresses. */
	static String hostOf(String hop) {
		if (hop.startsWith("[")) {
			int close = hop.indexOf(']');
			return (close > 0) ? hop.substring(1, close) : hop;
		}
		int colon = hop.indexOf(':');
		if (colon > 0 && hop.indexOf(':', colon + 1) < 0) {
			return hop.substring(0, colon);
		}
		return hop;
	}

}
