package io.chorus.ensemble.fanout;

import java.time.Duration;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;

import reactor.core.publisher.Mono;
import reactor.core.publisher.Sinks;

import io.chorus.ensemble.config.EnsembleSpec;
import io.chorus.ensemble.config.WaitPolicy;
import io.chorus.ensemble.member.MemberOutcome;
import io.chorus.protocol.Tensor;

/**
 * The state of one fan-out: the outcomes so far, whether the wait is over, and why. Member results arrive
 * serialised by the merge, but the deadline and grace timers fire on other threads, so access is
 * synchronised (uncontended in the common case).
 */
final class Gather {

	private final EnsembleSpec spec;

	private final int batchRows;

	private final MemberOutcome[] outcomes;

	private final Tensor[][] tensors;

	private final long[][] referenceShapes;

	private final Sinks.Empty<Void> quorumReached = Sinks.empty();

	private int successes;

	private int failures;

	private boolean deadlinePassed;

	private String stopReason;

	Gather(EnsembleSpec spec, int batchRows) {
		this.spec = spec;
		this.batchRows = batchRows;
		int members = spec.members().size();
		this.outcomes = new MemberOutcome[members];
		this.tensors = new Tensor[members][];
		this.referenceShapes = new long[spec.outputs().size()][];
	}

	/** Completes when the quorum has answered; the grace timer starts from it. */
	Mono<Void> quorumReached() {
		return this.quorumReached.asMono();
	}

	synchronized void accept(int index, MemberOutcome outcome) {
		if (outcome instanceof MemberOutcome.Success success) {
			outcome = check(index, success);
		}
		this.outcomes[index] = outcome;
		if (outcome instanceof MemberOutcome.Success) {
			this.successes++;
			if (this.successes == this.spec.quorum()) {
				this.quorumReached.tryEmitEmpty();
			}
		}
		else if (outcome.failed()) {
			this.failures++;
		}
	}

	/** Whether the answer no longer needs the members still pending. */
	synchronized boolean done() {
		int members = this.outcomes.length;
		if (this.successes + this.failures == members) {
			return true;
		}
		if (this.failures > members - this.spec.quorum()) {
			this.stopReason = "the quorum could no longer be reached";
			return true;
		}
		if (this.spec.firstSuccess() && this.successes > 0) {
			this.stopReason = "another member answered first";
			return true;
		}
		if (this.spec.waitPolicy() == WaitPolicy.QUORUM_GRACE && this.successes >= this.spec.quorum()
				&& this.spec.grace().isZero()) {
			this.stopReason = "the quorum answered";
			return true;
		}
		return false;
	}

	synchronized void graceOver() {
		if (this.stopReason == null) {
			this.stopReason = "the quorum answered and the grace period ended";
		}
	}

	synchronized void deadlinePassed() {
		this.deadlinePassed = true;
	}

	/** Fills in the members still pending and lists every member's outcome with the weight it contributed. */
	synchronized List<MemberReport> reports(Duration elapsed) {
		List<MemberReport> reports = new ArrayList<>(this.outcomes.length);
		boolean weightsAllZero = successWeight() <= 0;
		for (int i = 0; i < this.outcomes.length; i++) {
			MemberOutcome outcome = this.outcomes[i];
			if (outcome == null) {
				outcome = (this.deadlinePassed || this.stopReason == null)
						? new MemberOutcome.TimedOut("the ensemble deadline passed", elapsed, 1)
						: new MemberOutcome.Cancelled(this.stopReason, elapsed);
				this.outcomes[i] = outcome;
			}
			double weight = (outcome instanceof MemberOutcome.Success)
					? (weightsAllZero ? 1.0 : this.spec.members().get(i).weight()) : 0.0;
			reports.add(new MemberReport(this.spec.members().get(i), outcome, weight));
		}
		return reports;
	}

	synchronized boolean quorumMet() {
		return this.successes >= this.spec.quorum();
	}

	/** The tensors of one configured output from the answering members, in member order. */
	synchronized Tensor tensor(int member, int output) {
		return (this.tensors[member] != null) ? this.tensors[member][output] : null;
	}

	private double successWeight() {
		double sum = 0;
		for (int i = 0; i < this.outcomes.length; i++) {
			if (this.outcomes[i] instanceof MemberOutcome.Success) {
				sum += this.spec.members().get(i).weight();
			}
		}
		return sum;
	}

	/**
	 * Checks that a member's answer fits the aggregated outputs: each output present, numeric, finite,
	 * one row per request row, and the same shape as the first accepted answer.
	 */
	private MemberOutcome check(int index, MemberOutcome.Success success) {
		List<String> outputs = this.spec.outputs();
		Tensor[] found = new Tensor[outputs.size()];
		for (int o = 0; o < outputs.size(); o++) {
			String name = outputs.get(o);
			Tensor tensor = success.response().output(name).orElse(null);
			String problem = problem(name, tensor, o);
			if (problem != null) {
				return new MemberOutcome.Incompatible(problem, success.latency(), success.attempts());
			}
			found[o] = tensor;
		}
		for (int o = 0; o < found.length; o++) {
			if (this.referenceShapes[o] == null) {
				this.referenceShapes[o] = found[o].shape();
			}
		}
		this.tensors[index] = found;
		return success;
	}

	private String problem(String name, Tensor tensor, int output) {
		if (tensor == null) {
			return "the answer has no output '" + name + "'";
		}
		if (!tensor.datatype().isNumeric()) {
			return "output '" + name + "' is " + tensor.datatype() + ", not numeric";
		}
		if (this.batchRows >= 0 && (tensor.rank() == 0 || tensor.dim(0) != this.batchRows)) {
			return "output '" + name + "' has shape " + Arrays.toString(tensor.shape()) + " but the request has "
					+ this.batchRows + " rows";
		}
		long[] reference = this.referenceShapes[output];
		if (reference != null && !Arrays.equals(reference, tensor.shape())) {
			return "output '" + name + "' has shape " + Arrays.toString(tensor.shape())
					+ " but other members answered " + Arrays.toString(reference);
		}
		if (tensor.datatype().isFloatingPoint()) {
			for (int i = 0, n = tensor.data().size(); i < n; i++) {
				if (!Double.isFinite(tensor.data().doubleAt(i))) {
					return "output '" + name + "' holds a non-finite number";
				}
			}
		}
		return null;
	}

}
