package io.chorus.ensemble.member;

/**
 * What one replica looks like now, for operators: read from the state the load balancer and outlier ejection
 * already keep, never measured anew.
 *
 * @param index the replica's position in the member's configuration
 * @param address the replica's host and port
 * @param inFlight attempts in flight to it
 * @param ewmaMillis its peak-EWMA answer latency as last updated, in milliseconds
 * @param ejected whether it is ejected as an outlier now
 */
public record ReplicaState(int index, String address, int inFlight, double ewmaMillis, boolean ejected) {
}
