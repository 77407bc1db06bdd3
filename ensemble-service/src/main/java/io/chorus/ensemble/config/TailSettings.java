package io.chorus.ensemble.config;

import java.time.Duration;
import java.util.List;
import java.util.Locale;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

import org.springframework.boot.convert.DurationStyle;

/**
 * Validates the tail-latency settings (hedging, outlier ejection, admission) the way {@link EnsembleCatalog}
 * validates the rest: every problem listed by key.
 */
final class TailSettings {

	private static final Pattern PERCENTILE = Pattern.compile("p(\\d{1,2}(?:\\.\\d+)?)");

	/** The defaults of an unset {@code outlier-ejection}, as bound from an empty block. */
	static final ChorusProperties.OutlierEjection DEFAULT_EJECTION = new ChorusProperties.OutlierEjection(true, 5, 50,
			10, Duration.ofSeconds(10), Duration.ofSeconds(30), Duration.ofSeconds(300), 50);

	private TailSettings() {
	}

	static HedgeSpec hedge(String key, ChorusProperties.Hedge hedge, Duration timeout, List<String> problems) {
		if (hedge == null || hedge.delay() == null || hedge.delay().isBlank()) {
			return HedgeSpec.OFF;
		}
		int before = problems.size();
		String delay = hedge.delay().trim().toLowerCase(Locale.ROOT);
		double percentile = 0;
		Duration fixed = null;
		Matcher matcher = PERCENTILE.matcher(delay);
		if (matcher.matches()) {
			percentile = Double.parseDouble(matcher.group(1));
			if (!(percentile >= 50 && percentile < 100)) {
				problems.add(key + ".delay: the percentile must be between p50 and p99.9, not '" + hedge.delay() + "'");
			}
		}
		else {
			try {
				fixed = DurationStyle.detectAndParse(delay);
				if (fixed.isNegative() || fixed.isZero()) {
					problems.add(key + ".delay: must be positive");
				}
				else if (timeout != null && fixed.compareTo(timeout) >= 0) {
					problems.add(key + ".delay: " + fixed.toMillis() + "ms is not shorter than the member's timeout of "
							+ timeout.toMillis() + "ms, so no hedge could ever be sent");
				}
			}
			catch (IllegalArgumentException ex) {
				problems.add(key + ".delay: '" + hedge.delay() + "' is neither a percentile such as p95 nor a duration");
			}
		}
		double extra = extraLoad(key, hedge.maxExtraLoad(), problems);
		if (hedge.minDelay() == null || hedge.minDelay().isNegative() || hedge.maxDelay() == null
				|| hedge.maxDelay().compareTo(hedge.minDelay()) < 0) {
			problems.add(key + ".min-delay/max-delay: must be >= 0 and min-delay <= max-delay");
		}
		if (hedge.window() == null || hedge.window().toMillis() < 100) {
			problems.add(key + ".window: must be at least 100ms");
		}
		if (problems.size() > before) {
			return HedgeSpec.OFF;
		}
		return new HedgeSpec(percentile, fixed, extra, hedge.minDelay(), hedge.maxDelay(), hedge.window());
	}

	private static double extraLoad(String key, String value, List<String> problems) {
		String text = (value != null) ? value.trim() : "5%";
		try {
			double extra = text.endsWith("%") ? Double.parseDouble(text.substring(0, text.length() - 1).trim()) / 100
					: Double.parseDouble(text);
			if (!(extra > 0 && extra <= 1)) {
				problems.add(key + ".max-extra-load: must be more than 0% and at most 100%, not '" + value + "'");
			}
			return extra;
		}
		catch (NumberFormatException ex) {
			problems.add(key + ".max-extra-load: '" + value + "' is not a percentage such as 5% or a fraction");
			return 0;
		}
	}

	static ChorusProperties.OutlierEjection outlierEjection(String key, ChorusProperties.OutlierEjection ejection,
			List<String> problems) {
		if (ejection == null) {
			return DEFAULT_EJECTION;
		}
		if (ejection.consecutiveFailures() < 1) {
			problems.add(key + ".consecutive-failures: must be at least 1");
		}
		if (!(ejection.failureRateThreshold() > 0 && ejection.failureRateThreshold() <= 100)) {
			problems.add(key + ".failure-rate-threshold: must be in (0, 100]");
		}
		if (ejection.failureRateMinimumCalls() < 1) {
			problems.add(key + ".failure-rate-minimum-calls: must be at least 1");
		}
		if (ejection.interval() == null || ejection.interval().toMillis() < 1) {
			problems.add(key + ".interval: must be at least 1ms");
		}
		if (ejection.baseEjectionTime() == null || ejection.baseEjectionTime().toMillis() < 1
				|| ejection.maxEjectionTime() == null
				|| ejection.maxEjectionTime().compareTo(ejection.baseEjectionTime()) < 0) {
			problems.add(key + ".base-ejection-time/max-ejection-time: must be at least 1ms and base <= max");
		}
		if (ejection.maxEjectionPercent() < 0 || ejection.maxEjectionPercent() > 100) {
			problems.add(key + ".max-ejection-percent: must be between 0 and 100");
		}
		return ejection;
	}

	static void admission(String key, ChorusProperties.Admission admission, List<String> problems) {
		if (admission == null) {
			return;
		}
		if (!List.of("ensemble", "service").contains(String.valueOf(admission.scope()).toLowerCase(Locale.ROOT))) {
			problems.add(key + ".scope: '" + admission.scope() + "' is not 'ensemble' or 'service'");
		}
		if (!List.of("gradient2", "vegas").contains(String.valueOf(admission.algorithm()).toLowerCase(Locale.ROOT))) {
			problems.add(key + ".algorithm: '" + admission.algorithm() + "' is not 'gradient2' or 'vegas'");
		}
		if (admission.minLimit() < 1 || admission.initialLimit() < admission.minLimit()
				|| admission.maxLimit() < admission.initialLimit()) {
			problems.add(key + ": limits must satisfy 1 <= min-limit <= initial-limit <= max-limit");
		}
		if (admission.retryAfter() == null || admission.retryAfter().isNegative()) {
			problems.add(key + ".retry-after: must not be negative");
		}
	}

}
