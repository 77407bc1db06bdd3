package io.chorus.ensemble.console;

import java.time.Duration;

import org.springframework.boot.context.properties.ConfigurationProperties;
import org.springframework.boot.context.properties.bind.DefaultValue;

/**
 * The live ensemble console on the management port, bound from {@code chorus.console.*}.
 *
 * @param enabled whether the console samples state and serves {@code /console} on the management port
 * @param tick how often the snapshot is computed and pushed to every open page
 * @param window the recent window that rates, latency percentiles and agreement are computed over
 * @param maxSubscribers how many live streams may be open at once; more are refused with 503
 */
@ConfigurationProperties("chorus.console")
public record ConsoleProperties(@DefaultValue("true") boolean enabled, @DefaultValue("1s") Duration tick,
		@DefaultValue("10s") Duration window, @DefaultValue("16") int maxSubscribers) {
}
