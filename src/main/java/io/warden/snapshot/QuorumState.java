package io.warden.snapshot;

import java.util.List;
import java.util.Optional;

/**
 * The KRaft metadata quorum (Admin#describeMetadataQuorum), as {@code kafka-metadata-quorum describe
 * --replication} shows it.
 *
 * @param leaderId      the active controller, -1 when the quorum has no leader
 * @param leaderEpoch   the leader's epoch; a rising epoch means controller elections
 * @param highWatermark the committed end of the metadata log
 */
public record QuorumState(int leaderId, long leaderEpoch, long highWatermark,
                          List<QuorumReplica> voters, List<QuorumReplica> observers) {

    public QuorumState {
        voters = List.copyOf(voters);
        observers = List.copyOf(observers);
    }

    public Optional<QuorumReplica> leader() {
        return voters.stream().filter(v -> v.nodeId() == leaderId).findFirst();
    }

    /** The status column of {@code kafka-metadata-quorum describe --replication}. */
    public String status(QuorumReplica replica) {
        return replica.nodeId() == leaderId && voters.contains(replica) ? "Leader"
                : voters.contains(replica) ? "Follower" : "Observer";
    }

    /**
     * One replica of the metadata log, named as in {@code kafka-metadata-quorum describe --replication}.
     *
     * @param directoryId            the replica's metadata log directory id, null when not reported
     * @param lag                    how many records it is behind the leader's log end offset
     * @param lastFetchTimestamp     epoch millis (leader's clock) of its last fetch, -1 if unknown
     * @param lastCaughtUpTimestamp  epoch millis (leader's clock) when it was last caught up, -1 if unknown
     */
    public record QuorumReplica(int nodeId, String directoryId, long logEndOffset, long lag,
                                long lastFetchTimestamp, long lastCaughtUpTimestamp) {
    }
}
