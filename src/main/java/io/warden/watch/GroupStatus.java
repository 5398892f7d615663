package io.warden.watch;

/**
 * Burrow-style health of a consumer on one partition, or of a whole group (the worst of its
 * partitions), judged over a sliding window of snapshots.
 */
public enum GroupStatus {
    /** Caught up, or lag is not growing. */
    OK,
    /** Lag grew over the whole window while the consumer kept committing. */
    WARN,
    /** Members are present but the committed offset did not move over the window while lag > 0. */
    STALL,
    /** Nobody is consuming: no active members and no commits over the window while lag > 0. */
    STOP,
    /** The committed offset went backwards (a reset or a replay). */
    REWIND;

    /** Order used to pick a group's status from its partitions: the worst wins. */
    public int badness() {
        return switch (this) {
            case OK -> 0;
            case REWIND -> 1;
            case WARN -> 2;
            case STALL -> 3;
            case STOP -> 4;
        };
    }
}
