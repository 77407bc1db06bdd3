package io.chorus.ensemble.fanout;

import java.time.Duration;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.function.Consumer;

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
 *
 * <p>The shape every answer must have is decided by agreement, not by whoever answered first: answers that
 * pass the per-member checks are grouped by their output shapes, the quorum counts the largest group, and
 * when gathering ends {@link #freeze} picks the winning group (most members, then most declared weight, then
 * the earliest declared member) and marks the others {@code incompatible}. Freezing also settles every
 * answer's breaker verdict and ignores anything that arrives later, so the quorum decision, the reports and
 * the aggregated set can never disagree.
 */
final class Gather {

	private final EnsembleSpec spec;

	private final int batchRows;

	private final MemberOutcome[] outcomes;

	private final Tensor[][] tensors;

	/** Answering members grouped by the shapes of their outputs, in arrival order. */
	private final Map<String, List<Integer>> groups = new LinkedHashMap<>();

	private final Sinks.Empty<Void> quorumReached = Sinks.empty();

	private int arrived;

	private int largestGroup;

	private boolean deadlinePassed;

	private String stopReason;

	private Frozen frozen;

	/** Told of each member's outcome as it is recorded, under this gather's lock, so calls never overlap. */
	private final Consumer<MemberReport> progress;

	Gather(EnsembleSpec spec, int batchRows) {
		this(spec, batchRows, null);
	}

	Gather(EnsembleSpec spec, int batchRows, Consumer<MemberReport> progress) {
		this.progress = progress;
		this.spec = spec;
		this.batchRows = batchRows;
		int members = spec.members().size();
		this.outcomes = new MemberOutcome[members];
		this.tensors = new Tensor[members][];
	}

	/** Completes when the quorum has answered alike; the grace timer starts from it. */
	Mono<Void> quorumReached() {
		return this.quorumReached.asMono();
	}

	synchronized void accept(int index, MemberOutcome outcome) {
		if (this.frozen != null) {
			// Too late: the decision is taken. The answer was not judged, so the breaker does not count it.
			if (outcome instanceof MemberOutcome.Success success) {
				success.verdict().release();
			}
			return;
		}
		this.arrived++;
		if (outcome instanceof MemberOutcome.Success success) {
			outcome = check(index, success);
		}
		this.outcomes[index] = outcome;
		if (this.progress != null) {
			boolean answered = outcome instanceof MemberOutcome.Success;
			this.progress.accept(new MemberReport(this.spec.members().get(index), outcome,
					answered ? this.spec.members().get(index).weight() : 0.0));
		}
		if (outcome instanceof MemberOutcome.Success) {
			List<Integer> group = this.groups.computeIfAbsent(shapeKey(this.tensors[index]), (key) -> new ArrayList<>());
			group.add(index);
			if (group.size() > this.largestGroup) {
				this.largestGroup = group.size();
				if (this.largestGroup == this.spec.quorum()) {
					this.quorumReached.tryEmitEmpty();
				}
			}
		}
	}

	/** Whether the answer no longer needs the members still pending. */
	synchronized boolean done() {
		int members = this.outcomes.length;
		if (this.arrived == members) {
			return true;
		}
		if (this.largestGroup + (members - this.arrived) < this.spec.quorum()) {
			this.stopReason = "the quorum could no longer be reached";
			return true;
		}
		if (this.spec.firstSuccess() && this.largestGroup > 0) {
			this.stopReason = "another member answered first";
			return true;
		}
		if (this.spec.waitPolicy() == WaitPolicy.QUORUM_GRACE && this.largestGroup >= this.spec.quorum()
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

	/**
	 * Ends gathering: decides the shape by agreement, fills in the members still pending, settles every
	 * answer's breaker verdict, and from then on ignores late arrivals. Idempotent.
	 * @param elapsed the time since the fan-out started
	 * @return the decided outcomes
	 */
	synchronized Frozen freeze(Duration elapsed) {
		if (this.frozen == null) {
			List<Integer> winners = winningGroup();
			for (List<Integer> group : this.groups.values()) {
				if (group != winners) {
					for (int member : group) {
						reject(member, winners);
					}
				}
			}
			for (int member : winners) {
				((MemberOutcome.Success) this.outcomes[member]).verdict().accept();
			}
			String pending = this.deadlinePassed || this.stopReason == null ? null : this.stopReason;
			this.frozen = seal(elapsed, pending, winners.size() >= this.spec.quorum());
		}
		return this.frozen;
	}

	/**
	 * Ends gathering because nobody waits for the answer any more (the client went away): pending members
	 * are cancelled, and no answer is judged, so the breakers count none of them.
	 * @param elapsed the time since the fan-out started
	 * @return the outcomes as they stand, or {@code null} when gathering had already ended
	 */
	synchronized Frozen abandon(Duration elapsed) {
		if (this.frozen != null) {
			return null;
		}
		for (MemberOutcome outcome : this.outcomes) {
			if (outcome instanceof MemberOutcome.Success success) {
				success.verdict().release();
			}
		}
		this.frozen = seal(elapsed, "the client went away", false);
		return this.frozen;
	}

	/**
	 * The outcome of a fan-out once gathering ended.
	 *
	 * @param reports every member's outcome with the weight it contributed
	 * @param quorumMet whether enough members answered alike
	 * @param tensors per member, its output tensors, or {@code null} when it did not contribute
	 */
	record Frozen(List<MemberReport> reports, boolean quorumMet, Tensor[][] tensors) {

		/** The tensor of one configured output from one member, or {@code null}. */
		Tensor tensor(int member, int output) {
			return (this.tensors[member] != null) ? this.tensors[member][output] : null;
		}

	}

	private Frozen seal(Duration elapsed, String cancelReason, boolean quorumMet) {
		boolean weightsAllZero = successWeight() <= 0;
		List<MemberReport> reports = new ArrayList<>(this.outcomes.length);
		for (int i = 0; i < this.outcomes.length; i++) {
			MemberOutcome outcome = this.outcomes[i];
			if (outcome == null) {
				outcome = (cancelReason == null)
						? new MemberOutcome.DeadlineExceeded("the request's deadline passed before it answered", elapsed, 1)
						: new MemberOutcome.Cancelled(cancelReason, elapsed);
				this.outcomes[i] = outcome;
			}
			double weight = (outcome instanceof MemberOutcome.Success)
					? (weightsAllZero ? 1.0 : this.spec.members().get(i).weight()) : 0.0;
			reports.add(new MemberReport(this.spec.members().get(i), outcome, weight));
		}
		Tensor[][] contributing = new Tensor[this.tensors.length][];
		for (int i = 0; i < this.tensors.length; i++) {
			contributing[i] = (this.outcomes[i] instanceof MemberOutcome.Success) ? this.tensors[i] : null;
		}
		return new Frozen(List.copyOf(reports), quorumMet, contributing);
	}

	/** The group with the most members, then the most declared weight, then the earliest declared member. */
	private List<Integer> winningGroup() {
		List<Integer> best = List.of();
		for (List<Integer> group : this.groups.values()) {
			if (best.isEmpty() || better(group, best)) {
				best = group;
			}
		}
		return best;
	}

	private boolean better(List<Integer> group, List<Integer> than) {
		if (group.size() != than.size()) {
			return group.size() > than.size();
		}
		double weight = weight(group);
		double thanWeight = weight(than);
		if (weight != thanWeight) {
			return weight > thanWeight;
		}
		return group.stream().mapToInt(Integer::intValue).min().orElse(Integer.MAX_VALUE)
				< than.stream().mapToInt(Integer::intValue).min().orElse(Integer.MAX_VALUE);
	}

	private double weight(List<Integer> group) {
		double sum = 0;
		for (int member : group) {
			sum += this.spec.members().get(member).weight();
		}
		return sum;
	}

	private void reject(int member, List<Integer> winners) {
		MemberOutcome.Success success = (MemberOutcome.Success) this.outcomes[member];
		String problem = "no output shape agreed on";
		for (int o = 0; o < this.spec.outputs().size() && !winners.isEmpty(); o++) {
			long[] shape = this.tensors[member][o].shape();
			long[] agreed = this.tensors[winners.get(0)][o].shape();
			if (!Arrays.equals(shape, agreed)) {
				problem = "output '" + this.spec.outputs().get(o) + "' has shape " + Arrays.toString(shape) + " but "
						+ winners.size() + " other member" + (winners.size() == 1 ? "" : "s") + " answered "
						+ Arrays.toString(agreed);
				break;
			}
		}
		success.verdict().reject(problem);
		this.outcomes[member] = new MemberOutcome.Incompatible(problem, success.latency(), success.attempts());
		this.tensors[member] = null;
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

	private static String shapeKey(Tensor[] outputs) {
		StringBuilder key = new StringBuilder();
		for (Tensor tensor : outputs) {
			key.append(Arrays.toString(tensor.shape())).append(';');
		}
		return key.toString();
	}

	/**
	 * Checks that a member's answer can be aggregated at all: each output present, numeric, finite and one
	 * row per request row. An answer that fails is rejected at once as the member's fault.
	 */
	private MemberOutcome check(int index, MemberOutcome.Success success) {
		List<String> outputs = this.spec.outputs();
		Tensor[] found = new Tensor[outputs.size()];
		for (int o = 0; o < outputs.size(); o++) {
			String name = outputs.get(o);
			Tensor tensor = success.response().output(name).orElse(null);
			String problem = problem(name, tensor);
			if (problem != null) {
				success.verdict().reject(problem);
				return new MemberOutcome.Incompatible(problem, success.latency(), success.attempts());
			}
			found[o] = tensor;
		}
		this.tensors[index] = found;
		return success;
	}

	private String problem(String name, Tensor tensor) {
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
