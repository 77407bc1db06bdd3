package io.chorus.ensemble.fanout;

import io.chorus.ensemble.config.MemberSpec;
import io.chorus.ensemble.member.MemberOutcome;

/**
 * What happened to one member in one ensemble request.
 *
 * @param member the member
 * @param outcome how its call ended
 * @param weightUsed the weight it contributed to aggregation (0 when it did not contribute)
 */
public record MemberReport(MemberSpec member, MemberOutcome outcome, double weightUsed) {
}
