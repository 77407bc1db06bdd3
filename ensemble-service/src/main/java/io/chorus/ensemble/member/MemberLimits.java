package io.chorus.ensemble.member;

import java.time.Duration;

/**
 * Service-wide limits every member call applies.
 *
 * @param maxResponseBytes the largest member answer read, declared or actually sent
 * @param minAttemptTime an attempt that would start with less of the request's deadline left is not started
 */
public record MemberLimits(long maxResponseBytes, Duration minAttemptTime) {
}
