package io.warden.protect;

import io.warden.InputFiles;
import io.warden.WardenException;
import io.warden.kafka.Futures;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import org.apache.kafka.clients.admin.Admin;
import org.apache.kafka.clients.admin.ListOffsetsResult;
import org.apache.kafka.clients.admin.OffsetSpec;
import org.apache.kafka.common.TopicPartition;

/**
 * Narrows a full cut (log start to last stable offset) to what an incremental or time-limited
 * backup copies. A partition of the base starts where the base ended, or at the log start when
 * the source has deleted past it (the offsets in between are lost, and said so); a partition new
 * since the base starts at the offset of {@code from}, or at its log start. {@code until} ends
 * every partition at its offset, never after the last stable offset. The base decides where its
 * partitions start even when {@code from} is also given: the chain of backups stays gapless.
 *
 * @param incrementalFrom a complete backup of the same cluster to continue, or null
 * @param from            the first record time to copy (inclusive), or null for the log start
 * @param until           the record time to stop at (exclusive), or null for the last stable offset
 */
public record CutBounds(Path incrementalFrom, Instant from, Instant until) {

    public static final CutBounds NONE = new CutBounds(null, null, null);

    /**
     * The narrowed cut; warnings get what an operator must hear about (lost offsets, recreated topics).
     *
     * @param base the manifest of {@link #incrementalFrom}, as {@link #base()} read it, or null
     */
    Manifest apply(Admin admin, Manifest cut, Manifest base, Duration timeout, List<String> warnings) {
        if (this.equals(NONE)) {
            return cut;
        }
        if (base != null && !base.clusterId().equals(cut.clusterId())) {
            throw new WardenException(WardenException.USAGE, "--incremental-from " + incrementalFrom + " is a backup of cluster "
                    + base.clusterId() + ", this is cluster " + cut.clusterId() + ": an incremental backup continues a backup of the "
                    + "same cluster; take a full backup (without --incremental-from) instead");
        }
        Map<TopicPartition, Long> fromOffsets = offsetsAt(admin, cut, from, timeout);
        Map<TopicPartition, Long> untilOffsets = offsetsAt(admin, cut, until, timeout);
        Map<TopicPartition, Long> baseEnds = new HashMap<>();
        Map<String, String> baseIds = new HashMap<>();
        if (base != null) {
            base.topics().forEach(t -> t.partitions().forEach(p -> baseEnds.put(new TopicPartition(t.name(), p.partition()),
                    p.endOffset())));
            base.topics().stream().filter(t -> t.topicId() != null).forEach(t -> baseIds.put(t.name(), t.topicId()));
        }
        List<Manifest.Topic> topics = new ArrayList<>();
        for (Manifest.Topic t : cut.topics()) {
            List<Manifest.Partition> parts = new ArrayList<>();
            for (Manifest.Partition p : t.partitions()) {
                TopicPartition tp = new TopicPartition(t.name(), p.partition());
                long logStart = p.startOffset();
                long lastStable = p.endOffset();
                long start = fromOffsets.getOrDefault(tp, logStart);
                List<Manifest.OffsetRange> lost = List.of();
                Long baseEnd = baseEnds.get(tp);
                String baseId = baseIds.get(t.name());
                if (baseEnd != null) {
                    if (baseEnd > lastStable || baseId != null && t.topicId() != null && !baseId.equals(t.topicId())) {
                        start = logStart;
                        warnings.add(tp + (baseEnd > lastStable ? " ends at offset " + lastStable + ", before the base's end " + baseEnd
                                : " has topic id " + t.topicId() + ", the base's had " + baseId) + ": the topic was deleted and created"
                                + " again, or truncated; copying it from its log start " + logStart);
                    } else if (baseEnd < logStart) {
                        start = logStart;
                        lost = List.of(new Manifest.OffsetRange(baseEnd, logStart - 1));
                        warnings.add(tp + ": " + (logStart - baseEnd) + " offsets LOST between the two backups (" + baseEnd + " to "
                                + (logStart - 1) + "): the source deleted them (retention) before this backup; the chain has a gap there");
                    } else {
                        start = baseEnd;
                    }
                }
                long end = Math.max(start, Math.min(lastStable, untilOffsets.getOrDefault(tp, lastStable)));
                parts.add(new Manifest.Partition(p.partition(), start, end, 0, List.of()).withLost(lost));
            }
            topics.add(t.withPartitions(parts));
        }
        Manifest.Base recorded = base == null ? null : new Manifest.Base(incrementalFrom.toString(),
                incrementalFrom.toAbsolutePath().normalize().toString(), base.createdAt(), base.clusterId());
        return new Manifest(cut.formatVersion(), cut.createdAt(), cut.clusterId(), topics, recorded,
                from == null ? null : from.toString(), until == null ? null : until.toString(), cut.groups());
    }

    /** The complete backup {@link #incrementalFrom} names, read (and checked) without the cluster; null when none is named. */
    Manifest base() {
        if (incrementalFrom == null) {
            return null;
        }
        InputFiles.requireDirectory(incrementalFrom, "--incremental-from");
        Path file = incrementalFrom.resolve(Manifest.FILE);
        if (!Files.isRegularFile(file)) {
            throw new WardenException(WardenException.USAGE, "--incremental-from " + incrementalFrom + " is not a complete backup ("
                    + (Files.isRegularFile(incrementalFrom.resolve(Manifest.CUT_FILE))
                    ? "it has no manifest.json yet: finish it with 'warden backup create' and the same --to first"
                    : "no manifest.json there") + ")");
        }
        return Manifest.read(file);
    }

    /** The first offset at or after the time, per partition; the last stable offset where no record is that late. */
    private static Map<TopicPartition, Long> offsetsAt(Admin admin, Manifest cut, Instant time, Duration timeout) {
        Map<TopicPartition, Long> out = new HashMap<>();
        if (time == null) {
            return out;
        }
        Map<TopicPartition, OffsetSpec> specs = new HashMap<>();
        cut.topics().forEach(t -> t.partitions().forEach(p -> specs.put(new TopicPartition(t.name(), p.partition()),
                OffsetSpec.forTimestamp(time.toEpochMilli()))));
        Map<TopicPartition, ListOffsetsResult.ListOffsetsResultInfo> found = Futures.get(admin.listOffsets(specs).all(), timeout);
        cut.topics().forEach(t -> t.partitions().forEach(p -> {
            TopicPartition tp = new TopicPartition(t.name(), p.partition());
            long offset = found.get(tp).offset();
            out.put(tp, offset < 0 ? p.endOffset() : Math.max(p.startOffset(), Math.min(offset, p.endOffset())));
        }));
        return out;
    }

    /** Refuses to resume an unfinished backup with another base than it was started with; otherwise its cut stands. */
    void checkResume(String dir, Manifest cut) {
        String started = cut.base() == null ? null : cut.base().path();
        String now = incrementalFrom == null ? null : incrementalFrom.toAbsolutePath().normalize().toString();
        if (now != null && !now.equals(started)) {
            throw new WardenException(WardenException.USAGE, dir + " holds an unfinished backup started "
                    + (started == null ? "without --incremental-from" : "with --incremental-from " + cut.base().dir())
                    + ": run it again with the options it was started with, or another --to for a new backup");
        }
    }
}
