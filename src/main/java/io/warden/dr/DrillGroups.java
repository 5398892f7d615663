package io.warden.dr;

import io.warden.dr.DrillReport.GroupPosition;
import io.warden.dr.MirrorRecords.GroupCheckpoint;
import io.warden.kafka.AccessAdvice;
import io.warden.kafka.ConnectionSettings;
import io.warden.kafka.Futures;
import io.warden.kafka.TopicScan;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import org.apache.kafka.clients.admin.Admin;
import org.apache.kafka.clients.admin.GroupListing;
import org.apache.kafka.clients.admin.ListConsumerGroupOffsetsSpec;
import org.apache.kafka.clients.admin.ListGroupsOptions;
import org.apache.kafka.clients.consumer.OffsetAndMetadata;
import org.apache.kafka.common.TopicPartition;
import org.apache.kafka.common.acl.AclOperation;
import org.apache.kafka.common.resource.ResourceType;

/** Whether the selected groups could resume on DR: a young enough checkpoint for each of their partitions. */
final class DrillGroups {

    private DrillGroups() {
    }

    static List<GroupPosition> groups(Admin source, ConnectionSettings target, DrPair pair, DrillOptions options, Clock clock,
                                      List<String> notes, Duration timeout) {
        List<String> selected = new ArrayList<>();
        if (options.allGroups()) {
            for (GroupListing g : Futures.get(source.listGroups(new ListGroupsOptions()).valid(), timeout)) {
                // MirrorMaker checkpoints consumer groups (either protocol) and groups that only commit offsets
                if (pair.groups().test(g.groupId()) && (g.protocol().isEmpty() || g.protocol().equals("consumer"))) {
                    selected.add(g.groupId());
                }
            }
            selected.sort(null);
        }
        for (String g : options.groups()) {
            if (!selected.contains(g)) {
                selected.add(g);
            }
        }
        if (selected.isEmpty()) {
            return List.of();
        }
        Map<String, Map<TopicPartition, GroupCheckpoint>> checkpoints;
        boolean checkpointsExist;
        try (TopicScan scan = TopicScan.open(target, clock)) {
            var read = MirrorRecords.checkpoints(scan, pair.naming().checkpointsTopic());
            checkpoints = read.value();
            checkpointsExist = read.exists();
        }
        if (!checkpointsExist) {
            notes.add("the checkpoints topic " + pair.naming().checkpointsTopic() + " does not exist on " + pair.target().name()
                    + ": MirrorMaker emits no checkpoints (emit.checkpoints.enabled) or runs with other aliases");
        }
        // one request for all groups; each group's answer (or refusal) is its own
        Map<String, ListConsumerGroupOffsetsSpec> specs = new LinkedHashMap<>();
        selected.stream().filter(pair.groups()::test)
                .forEach(g -> specs.put(g, new ListConsumerGroupOffsetsSpec()));
        var offsets = specs.isEmpty() ? null : source.listConsumerGroupOffsets(specs);
        Instant now = clock.instant();
        List<GroupPosition> out = new ArrayList<>();
        for (String group : selected) {
            if (!pair.groups().test(group)) {
                out.add(new GroupPosition(group, 0, 0, List.of(), null, false,
                        "MirrorMaker's group filter does not select it: it has no checkpoints on DR"));
                continue;
            }
            Map<TopicPartition, OffsetAndMetadata> committed;
            try {
                committed = Futures.get(offsets.partitionsToOffsetAndMetadata(group), timeout);
            } catch (RuntimeException e) {
                out.add(new GroupPosition(group, 0, 0, List.of(), null, false, "its offsets could not be read on "
                        + pair.source().name() + ": " + AccessAdvice.of(pair.source().connection()).describeFailure(
                                "reading the group's offsets", AclOperation.DESCRIBE, ResourceType.GROUP, group, e)));
                continue;
            }
            Map<TopicPartition, GroupCheckpoint> mine = checkpoints.getOrDefault(group, Map.of());
            List<String> missing = new ArrayList<>();
            int partitions = 0;
            Duration oldest = null;
            List<TopicPartition> sorted = committed.keySet().stream().sorted(Comparator.comparing(TopicPartition::topic)
                    .thenComparingInt(TopicPartition::partition)).toList();
            for (TopicPartition tp : sorted) {
                if (committed.get(tp) == null || !pair.topics().test(tp.topic()) || pair.naming().isMirrorInternal(tp.topic())) {
                    continue;
                }
                partitions++;
                // MirrorMaker names a checkpoint's partition as on DR (the replica's)
                GroupCheckpoint c = mine.get(pair.naming().replicaOf(tp));
                if (c == null) {
                    missing.add(tp.topic() + "-" + tp.partition());
                    continue;
                }
                Duration age = DrillService.nonNegative(Duration.between(c.written(), now));
                oldest = oldest == null || age.compareTo(oldest) > 0 ? age : oldest;
            }
            // a group named on the command line with nothing to translate is most likely a misspelt name
            String problem = partitions == 0 && options.groups().contains(group) ? "it has no committed offsets on "
                    + pair.source().name() + " on topics MirrorMaker replicates: nothing to translate (check the name)"
                    : !missing.isEmpty() ? missing.size() + " of " + partitions + " partitions have no checkpoint on DR"
                    : oldest != null && oldest.compareTo(pair.checkpointMaxAge()) > 0 ? "its oldest checkpoint is " + DrillService.human(oldest)
                    + " old, more than " + DrillService.human(pair.checkpointMaxAge()) : null;
            out.add(new GroupPosition(group, partitions, partitions - missing.size(), missing, oldest, problem == null, problem));
        }
        return out;
    }
}
