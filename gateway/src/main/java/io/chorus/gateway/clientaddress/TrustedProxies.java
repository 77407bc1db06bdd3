package io.chorus.gateway.clientaddress;

import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.util.ArrayList;
import java.util.List;

import io.netty.handler.ipfilter.IpFilterRuleType;
import io.netty.handler.ipfilter.IpSubnetFilterRule;
import io.netty.util.NetUtil;

/**
 * The configured trusted proxies as CIDR rules (Netty's {@link IpSubnetFilterRule}). Spring Cloud Gateway's own
 * {@code trusted-proxies} is a regular expression on the host string and reads the left-most, client-written
 * {@code X-Forwarded-For} entry, so it is not used for this.
 */
final class TrustedProxies {

	private final List<IpSubnetFilterRule> rules;

	private TrustedProxies(List<IpSubnetFilterRule> rules) {
		this.rules = rules;
	}

	/**
	 * Parses the configured list; an entry that is not an IP literal with an optional prefix length fails start-up.
	 * @param entries addresses and CIDR ranges
	 * @return the rules
	 */
	static TrustedProxies of(List<String> entries) {
		List<IpSubnetFilterRule> rules = new ArrayList<>();
		for (String entry : entries) {
			rules.add(rule(entry));
		}
		return new TrustedProxies(List.copyOf(rules));
	}

	private static IpSubnetFilterRule rule(String entry) {
		String value = entry.trim();
		int slash = value.indexOf('/');
		String address = (slash >= 0) ? value.substring(0, slash) : value;
		InetAddress literal = literal(address);
		if (literal == null) {
			throw invalid(entry);
		}
		int max = (literal.getAddress().length == 4) ? 32 : 128;
		int prefix = max;
		if (slash >= 0) {
			try {
				prefix = Integer.parseInt(value.substring(slash + 1));
			}
			catch (NumberFormatException ex) {
				throw invalid(entry);
			}
			if (prefix < 0 || prefix > max) {
				throw invalid(entry);
			}
		}
		return new IpSubnetFilterRule(literal, prefix, IpFilterRuleType.ACCEPT);
	}

	private static IllegalArgumentException invalid(String entry) {
		return new IllegalArgumentException("chorus.gateway.trusted-proxies: '" + entry
				+ "' is not an IP address or CIDR range (such as 10.0.0.0/8 or fd00::/8)");
	}

	/**
	 * Parses an IP literal without ever asking DNS.
	 * @param address the text
	 * @return the address, or {@code null} when the text is no IP literal
	 */
	static InetAddress literal(String address) {
		return NetUtil.createInetAddressFromIpAddressString(address);
	}

	boolean isEmpty() {
		return this.rules.isEmpty();
	}

	boolean trusts(InetAddress address) {
		InetSocketAddress socket = new InetSocketAddress(address, 0);
		for (IpSubnetFilterRule rule : this.rules) {
			if (rule.matches(socket)) {
				return true;
			}
		}
		return false;
	}

}
