package io.chorus.ensemble.aggregate;

import io.chorus.protocol.Tensor;

/**
 * One member's answer for one output tensor, with the member's place and weight in the ensemble.
 *
 * @param member the member name
 * @param order the member's position in the ensemble declaration, from 0; breaks documented ties
 * @param weight the member's configured weight, positive
 * @param tensor the member's output tensor
 */
public record MemberTensor(String member, int order, double weight, Tensor tensor) {
}
