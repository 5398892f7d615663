package io.warden.snapshot;

import java.util.List;

/**
 * The KRaft metadata quorum (Admin#describeMetadataQuorum).
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

    /**
     * One replica of the metadata log.
     *
     * @param lag                 how many records it is behind the leader's log end
     * @param lastCaughtUpMillis  epoch millis when it last caught up, -1 if unknown
     */
    public record QuorumReplica(int id, long logEndOffset, long lag, long lastCaughtUpMillis) {
    }
}
