package io.warden.protect;

/**
 * A consumer group's offset on one restored partition and what the restore does with it.
 *
 * @param topic        the target topic
 * @param sourceOffset the group's committed offset on the source at the cut
 * @param offset       the target offset of the same record, or null while not known
 * @param reason       why, for people
 */
public record RestoredGroupOffset(String group, String topic, int partition, long sourceOffset, Long offset, Action action,
                                  String reason) {

    /** What happens to the offset. */
    public enum Action {
        /** set (the plan: will be set) */
        SET,
        /** the partition is not completely restored yet: a later run sets it */
        PENDING,
        /** the group already has the mapped offset */
        UNCHANGED,
        /** left alone, see the reason */
        SKIP,
        /** setting it failed, see the reason */
        FAILED
    }
}
