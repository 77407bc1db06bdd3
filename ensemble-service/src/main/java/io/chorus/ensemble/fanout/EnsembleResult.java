package io.chorus.ensemble.fanout;

import java.util.Collections;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

import io.chorus.ensemble.config.EnsembleSpec;
import io.chorus.protocol.Tensor;

/**
 * The end of one ensemble request: an aggregated answer, or the reason there is none. Both carry every
 * member's outcome.
 */
public sealed interface EnsembleResult permits EnsembleResult.Answered, EnsembleResult.Unanswered {

	/**
	 * The ensemble that ran.
	 * @return the ensemble
	 */
	EnsembleSpec ensemble();

	/**
	 * Every member's outcome, in member order.
	 * @return the member reports
	 */
	List<MemberReport> members();

	/**
	 * The outcome tag used in metrics: {@code ok}, {@code degraded}, {@code quorum-lost}, {@code deadline},
	 * {@code rejected-input} or {@code unaggregatable}.
	 * @return the outcome name
	 */
	String outcome();

	/**
	 * The quorum answered; the outputs are aggregated.
	 *
	 * @param ensemble the ensemble
	 * @param outputs the aggregated tensors
	 * @param members every member's outcome
	 * @param agreement the fraction of answering members whose label equals the ensemble's, or
	 * {@code null} when the strategy emits no label
	 * @param notes extra response parameters (a cascade's answering stage, for example), in order
	 */
	record Answered(EnsembleSpec ensemble, List<Tensor> outputs, List<MemberReport> members, Double agreement,
			Map<String, Object> notes) implements EnsembleResult {

		/** Copies collections. */
		public Answered {
			outputs = List.copyOf(outputs);
			members = List.copyOf(members);
			notes = (notes == null) ? Map.of() : Collections.unmodifiableMap(new LinkedHashMap<>(notes));
		}

		/**
		 * An answer without notes.
		 * @param ensemble the ensemble
		 * @param outputs the aggregated tensors
		 * @param members every member's outcome
		 * @param agreement the members' agreement with the ensemble's labels, or {@code null}
		 */
		public Answered(EnsembleSpec ensemble, List<Tensor> outputs, List<MemberReport> members, Double agreement) {
			this(ensemble, outputs, members, agreement, null);
		}

		/**
		 * This answer with more notes.
		 * @param more the notes to add
		 * @return the noted answer
		 */
		public Answered with(Map<String, Object> more) {
			Map<String, Object> all = new LinkedHashMap<>(this.notes);
			all.putAll(more);
			return new Answered(this.ensemble, this.outputs, this.members, this.agreement, all);
		}

		/**
		 * Whether any member failed.
		 * @return true when the answer was reached without every member
		 */
		public boolean degraded() {
			return this.members.stream().anyMatch((report) -> report.outcome().failed());
		}

		/**
		 * How many members answered well.
		 * @return the count of successes
		 */
		public long answered() {
			return this.members.stream().filter((report) -> report.outcome().kind().equals("ok")).count();
		}

		/**
		 * How many members failed.
		 * @return the count of failures
		 */
		public long failed() {
			return this.members.stream().filter((report) -> report.outcome().failed()).count();
		}

		@Override
		public String outcome() {
			return degraded() ? "degraded" : "ok";
		}

	}

	/**
	 * No answer: the quorum was lost, the deadline passed, or the members refused the input.
	 *
	 * @param ensemble the ensemble
	 * @param reason why there is no answer
	 * @param message a sentence for the client
	 * @param members every member's outcome
	 */
	record Unanswered(EnsembleSpec ensemble, Reason reason, String message, List<MemberReport> members)
			implements EnsembleResult {

		/** Copies the list. */
		public Unanswered {
			members = List.copyOf(members);
		}

		@Override
		public String outcome() {
			return this.reason.tag;
		}

	}

	/** Why an ensemble request has no answer. */
	enum Reason {

		/** Too many members failed for the quorum (HTTP 503). */
		QUORUM_LOST("quorum-lost"),

		/** The deadline or member timeouts passed before the quorum answered (HTTP 504). */
		DEADLINE("deadline"),

		/** Every failing member refused the client's input with 400 or 422 (HTTP 400). */
		REJECTED_INPUT("rejected-input"),

		/** The members answered, but the strategy cannot apply to their outputs (HTTP 503). */
		UNAGGREGATABLE("unaggregatable");

		private final String tag;

		Reason(String tag) {
			this.tag = tag;
		}

	}

}
