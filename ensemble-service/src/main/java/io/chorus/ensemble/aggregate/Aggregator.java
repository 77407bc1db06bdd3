package io.chorus.ensemble.aggregate;

import java.util.List;

import io.chorus.protocol.Tensor;

/**
 * Combines the answers of the members that answered into the ensemble's output tensors.
 *
 * <p>Built-in strategies and user strategies are Spring beans implementing this interface; an ensemble
 * names the strategy it uses by {@link #name()}. The fan-out guarantees that every
 * {@link MemberTensor} passed in has the same shape, a numeric datatype and finite values; at least one is
 * always present.
 */
public interface Aggregator {

	/**
	 * The strategy name that ensemble configuration refers to, for example {@code weighted-mean}.
	 * @return the strategy name
	 */
	String name();

	/**
	 * Aggregates one named output across the answering members.
	 * @param output the name of the output tensor being aggregated
	 * @param answers the members' tensors for that output, in member declaration order
	 * @param options per-ensemble options such as the name of the label output
	 * @return the ensemble's output tensors (one, or two for strategies that also emit a label)
	 */
	List<Tensor> aggregate(String output, List<MemberTensor> answers, AggregationOptions options);

}
