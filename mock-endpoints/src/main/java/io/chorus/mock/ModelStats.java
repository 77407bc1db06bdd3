package io.chorus.mock;

import java.util.List;

/**
 * Counters of one model's inference requests since start or the last reset.
 *
 * @param received requests that reached the model's infer or predict endpoint, valid or not
 * @param completed requests the mock finished answering (including injected errors, malformed bodies and
 *        closed connections)
 * @param cancelled requests whose client closed or aborted the connection before the mock finished responding
 * @param inFlight requests received but neither completed nor cancelled yet (not cleared by a reset)
 * @param recentRequestIds the last {@value io.chorus.mock.stats.RequestStats#RECENT} {@code X-Request-Id}
 *        header values received, oldest first (requests without the header are not listed)
 */
public record ModelStats(long received, long completed, long cancelled, long inFlight, List<String> recentRequestIds) {

	/** Copies the id list. */
	public ModelStats {
		recentRequestIds = List.copyOf(recentRequestIds);
	}

}
