package io.chorus.ensemble.member;

import io.chorus.ensemble.deadline.DeadlineBudget;

/**
 * What a member call carries from the client request: the deadline budget and the tracing headers.
 *
 * @param budget the time left for the whole request
 * @param requestId the request id, passed to the member as {@code X-Request-Id}
 * @param traceparent the W3C trace context, passed through, or {@code null}
 */
public record CallContext(DeadlineBudget budget, String requestId, String traceparent) {
}
