package io.warden.protect;

import io.warden.kafka.Futures;
import io.warden.protect.RestoredGroupOffset.Action;
import io.warden.protect.metadata.GroupOffsetsReader;
import io.warden.protect.metadata.PartitionOffset;
import java.time.Duration;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.function.Function;
import org.apache.kafka.clients.admin.Admin;
import org.apache.kafka.clients.admin.OffsetSpec;
import org.apache.kafka.clients.consumer.OffsetAndMetadata;
import org.apache.kafka.common.TopicPartition;

/**
 * Moves the backed-up consumer groups to the restored records: a group that had committed X on a
 * source partition gets the target offset of the first restored record with source offset at least
 * X (the end of the restored data when X is beyond the last one), once that partition is completely
 * restored. The mapping comes from the progress group (see {@link RestoredOffsets}), so it is the
 * same whichever run restored which records. A group with members, or one that already has an
 * offset of its own on the partition, is left alone and reported.
 */
final class GroupOffsetRestore {

    /** The commit metadata of the offsets a data restore sets, so a later restore (of an incremental backup) may move them. */
    static final String MAPPED = "warden restore: mapped from the backup's source offset";

    /** A group's source offset on a backed-up partition, and where that partition is restored to. */
    record Candidate(String group, TopicPartition target, long sourceOffset) {
    }

    /** How far the restore of one target partition is, from the progress group. */
    record Progress(boolean restored, Long target) {
    }

    private final Admin admin;
    private final Duration timeout;

    GroupOffsetRestore(Admin admin, Duration timeout) {
        this.admin = admin;
        this.timeout = timeout;
    }

    /** The backup's group offsets on the selected topics, with their target partitions. */
    static List<Candidate> candidates(Manifest manifest, Map<String, String> targets) {
        // An incremental backup does not hold the records before its start: a group still there is left
        // where the base's restore put it (at or before its position then), which may repeat records but never skips any.
        Map<TopicPartition, Long> starts = new java.util.HashMap<>();
        if (manifest.base() != null) {
            manifest.topics().forEach(t -> t.partitions().forEach(p -> starts.put(new TopicPartition(t.name(), p.partition()),
                    p.startOffset())));
        }
        List<Candidate> out = new ArrayList<>();
        manifest.groups().forEach((group, offsets) -> {
            for (PartitionOffset o : offsets) {
                String target = targets.get(o.topic());
                if (target != null && o.offset() >= starts.getOrDefault(new TopicPartition(o.topic(), o.partition()), Long.MIN_VALUE)) {
                    out.add(new Candidate(group, new TopicPartition(target, o.partition()), o.offset()));
                }
            }
        });
        return out;
    }

    /**
     * Decides each candidate against the target's groups now.
     *
     * @param progress where each candidate's offset maps to and whether its partition is completely restored
     * @param executed false for the plan (a partition not restored yet will be), true after a run (it is pending)
     */
    List<RestoredGroupOffset> decide(List<Candidate> candidates, Function<Candidate, Progress> progress, boolean executed) {
        Set<String> groups = new java.util.TreeSet<>();
        candidates.forEach(c -> groups.add(c.group()));
        GroupOffsetsReader reader = new GroupOffsetsReader(admin, timeout);
        Map<String, Map<TopicPartition, OffsetAndMetadata>> existing = reader.committed(groups);
        Set<String> active = reader.active(groups);
        return candidates.stream().map(c -> decide(c, progress.apply(c), existing.getOrDefault(c.group(), Map.of()).get(c.target()),
                active.contains(c.group()), executed)).toList();
    }

    static RestoredGroupOffset decide(Candidate c, Progress p, OffsetAndMetadata existing, boolean active, boolean executed) {
        String tp = c.target().topic() + "-" + c.target().partition();
        if (existing != null && p.target() != null && existing.offset() == p.target()) {
            return result(c, p, Action.UNCHANGED, "already at the mapped offset");
        }
        if (active) {
            return result(c, p, Action.SKIP, "the group has active members on the target; stop them and run the restore again");
        }
        boolean verbatim = existing != null && GroupOffsetsReader.VERBATIM.equals(existing.metadata());
        // an offset an earlier data restore set (the base of an incremental backup) and no consumer has moved since
        boolean mapped = existing != null && MAPPED.equals(existing.metadata());
        if (existing != null && !verbatim && !mapped) {
            return result(c, p, Action.SKIP, "the group has offset " + existing.offset() + " of its own on the target; not overwritten");
        }
        String replaces = verbatim ? "; replaces the unmapped offset " + existing.offset() + " a metadata restore set"
                : mapped ? "; replaces offset " + existing.offset() + " an earlier restore set" : "";
        if (!p.restored()) {
            return executed ? result(c, p, Action.PENDING, tp + " is not completely restored yet; run the restore again")
                    : result(c, p, Action.SET, "once " + tp + " is restored" + replaces);
        }
        if (p.target() == null) {
            return result(c, p, Action.SKIP, "the run that restored " + tp + " did not record where source offsets went "
                    + "(--no-group-offsets); set it with 'warden groups reset'");
        }
        return result(c, p, Action.SET, "same record as source offset " + c.sourceOffset() + replaces);
    }

    private static RestoredGroupOffset result(Candidate c, Progress p, Action action, String reason) {
        return new RestoredGroupOffset(c.group(), c.target().topic(), c.target().partition(), c.sourceOffset(), p.target(), action, reason);
    }

    /** Sets the decided offsets, one call per group; a group whose call fails is reported with the cause. */
    List<RestoredGroupOffset> apply(List<RestoredGroupOffset> decided, String marker) {
        Map<String, List<PartitionOffset>> byGroup = new LinkedHashMap<>();
        decided.stream().filter(d -> d.action() == Action.SET)
                .forEach(d -> byGroup.computeIfAbsent(d.group(), g -> new ArrayList<>())
                        .add(new PartitionOffset(d.topic(), d.partition(), d.offset())));
        Map<String, String> failed = new HashMap<>();
        GroupOffsetsReader reader = new GroupOffsetsReader(admin, timeout);
        byGroup.forEach((group, offsets) -> {
            try {
                reader.alter(group, offsets, marker);
            } catch (RuntimeException e) {
                failed.put(group, Futures.describe(e));
            }
        });
        return decided.stream().map(d -> d.action() == Action.SET && failed.containsKey(d.group())
                ? new RestoredGroupOffset(d.group(), d.topic(), d.partition(), d.sourceOffset(), d.offset(), Action.FAILED,
                failed.get(d.group()))
                : d).toList();
    }

    /** The log end offsets of these partitions: where an empty backed-up partition's groups resume. */
    Map<TopicPartition, Long> ends(Set<TopicPartition> partitions) {
        if (partitions.isEmpty()) {
            return Map.of();
        }
        Map<TopicPartition, OffsetSpec> specs = new HashMap<>();
        partitions.forEach(tp -> specs.put(tp, OffsetSpec.latest()));
        Map<TopicPartition, Long> out = new HashMap<>();
        Futures.get(admin.listOffsets(specs).all(), timeout).forEach((tp, info) -> out.put(tp, info.offset()));
        return out;
    }
}
