package io.chorus.mock.behavior;

import java.util.ArrayList;
import java.util.List;

import io.chorus.mock.MockSettings.BehaviorSettings;
import io.chorus.mock.MockSettings.LatencySettings;

/**
 * The rules a behaviour must follow, shared by YAML start-up and the admin API.
 */
public final class BehaviorValidation {

	/** The longest delay or trickle accepted, one hour. */
	static final double MAX_MS = 3_600_000;

	private BehaviorValidation() {
	}

	/**
	 * Lists what is wrong with a behaviour, one message per problem naming the field.
	 * @param b the behaviour
	 * @return the problems; empty when the behaviour is valid
	 */
	public static List<String> problems(BehaviorSettings b) {
		List<String> problems = new ArrayList<>();
		rate(problems, "errorRate", b.errorRate());
		rate(problems, "hangRate", b.hangRate());
		rate(problems, "closeRate", b.closeRate());
		rate(problems, "malformedRate", b.malformedRate());
		rate(problems, "wrongShapeRate", b.wrongShapeRate());
		rate(problems, "trickleRate", b.trickleRate());
		double sum = b.errorRate() + b.hangRate() + b.closeRate() + b.malformedRate() + b.wrongShapeRate()
				+ b.trickleRate();
		if (sum > 1 + 1e-9) {
			problems.add("fault rates (errorRate + hangRate + closeRate + malformedRate + wrongShapeRate + trickleRate) "
					+ "must sum to at most 1, not " + sum);
		}
		if (b.errorStatus() < 400 || b.errorStatus() > 599) {
			problems.add("errorStatus must be an HTTP error status between 400 and 599, not " + b.errorStatus());
		}
		if (b.trickleMs() < 0 || b.trickleMs() > MAX_MS) {
			problems.add("trickleMs must be between 0 and " + (long) MAX_MS);
		}
		latency(problems, b.latency());
		return problems;
	}

	private static void latency(List<String> problems, LatencySettings l) {
		switch (l.type()) {
			case "fixed" -> millis(problems, "latency.ms", l.ms());
			case "uniform" -> {
				millis(problems, "latency.minMs", l.minMs());
				millis(problems, "latency.maxMs", l.maxMs());
				if (l.maxMs() < l.minMs()) {
					problems.add("latency.maxMs must be at least latency.minMs");
				}
			}
			case "normal" -> {
				millis(problems, "latency.meanMs", l.meanMs());
				millis(problems, "latency.stddevMs", l.stddevMs());
			}
			case "lognormal" -> {
				millis(problems, "latency.medianMs", l.medianMs());
				if (!(l.sigma() >= 0 && l.sigma() <= 5)) {
					problems.add("latency.sigma must be between 0 and 5");
				}
			}
			default -> problems.add("latency.type must be one of fixed, uniform, normal, lognormal, not '"
					+ l.type() + "'");
		}
		if (l.spike() != null) {
			rate(problems, "latency.spike.rate", l.spike().rate());
			if (!(l.spike().factor() >= 1 && l.spike().factor() <= 1000)) {
				problems.add("latency.spike.factor must be between 1 and 1000");
			}
		}
	}

	private static void rate(List<String> problems, String field, double value) {
		if (!(value >= 0 && value <= 1)) {
			problems.add(field + " must be between 0 and 1");
		}
	}

	private static void millis(List<String> problems, String field, double value) {
		if (!(value >= 0 && value <= MAX_MS)) {
			problems.add(field + " must be between 0 and " + (long) MAX_MS);
		}
	}

}
