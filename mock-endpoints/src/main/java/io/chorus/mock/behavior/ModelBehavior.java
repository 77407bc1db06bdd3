package io.chorus.mock.behavior;

import java.util.SplittableRandom;

import io.chorus.mock.MockSettings.BehaviorSettings;

/**
 * The current, run-time changeable behaviour of one model, with its seeded random generator.
 *
 * <p>Draws are serialized on this object, so a seeded model gives the same sequence of decisions for the
 * same sequence of requests. Each request takes one uniform draw for the fault, then the latency draws.
 */
public final class ModelBehavior {

	private final BehaviorSettings startup;

	private BehaviorSettings current;

	private SplittableRandom random;

	/**
	 * Creates the behaviour of a model from its start-up settings.
	 * @param startup the validated start-up behaviour, restored by {@link #reset()}
	 */
	public ModelBehavior(BehaviorSettings startup) {
		this.startup = startup;
		replace(startup);
	}

	/**
	 * The behaviour now in force.
	 * @return the settings
	 */
	public synchronized BehaviorSettings current() {
		return this.current;
	}

	/**
	 * Replaces the behaviour (and re-seeds the generator) from the next request on.
	 * @param behavior the validated behaviour
	 */
	public synchronized void replace(BehaviorSettings behavior) {
		this.current = behavior;
		this.random = (behavior.seed() != null) ? new SplittableRandom(behavior.seed()) : new SplittableRandom();
	}

	/** Restores the start-up behaviour. */
	public void reset() {
		replace(this.startup);
	}

	/**
	 * Decides how to answer the next request.
	 * @return the decision
	 */
	public synchronized Decision decide() {
		BehaviorSettings b = this.current;
		double u = this.random.nextDouble();
		Decision.Fault fault = pick(b, u);
		long delay = (fault == Decision.Fault.HANG) ? 0
				: Math.round(LatencySampler.sampleMs(b.latency(), this.random));
		return new Decision(fault, delay, b.errorStatus(), b.trickleMs());
	}

	private static Decision.Fault pick(BehaviorSettings b, double u) {
		double edge = b.errorRate();
		if (u < edge) {
			return Decision.Fault.ERROR;
		}
		if (u < (edge += b.hangRate())) {
			return Decision.Fault.HANG;
		}
		if (u < (edge += b.closeRate())) {
			return Decision.Fault.CLOSE;
		}
		if (u < (edge += b.malformedRate())) {
			return Decision.Fault.MALFORMED;
		}
		if (u < (edge += b.wrongShapeRate())) {
			return Decision.Fault.WRONG_SHAPE;
		}
		if (u < edge + b.trickleRate()) {
			return Decision.Fault.TRICKLE;
		}
		return Decision.Fault.NONE;
	}

}
