package io.chorus.gateway.clientaddress;

import java.util.List;

import org.springframework.boot.context.properties.ConfigurationProperties;
import org.springframework.boot.context.properties.bind.DefaultValue;

/**
 * Which peers may tell the gateway who the client is.
 *
 * @param trustedProxies addresses and CIDR ranges (such as {@code 10.0.0.0/8} or {@code fd00::/8}) of the proxies
 * in front of the gateway; only a request whose TCP peer is one of them has its forwarded header read. Empty (the
 * default): the client address is always the TCP peer
 * @param forwardedHeader the one header a trusted proxy sets: {@code X-Forwarded-For} (default) or {@code Forwarded}
 * (RFC 7239); the other is never read, so a client cannot slip in the header its proxy does not rewrite
 */
@ConfigurationProperties("chorus.gateway")
public record ClientAddressProperties(@DefaultValue List<String> trustedProxies,
		@DefaultValue("X-Forwarded-For") String forwardedHeader) {

	public ClientAddressProperties {
		trustedProxies = List.copyOf(trustedProxies);
	}

}
