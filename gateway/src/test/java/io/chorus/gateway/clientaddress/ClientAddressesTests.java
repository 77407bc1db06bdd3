package io.chorus.gateway.clientaddress;

import java.net.InetSocketAddress;
import java.util.List;

import org.junit.jupiter.api.Test;

import org.springframework.mock.http.server.reactive.MockServerHttpRequest;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatIllegalArgumentException;

class ClientAddressesTests {

	private final ClientAddresses behindProxies = new ClientAddresses(
			new ClientAddressProperties(List.of("10.0.0.0/8", "192.0.2.1"), "X-Forwarded-For"));

	@Test
	void isTheTcpPeerWhenNoProxyIsTrusted() {
		ClientAddresses none = new ClientAddresses(new ClientAddressProperties(List.of(), "X-Forwarded-For"));
		assertThat(none.of(request("10.1.1.1", "X-Forwarded-For", "203.0.113.5"))).isEqualTo("10.1.1.1");
	}

	@Test
	void ignoresForwardedHeadersFromAnUntrustedPeer() {
		assertThat(this.behindProxies.of(request("198.51.100.9", "X-Forwarded-For", "203.0.113.5")))
			.isEqualTo("198.51.100.9");
	}

	@Test
	void takesTheRightMostUntrustedAddressFromATrustedPeer() {
		// 1.2.3.4 was written by the client itself: only what the trusted proxies appended counts.
		assertThat(this.behindProxies.of(request("10.0.0.7", "X-Forwarded-For", "1.2.3.4, 203.0.113.5, 10.9.9.9")))
			.isEqualTo("203.0.113.5");
	}

	@Test
	void readsSeveralHeaderLinesInOrder() {
		MockServerHttpRequest request = MockServerHttpRequest.get("/v2")
			.remoteAddress(new InetSocketAddress("192.0.2.1", 40000))
			.header("X-Forwarded-For", "1.2.3.4")
			.header("X-Forwarded-For", "203.0.113.5:8443")
			.build();
		assertThat(this.behindProxies.of(request)).isEqualTo("203.0.113.5");
	}

	@Test
	void isTheLeftMostHopWhenEveryHopIsTrusted() {
		assertThat(this.behindProxies.of(request("10.0.0.7", "X-Forwarded-For", "10.2.2.2, 10.3.3.3")))
			.isEqualTo("10.2.2.2");
	}

	@Test
	void stopsAtAnEntryThatIsNoAddress() {
		assertThat(this.behindProxies.of(request("10.0.0.7", "X-Forwarded-For", "203.0.113.5, unknown, 10.3.3.3")))
			.isEqualTo("10.3.3.3");
	}

	@Test
	void readsTheForwardedHeaderWhenConfigured() {
		ClientAddresses rfc7239 = new ClientAddresses(new ClientAddressProperties(List.of("10.0.0.0/8"), "Forwarded"));
		assertThat(rfc7239.of(request("10.0.0.7", "Forwarded",
				"for=1.2.3.4, for=\"[2001:db8::17]:4711\";proto=https, for=10.5.5.5")))
			.isEqualTo("2001:db8:0:0:0:0:0:17");
		// The header its proxies do not write is never read.
		assertThat(rfc7239.of(request("10.0.0.7", "X-Forwarded-For", "203.0.113.5"))).isEqualTo("10.0.0.7");
	}

	@Test
	void refusesAnEntryThatIsNoAddressOrRange() {
		for (String bad : List.of("10.0.0.0/33", "proxy.example.com", "10.0.0.0/x", "::1/129", "")) {
			assertThatIllegalArgumentException()
				.isThrownBy(() -> new ClientAddresses(new ClientAddressProperties(List.of(bad), "X-Forwarded-For")))
				.withMessageContaining("chorus.gateway.trusted-proxies: '" + bad + "'");
		}
	}

	private static MockServerHttpRequest request(String peer, String header, String value) {
		return MockServerHttpRequest.get("/v2")
			.remoteAddress(new InetSocketAddress(peer, 40000))
			.header(header, value)
			.build();
	}

}
