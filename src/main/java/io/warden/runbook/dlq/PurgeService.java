package io.warden.runbook.dlq;

import io.warden.WardenException;
import io.warden.kafka.ConnectionSettings;
import io.warden.kafka.KafkaConnection;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import org.apache.kafka.clients.admin.Admin;
import org.apache.kafka.clients.admin.ListOffsetsResult.ListOffsetsResultInfo;
import org.apache.kafka.clients.admin.OffsetSpec;
import org.apache.kafka.clients.admin.RecordsToDelete;
import org.apache.kafka.clients.admin.TopicDescription;
import org.apache.kafka.common.TopicPartition;

/**
 * Deletes DLQ records with {@code Admin.deleteRecords}, never beyond what the replay progress
 * says was replayed (every record before {@link ReplayProgress#replayedUpTo()}) unless forced.
 */
public final class PurgeService {

    /**
     * @param upTo          delete records before this offset in every partition; or null with {@code replayed}
     * @param replayed      delete, per partition, what the replay progress says was replayed
     * @param force         allow {@code upTo} beyond the replayed records
     * @param progressGroup the replay progress group, or null for {@code warden-replay-<topic>}
     */
    public record Options(Long upTo, boolean replayed, boolean force, String progressGroup) {
        public Options {
            if ((upTo == null) == !replayed) {
                throw new WardenException(WardenException.USAGE, "name what to purge: --up-to OFFSET or --replayed");
            }
        }
    }

    private final ConnectionSettings settings;

    public PurgeService(ConnectionSettings settings) {
        this.settings = settings;
    }

    public PurgePlan plan(String topic, Options options) {
        try (KafkaConnection kafka = KafkaConnection.open(settings)) {
            return plan(kafka.admin(), topic, options);
        }
    }

    /** Deletes what {@link #plan} says; refuses when the plan has refusals. */
    public PurgePlan purge(String topic, Options options) {
        try (KafkaConnection kafka = KafkaConnection.open(settings)) {
            PurgePlan plan = plan(kafka.admin(), topic, options);
            if (!plan.refused().isEmpty()) {
                throw new WardenException(WardenException.USAGE, "not purging " + topic + ": " + String.join("; ", plan.refused()));
            }
            Map<TopicPartition, RecordsToDelete> delete = new HashMap<>();
            plan.partitions().stream().filter(p -> p.records() > 0).forEach(p ->
                    delete.put(new TopicPartition(topic, p.partition()), RecordsToDelete.beforeOffset(p.purgeTo())));
            if (!delete.isEmpty()) {
                Await.get(kafka.admin().deleteRecords(delete).all(), settings.timeout(), "delete records of " + topic);
            }
            return new PurgePlan(plan.topic(), plan.group(), plan.partitions(), plan.records(), plan.refused(), true);
        }
    }

    private PurgePlan plan(Admin admin, String topic, Options options) {
        String group = options.progressGroup() != null ? options.progressGroup() : ReplayProgress.defaultGroup(topic);
        TopicDescription description = Await.get(admin.describeTopics(List.of(topic)).topicNameValues().get(topic),
                settings.timeout(), "describe topic " + topic);
        List<TopicPartition> parts = description.partitions().stream()
                .map(p -> new TopicPartition(topic, p.partition())).sorted(java.util.Comparator.comparingInt(TopicPartition::partition)).toList();
        Map<TopicPartition, ListOffsetsResultInfo> starts = offsets(admin, parts, OffsetSpec.earliest());
        Map<TopicPartition, ListOffsetsResultInfo> ends = offsets(admin, parts, OffsetSpec.latest());
        Map<TopicPartition, ReplayProgress> progress = ReplayProgress.read(admin, group, parts, settings.timeout());
        List<PurgePlan.Partition> out = new ArrayList<>();
        List<String> refused = new ArrayList<>();
        long total = 0;
        for (TopicPartition tp : parts) {
            long start = starts.get(tp).offset();
            long end = ends.get(tp).offset();
            Long replayedUpTo = progress.containsKey(tp) ? progress.get(tp).replayedUpTo() : null;
            long target;
            if (options.replayed()) {
                target = replayedUpTo == null ? start : replayedUpTo;
            } else {
                target = Math.min(options.upTo(), end);
                if (!options.force() && target > start && (replayedUpTo == null || target > replayedUpTo)) {
                    refused.add("partition " + tp.partition() + ": offset " + target + " is beyond the replayed records ("
                            + (replayedUpTo == null ? "none replayed" : "replayed up to " + replayedUpTo) + "); --force deletes them anyway");
                }
            }
            target = Math.max(start, Math.min(target, end));
            out.add(new PurgePlan.Partition(tp.partition(), start, end, replayedUpTo, target, target - start));
            total += target - start;
        }
        return new PurgePlan(topic, group, out, total, refused, false);
    }

    private Map<TopicPartition, ListOffsetsResultInfo> offsets(Admin admin, List<TopicPartition> parts, OffsetSpec spec) {
        Map<TopicPartition, OffsetSpec> query = new HashMap<>();
        parts.forEach(tp -> query.put(tp, spec));
        return Await.get(admin.listOffsets(query).all(), settings.timeout(), "list the offsets of " + parts.get(0).topic());
    }
}
