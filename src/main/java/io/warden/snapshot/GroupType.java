package io.warden.snapshot;

/**
 * The four kinds of group a Kafka 4 cluster holds, as its ListGroups reports them. They differ in
 * what their offsets mean and which Admin calls read and change them.
 */
public enum GroupType {
    /** The classic rebalance protocol (JoinGroup/SyncGroup), also every group on brokers before 4.0. */
    CLASSIC,
    /** KIP-848: the broker assigns partitions ({@code group.protocol=consumer}). */
    CONSUMER,
    /**
     * KIP-932 share group (queues): its members share partitions, acknowledge records one by one,
     * and the group has a <em>start offset</em> per partition instead of a committed offset.
     */
    SHARE,
    /** KIP-1071: a Kafka Streams application on the streams rebalance protocol. */
    STREAMS;

    /** What the group's offset on a partition is called: the next record to read, or the first not yet acknowledged. */
    public String offsetName() {
        return this == SHARE ? "start offset" : "committed offset";
    }

    /** The column heading Kafka's own tools use for that offset. */
    public String offsetColumn() {
        return this == SHARE ? "START-OFFSET" : "CURRENT-OFFSET";
    }
}
