package io.warden.runbook.groups;

import io.warden.WardenException;

/**
 * The new offset of one partition for a reset mode, computed as Kafka's {@code kafka-consumer-groups}
 * does: every result is clamped to [log start, log end]; a time with no message at or after it
 * means the log end; {@code --to-current} of a partition without a committed offset means the log
 * end; {@code --shift-by} needs a committed offset. Pure.
 */
public final class ResetPlanner {

    private ResetPlanner() {
    }

    /**
     * @param fileOffset the offset a {@link ResetMode.FromFile} asks for this partition
     */
    public static long target(ResetMode mode, PartitionOffsets p, Long fileOffset) {
        long wanted;
        if (mode instanceof ResetMode.ToEarliest) {
            wanted = p.logStart();
        } else if (mode instanceof ResetMode.ToLatest) {
            wanted = p.logEnd();
        } else if (mode instanceof ResetMode.ToCurrent) {
            wanted = p.committed() != null ? p.committed() : p.logEnd();
        } else if (mode instanceof ResetMode.ToOffset to) {
            wanted = to.offset();
        } else if (mode instanceof ResetMode.ShiftBy shift) {
            if (p.committed() == null) {
                throw new WardenException(WardenException.USAGE, "cannot shift the offset of " + p.partition()
                        + ": the group has no committed offset there; use --to-offset or --to-earliest");
            }
            wanted = p.committed() + shift.delta();
        } else if (mode instanceof ResetMode.ToDatetime || mode instanceof ResetMode.ByDuration) {
            wanted = p.atTime() != null ? p.atTime() : p.logEnd();
        } else if (mode instanceof ResetMode.FromFile) {
            if (fileOffset == null) {
                throw new IllegalArgumentException("no offset in the file for " + p.partition());
            }
            wanted = fileOffset;
        } else {
            throw new IllegalArgumentException("unknown mode " + mode);
        }
        return clamp(wanted, p.logStart(), p.logEnd());
    }

    static long clamp(long offset, long logStart, long logEnd) {
        return Math.max(logStart, Math.min(logEnd, offset));
    }
}
