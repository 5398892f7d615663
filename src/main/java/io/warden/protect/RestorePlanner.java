package io.warden.protect;

import io.warden.WardenException;
import io.warden.kafka.ConnectionSettings;
import io.warden.kafka.Futures;
import io.warden.protect.RestoreService.Options;
import io.warden.protect.RestoreService.Plan;
import io.warden.protect.RestoreService.TopicPlan;
import io.warden.protect.metadata.GroupOffsetsReader;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.time.Clock;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.HashMap;
import java.util.HashSet;
import java.util.HexFormat;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import java.util.TreeMap;
import org.apache.kafka.clients.admin.Admin;
import org.apache.kafka.clients.admin.Config;
import org.apache.kafka.clients.admin.ConfigEntry;
import org.apache.kafka.clients.admin.CreateTopicsOptions;
import org.apache.kafka.clients.admin.NewTopic;
import org.apache.kafka.clients.admin.TopicDescription;
import org.apache.kafka.clients.consumer.OffsetAndMetadata;
import org.apache.kafka.common.TopicPartition;
import org.apache.kafka.common.config.ConfigResource;

/**
 * What a restore would do, decided against the target without changing it: which topics it creates
 * (as the target would create them), appends to or refuses, the records the target's retention would
 * delete at once, and where the backed-up groups' offsets land.
 */
final class RestorePlanner {

    private final ConnectionSettings settings;
    private final Clock clock;

    RestorePlanner(ConnectionSettings settings, Clock clock) {
        this.settings = settings;
        this.clock = clock;
    }

    /**
     * @param toExecute false for the plan alone: expired records are counted exactly (reading the
     *                  segments that straddle the retention limit); true before an execution, which
     *                  needs to know only whether there are any
     * @param timestamps per segment file, its timestamp range where the check read it
     */
    Plan plan(Admin admin, BackupStore dir, Manifest manifest, Options options, boolean toExecute, Map<String, long[]> timestamps) {
        List<Manifest.Topic> selected = selected(manifest, options);
        Set<String> existing = Futures.get(admin.listTopics().names(), settings.timeout());
        List<String> targets = selected.stream().map(t -> target(t, options)).filter(existing::contains).toList();
        Map<String, TopicDescription> described = targets.isEmpty() ? Map.of()
                : Futures.get(admin.describeTopics(targets).allTopicNames(), settings.timeout());
        Map<String, Config> configs = new HashMap<>();
        if (!targets.isEmpty()) {
            Futures.get(admin.describeConfigs(targets.stream()
                    .map(n -> new ConfigResource(ConfigResource.Type.TOPIC, n)).toList()).all(), settings.timeout())
                    .forEach((r, c) -> configs.put(r.name(), c));
        }
        List<TopicPlan> plans = new ArrayList<>();
        List<String> problems = new ArrayList<>();
        List<String> warnings = new ArrayList<>();
        configs.putAll(creating(admin, selected.stream().filter(t -> !existing.contains(target(t, options))).toList(), options,
                problems));
        BackupStore files = dir;
        long records = 0;
        for (Manifest.Topic t : selected) {
            String target = target(t, options);
            long count = t.partitions().stream().mapToLong(Manifest.Partition::records).sum();
            records += count;
            TopicDescription d = described.get(target);
            Config config = configs.get(target);
            ExpiredRecords.Retention retention = config == null ? null : ExpiredRecords.of(config, d == null
                    ? (options.retentionMs() != null ? "--retention-ms" : "the backed-up topic's") : "the topic's own");
            ExpiredRecords.Count expired = expired(files, t, retention, timestamps, options, toExecute);
            String action = d == null ? "create" : d.partitions().size() < t.partitionCount() ? "refuse" : "append";
            String reason = d == null ? "with " + t.configs().size() + " configs"
                    + (options.retentionMs() != null ? ", retention.ms " + options.retentionMs() + " (--retention-ms)" : "")
                    : action.equals("refuse") ? "has " + d.partitions().size() + " partitions, the backup needs " + t.partitionCount()
                    : "exists";
            plans.add(new TopicPlan(t.name(), target, t.partitionCount(), count, action, reason, retention == null ? null : retention.ms(),
                    expired == null ? null : expired.toString()));
            if (action.equals("refuse")) {
                problems.add(target + " " + reason);
            }
            ConfigEntry timestampType = config == null ? null : config.get("message.timestamp.type");
            if (timestampType != null && "LogAppendTime".equals(timestampType.value())) {
                warnings.add(target + " uses LogAppendTime: the broker stamps restored records with the restore time, "
                        + "the original timestamps cannot be kept");
            }
            if (expired != null && expired.records() > 0) {
                String what = target + ": " + expired + " of " + String.format("%,d", count) + " records are older than "
                        + retention.describe() + ": the broker deletes them at its next retention check";
                if (options.allowExpired()) {
                    warnings.add(what + " (--allow-expired)");
                } else {
                    problems.add(what + "; " + (d == null ? "restore with --retention-ms N (longer, or -1 for none) for the topics the"
                            + " restore creates" : "raise " + target + "'s retention.ms first (kafka-configs --alter)")
                            + ", or --allow-expired to restore them anyway");
                }
            }
        }
        options.rename().keySet().stream().filter(from -> selected.stream().noneMatch(t -> t.name().equals(from)))
                .forEach(from -> problems.add("--rename " + from + ": no such topic among the selected topics of the backup"));
        if (selected.isEmpty()) {
            problems.add("no backed-up topic matches --topics '" + options.topics() + "'");
        }
        problems.addAll(IncrementalChain.problems(admin, dir, manifest, options, settings.timeout()));
        String progressGroup = progressGroup(manifest.clusterId(), manifest.createdAt());
        List<RestoredGroupOffset> groupOffsets = List.of();
        if (options.groupOffsets()) {
            List<GroupOffsetRestore.Candidate> candidates = GroupOffsetRestore.candidates(manifest, targets(selected, options));
            tooManyToMap(candidates, problems);
            groupOffsets = groupOffsets(admin, manifest, options, progress(admin, progressGroup), candidates, existing, false);
        }
        return new Plan(dir.location(), progressGroup, records, plans, groupOffsets, problems, warnings);
    }

    /**
     * The records of a topic its target's retention deletes at once; null where nothing is deleted by
     * time. Exact for the plan alone; before an execution, only what deciding needs is read.
     */
    private ExpiredRecords.Count expired(BackupStore files, Manifest.Topic t, ExpiredRecords.Retention retention,
                                         Map<String, long[]> timestamps, Options options, boolean toExecute) {
        if (retention == null) {
            return null;
        }
        ExpiredRecords.Reading reading = !toExecute ? ExpiredRecords.Reading.EXACT
                : options.allowExpired() ? ExpiredRecords.Reading.NONE : ExpiredRecords.Reading.TO_DECIDE;
        try {
            return ExpiredRecords.count(files, t, clock.millis() - retention.ms(), timestamps, reading);
        } catch (IOException e) {
            throw new WardenException(WardenException.NO_INPUT, "cannot read the backup in " + files.named("") + ": " + e.getMessage(), e);
        } catch (Segment.CorruptException e) {
            throw new WardenException(WardenException.DATA, "the backup in " + files.named("") + " fails verification, nothing "
                    + "restored: " + e.getMessage(), e);
        }
    }

    /**
     * The configs the topics the restore creates would have (the backed-up ones, --retention-ms, the
     * broker's defaults), as the target says when asked to create them without doing so; a topic the
     * target would refuse is a problem now instead of a failure halfway.
     */
    private Map<String, Config> creating(Admin admin, List<Manifest.Topic> topics, Options options, List<String> problems) {
        if (topics.isEmpty()) {
            return Map.of();
        }
        var result = admin.createTopics(topics.stream().map(t -> newTopic(t, options)).toList(),
                new CreateTopicsOptions().validateOnly(true));
        Map<String, Config> out = new HashMap<>();
        for (Manifest.Topic t : topics) {
            String target = target(t, options);
            try {
                out.put(target, Futures.get(result.config(target), settings.timeout()));
            } catch (org.apache.kafka.common.errors.UnsupportedVersionException e) {
                // a broker before Kafka 2.4 does not say: its retention is not known, and so not checked
            } catch (org.apache.kafka.common.errors.TopicAuthorizationException e) {
                problems.add(io.warden.kafka.AccessAdvice.of(settings).needs("creating " + target,
                        org.apache.kafka.common.acl.AclOperation.CREATE, org.apache.kafka.common.resource.ResourceType.TOPIC, target));
            } catch (org.apache.kafka.common.errors.ApiException e) {
                problems.add(target + " cannot be created there: " + Futures.describe(e));
            }
        }
        return out;
    }

    /** A topic as the restore creates it: the backed-up partition count and configs, with --retention-ms. */
    static NewTopic newTopic(Manifest.Topic t, Options options) {
        Map<String, String> configs = new HashMap<>(t.configs());
        if (options.retentionMs() != null) {
            configs.put("retention.ms", Long.toString(options.retentionMs()));
        }
        return new NewTopic(target(t, options), Optional.of(t.partitionCount()), Optional.empty()).configs(configs);
    }

    private static void tooManyToMap(List<GroupOffsetRestore.Candidate> candidates, List<String> problems) {
        Map<TopicPartition, Set<Long>> distinct = new TreeMap<>(Comparator.comparing(TopicPartition::toString));
        candidates.forEach(c -> distinct.computeIfAbsent(c.target(), tp -> new HashSet<>()).add(c.sourceOffset()));
        distinct.forEach((tp, xs) -> {
            if (xs.size() > RestoredOffsets.MAX_MAPPED) {
                problems.add(tp + ": the groups in the backup committed " + xs.size() + " different offsets there, a restore maps at most "
                        + RestoredOffsets.MAX_MAPPED + " per partition; restore with --no-group-offsets and reset the groups afterwards");
            }
        });
    }

    /** The backup's group offsets decided against the target now, mapped by what the progress group recorded. */
    List<RestoredGroupOffset> groupOffsets(Admin admin, Manifest manifest, Options options,
                                                   Map<TopicPartition, OffsetAndMetadata> progress,
                                                   List<GroupOffsetRestore.Candidate> candidates, Set<String> existingTopics,
                                                   boolean executed) {
        if (candidates.isEmpty()) {
            return List.of();
        }
        Map<TopicPartition, Manifest.Partition> partitions = new HashMap<>();
        for (Manifest.Topic t : selected(manifest, options)) {
            t.partitions().forEach(p -> partitions.put(new TopicPartition(target(t, options), p.partition()), p));
        }
        GroupOffsetRestore restore = new GroupOffsetRestore(admin, settings.timeout());
        // an empty backed-up partition has nothing to wait for: its groups resume at the target's end
        Set<TopicPartition> empty = new HashSet<>();
        candidates.forEach(c -> {
            if (partitions.get(c.target()).records() == 0) {
                empty.add(c.target());
            }
        });
        empty.removeIf(tp -> !existingTopics.contains(tp.topic()));
        Map<TopicPartition, Long> ends = restore.ends(empty);
        return restore.decide(candidates, c -> {
            Manifest.Partition p = partitions.get(c.target());
            if (p.records() == 0) {
                return new GroupOffsetRestore.Progress(ends.containsKey(c.target()), ends.get(c.target()));
            }
            long last = PartitionCursor.lastBackedUp(p);
            OffsetAndMetadata done = progress.get(c.target());
            boolean restored = done != null && done.offset() > last;
            Long target = done == null ? null : RestoredOffsets.decode(done.metadata()).target(c.sourceOffset(), last);
            return new GroupOffsetRestore.Progress(restored, target);
        }, executed);
    }

    Map<TopicPartition, OffsetAndMetadata> progress(Admin admin, String progressGroup) {
        Map<TopicPartition, OffsetAndMetadata> done = new HashMap<>();
        Futures.get(admin.listConsumerGroupOffsets(progressGroup).partitionsToOffsetAndMetadata(), settings.timeout())
                .forEach((tp, om) -> {
                    if (om != null) {
                        done.put(tp, om);
                    }
                });
        return done;
    }

    static List<Manifest.Topic> selected(Manifest manifest, Options options) {
        return manifest.topics().stream().filter(t -> options.topics() == null || options.topics().matcher(t.name()).matches()).toList();
    }

    static Map<String, String> targets(List<Manifest.Topic> selected, Options options) {
        Map<String, String> out = new HashMap<>();
        selected.forEach(t -> out.put(t.name(), target(t, options)));
        return out;
    }

    static String target(Manifest.Topic t, Options options) {
        return options.rename().getOrDefault(t.name(), t.name());
    }

    /**
     * One backup (its cluster and cut time) always maps to the same group, wherever its directory was
     * copied or moved, so a restore resumes from a copy without restoring twice.
     */
    static String progressGroup(String clusterId, String createdAt) {
        try {
            byte[] digest = MessageDigest.getInstance("SHA-256").digest((clusterId + "|" + createdAt).getBytes(StandardCharsets.UTF_8));
            return GroupOffsetsReader.DATA_RESTORE_PREFIX + HexFormat.of().formatHex(digest, 0, 8);
        } catch (NoSuchAlgorithmException e) {
            throw new IllegalStateException(e);
        }
    }
}
