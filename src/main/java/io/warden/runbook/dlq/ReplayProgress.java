package io.warden.runbook.dlq;

import java.time.Duration;
import java.util.HashMap;
import java.util.Map;
import org.apache.kafka.clients.admin.Admin;
import org.apache.kafka.clients.admin.ListConsumerGroupOffsetsOptions;
import org.apache.kafka.clients.admin.ListConsumerGroupOffsetsSpec;
import org.apache.kafka.clients.consumer.OffsetAndMetadata;
import org.apache.kafka.common.TopicPartition;

/**
 * How far a replay of one DLQ partition got, kept as the committed offset of the progress
 * consumer group ({@code warden-replay-<topic>}) and written in the same transaction as the
 * replayed records.
 *
 * @param next         the next DLQ offset a replay reads: everything before was replayed or skipped
 * @param replayedUpTo every DLQ record before this offset was replayed (none skipped by a filter):
 *                     what {@code dlq purge --replayed} may delete
 * @param replayId     the replay that wrote this progress
 */
public record ReplayProgress(long next, long replayedUpTo, String replayId) {

    /** The start of every default progress group's name. */
    public static final String GROUP_PREFIX = "warden-replay-";
    private static final String METADATA_START = "replayedUpTo=";

    /** The progress group of a DLQ topic unless the operator names another. */
    public static String defaultGroup(String topic) {
        return GROUP_PREFIX + topic;
    }

    /** Whether a committed offset is a replay's progress, also in a group the operator named with --progress-group. */
    public static boolean isProgress(OffsetAndMetadata o) {
        return o != null && o.metadata() != null && o.metadata().startsWith(METADATA_START);
    }

    OffsetAndMetadata toOffset() {
        return new OffsetAndMetadata(next, METADATA_START + replayedUpTo + ";replayId=" + replayId);
    }

    static ReplayProgress fromOffset(OffsetAndMetadata o) {
        long upTo = o.offset();
        String id = null;
        for (String part : (o.metadata() == null ? "" : o.metadata()).split(";")) {
            String[] kv = part.split("=", 2);
            if (kv.length == 2 && kv[0].equals("replayedUpTo")) {
                try {
                    upTo = Math.min(o.offset(), Long.parseLong(kv[1]));
                } catch (NumberFormatException e) {
                    upTo = o.offset(); // a group committed by hand: its offset is all it says
                }
            } else if (kv.length == 2 && kv[0].equals("replayId")) {
                id = kv[1];
            }
        }
        return new ReplayProgress(o.offset(), upTo, id);
    }

    /** The committed progress per partition, waiting for a transaction in flight to settle; absent where none. */
    static Map<TopicPartition, ReplayProgress> read(Admin admin, String group, Iterable<TopicPartition> parts, Duration timeout) {
        var spec = new ListConsumerGroupOffsetsSpec().topicPartitions(toList(parts));
        Map<TopicPartition, OffsetAndMetadata> offsets = Await.get(admin.listConsumerGroupOffsets(Map.of(group, spec),
                new ListConsumerGroupOffsetsOptions().requireStable(true)).partitionsToOffsetAndMetadata(group), timeout,
                "read the replay progress of group " + group);
        Map<TopicPartition, ReplayProgress> out = new HashMap<>();
        offsets.forEach((tp, o) -> {
            if (o != null) {
                out.put(tp, fromOffset(o));
            }
        });
        return out;
    }

    private static java.util.List<TopicPartition> toList(Iterable<TopicPartition> parts) {
        java.util.List<TopicPartition> list = new java.util.ArrayList<>();
        parts.forEach(list::add);
        return list;
    }
}
