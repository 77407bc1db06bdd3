package io.chorus.gateway.ratelimit;

/**
 * The answer of a token bucket to one request.
 *
 * @param allowed whether the request may pass
 * @param remainingRequests requests left in the bucket after this one, or -1 when unknown
 * @param retryAfterSeconds when denied, the seconds to wait
 */
record Decision(boolean allowed, long remainingRequests, long retryAfterSeconds) {
}
