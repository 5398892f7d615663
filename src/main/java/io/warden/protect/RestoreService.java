package io.warden.protect;

import io.warden.WardenException;
import io.warden.kafka.ConnectionSettings;
import io.warden.kafka.Futures;
import io.warden.kafka.KafkaConnection;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.HexFormat;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import java.util.regex.Pattern;
import org.apache.kafka.clients.admin.Admin;
import org.apache.kafka.clients.admin.NewTopic;
import org.apache.kafka.clients.admin.TopicDescription;
import org.apache.kafka.clients.consumer.ConsumerGroupMetadata;
import org.apache.kafka.clients.consumer.OffsetAndMetadata;
import org.apache.kafka.clients.producer.KafkaProducer;
import org.apache.kafka.clients.producer.ProducerRecord;
import org.apache.kafka.common.TopicPartition;
import org.apache.kafka.common.config.ConfigResource;
import org.apache.kafka.common.header.internals.RecordHeader;
import org.apache.kafka.common.header.internals.RecordHeaders;
import org.apache.kafka.common.serialization.ByteArraySerializer;

/**
 * Produces a verified backup back into a cluster: missing topics are created with the backed-up
 * partition count and configs, each record goes to its original partition with its key, value,
 * headers and timestamp. Records are written in transactions that also commit, in the progress
 * group {@code warden-restore-HASH} (HASH of the backup directory and its cut), the next source
 * offset per target partition. A re-run (same {@code transactional.id}, so a half-done transaction
 * of the previous run is aborted) starts after what committed: no duplicates for read_committed
 * consumers, no loss.
 */
public final class RestoreService {

    /**
     * @param topics          regular expression over the backed-up topic names, or null for all
     * @param rename          source topic name to target topic name
     * @param transactionSize records per transaction
     * @param maxRecords      stop this run after about this many records (whole transactions)
     */
    public record Options(Pattern topics, Map<String, String> rename, int transactionSize, long maxRecords) {
    }

    /** What happens to one topic: {@code create}, {@code append} (exists) or {@code refuse}. */
    public record TopicPlan(String source, String target, int partitions, long records, String action, String reason) {
    }

    /** The plan: problems refuse the restore, warnings do not. */
    public record Plan(Path dir, String progressGroup, long records, List<TopicPlan> topics, List<String> problems, List<String> warnings) {
    }

    /** What a run did. */
    public record Result(Plan plan, long restored, long alreadyRestored, int transactions, boolean complete) {
    }

    /** Told after each committed transaction. */
    public interface Listener {
        void restored(long done, long total);
    }

    private final ConnectionSettings settings;

    public RestoreService(ConnectionSettings settings) {
        this.settings = settings;
    }

    /** Verifies the backup (refusing a damaged one) and says what restore would do. */
    public Plan plan(Path dir, Options options) {
        try (KafkaConnection connection = KafkaConnection.open(settings)) {
            return plan(connection.admin(), dir, verified(dir), options);
        }
    }

    private static Manifest verified(Path dir) {
        BackupVerifier.Result check = BackupVerifier.verify(dir);
        if (!check.ok()) {
            throw new WardenException(WardenException.DATA, "the backup in " + dir + " fails verification, nothing restored: "
                    + String.join("; ", check.problems()));
        }
        return check.manifest();
    }

    private Plan plan(Admin admin, Path dir, Manifest manifest, Options options) {
        List<Manifest.Topic> selected = selected(manifest, options);
        Set<String> existing = Futures.get(admin.listTopics().names(), settings.timeout());
        List<String> targets = selected.stream().map(t -> target(t, options)).filter(existing::contains).toList();
        Map<String, TopicDescription> described = targets.isEmpty() ? Map.of()
                : Futures.get(admin.describeTopics(targets).allTopicNames(), settings.timeout());
        Map<String, String> timestampTypes = new HashMap<>();
        if (!targets.isEmpty()) {
            var configs = Futures.get(admin.describeConfigs(targets.stream()
                    .map(n -> new ConfigResource(ConfigResource.Type.TOPIC, n)).toList()).all(), settings.timeout());
            configs.forEach((r, c) -> {
                var type = c.get("message.timestamp.type");
                timestampTypes.put(r.name(), type == null ? null : type.value());
            });
        }
        List<TopicPlan> plans = new ArrayList<>();
        List<String> problems = new ArrayList<>();
        List<String> warnings = new ArrayList<>();
        long records = 0;
        for (Manifest.Topic t : selected) {
            String target = target(t, options);
            long count = t.partitions().stream().mapToLong(Manifest.Partition::records).sum();
            records += count;
            TopicDescription d = described.get(target);
            if (d == null) {
                plans.add(new TopicPlan(t.name(), target, t.partitionCount(), count, "create", "with " + t.configs().size() + " configs"));
            } else if (d.partitions().size() < t.partitionCount()) {
                String why = "has " + d.partitions().size() + " partitions, the backup needs " + t.partitionCount();
                plans.add(new TopicPlan(t.name(), target, t.partitionCount(), count, "refuse", why));
                problems.add(target + " " + why);
            } else {
                plans.add(new TopicPlan(t.name(), target, t.partitionCount(), count, "append", "exists"));
            }
            String timestampType = d == null ? t.configs().get("message.timestamp.type") : timestampTypes.get(target);
            if ("LogAppendTime".equals(timestampType)) {
                warnings.add(target + " uses LogAppendTime: the broker stamps restored records with the restore time, "
                        + "the original timestamps cannot be kept");
            }
        }
        options.rename().keySet().stream().filter(from -> selected.stream().noneMatch(t -> t.name().equals(from)))
                .forEach(from -> problems.add("--rename " + from + ": no such topic among the selected topics of the backup"));
        if (selected.isEmpty()) {
            problems.add("no backed-up topic matches --topics '" + options.topics() + "'");
        }
        problems.addAll(IncrementalChain.problems(admin, dir, manifest, options, settings.timeout()));
        return new Plan(dir, progressGroup(dir, manifest), records, plans, problems, warnings);
    }

    private static List<Manifest.Topic> selected(Manifest manifest, Options options) {
        return manifest.topics().stream().filter(t -> options.topics() == null || options.topics().matcher(t.name()).matches()).toList();
    }

    private static String target(Manifest.Topic t, Options options) {
        return options.rename().getOrDefault(t.name(), t.name());
    }

    /** The same directory holding the same cut always maps to the same group, wherever it is restored. */
    static String progressGroup(Path dir, Manifest manifest) {
        try {
            byte[] digest = MessageDigest.getInstance("SHA-256").digest((dir.toAbsolutePath().normalize() + "|"
                    + manifest.clusterId() + "|" + manifest.createdAt()).getBytes(StandardCharsets.UTF_8));
            return "warden-restore-" + HexFormat.of().formatHex(digest, 0, 8);
        } catch (NoSuchAlgorithmException e) {
            throw new IllegalStateException(e);
        }
    }

    /** Creates the missing topics and produces the records not restored yet. */
    public Result restore(Path dir, Options options, Listener listener) {
        try (KafkaConnection connection = KafkaConnection.open(settings)) {
            Admin admin = connection.admin();
            Manifest manifest = verified(dir);
            Plan plan = plan(admin, dir, manifest, options);
            if (!plan.problems().isEmpty()) {
                throw new WardenException(WardenException.USAGE, "restore refused: " + String.join("; ", plan.problems()));
            }
            List<NewTopic> create = new ArrayList<>();
            for (Manifest.Topic t : selected(manifest, options)) {
                String target = target(t, options);
                if (plan.topics().stream().anyMatch(p -> p.target().equals(target) && p.action().equals("create"))) {
                    create.add(new NewTopic(target, Optional.of(t.partitionCount()), Optional.empty()).configs(t.configs()));
                }
            }
            if (!create.isEmpty()) {
                Futures.get(admin.createTopics(create).all(), settings.timeout());
            }
            return produce(admin, dir, manifest, plan, options, listener);
        } catch (IOException e) {
            throw new WardenException(WardenException.NO_INPUT, "cannot read the backup in " + dir + ": " + e.getMessage(), e);
        } catch (Segment.CorruptException e) {
            throw new WardenException(WardenException.DATA, "restore stopped, a segment changed since it was verified: " + e.getMessage(), e);
        }
    }

    private Result produce(Admin admin, Path dir, Manifest manifest, Plan plan, Options options, Listener listener)
            throws IOException, Segment.CorruptException {
        Map<String, Object> props = new HashMap<>(settings.clientProperties());
        props.put("bootstrap.servers", settings.bootstrapServers());
        props.put("enable.idempotence", true);
        props.put("acks", "all");
        props.put("transactional.id", plan.progressGroup());
        props.put("client.id", "warden-restore");
        ConsumerGroupMetadata group = new ConsumerGroupMetadata(plan.progressGroup());
        long restored = 0;
        long skipped = 0;
        int transactions = 0;
        try (KafkaProducer<byte[], byte[]> producer = new KafkaProducer<>(props, new ByteArraySerializer(), new ByteArraySerializer())) {
            producer.initTransactions(); // fences an earlier run and aborts its open transaction
            // Only now: initTransactions also waits until a commit the earlier run had started is written
            // everywhere. Read before it, that commit's progress is still pending and invisible, and its
            // records, already committed, would be produced again.
            Map<TopicPartition, OffsetAndMetadata> done = Futures.get(
                    admin.listConsumerGroupOffsets(plan.progressGroup()).partitionsToOffsetAndMetadata(), settings.timeout());
            for (Manifest.Topic t : selected(manifest, options)) {
                String target = target(t, options);
                for (Manifest.Partition p : t.partitions()) {
                    TopicPartition tp = new TopicPartition(target, p.partition());
                    long next = done.containsKey(tp) ? done.get(tp).offset() : Long.MIN_VALUE;
                    int inTransaction = 0;
                    long last = -1;
                    for (Manifest.SegmentFile s : p.segments()) {
                        if (s.lastOffset() < next) {
                            skipped += s.records();
                            continue;
                        }
                        for (BackupRecord r : Segment.read(dir.resolve(s.file()))) {
                            if (r.offset() < next) {
                                skipped++;
                                continue;
                            }
                            if (inTransaction == 0) {
                                producer.beginTransaction();
                            }
                            producer.send(toProducer(tp, r));
                            inTransaction++;
                            last = r.offset();
                            if (inTransaction >= options.transactionSize()) {
                                commit(producer, tp, last, group);
                                transactions++;
                                restored += inTransaction;
                                inTransaction = 0;
                                listener.restored(restored + skipped, plan.records());
                                if (restored >= options.maxRecords()) {
                                    return new Result(plan, restored, skipped, transactions, false);
                                }
                            }
                        }
                    }
                    if (inTransaction > 0) {
                        commit(producer, tp, last, group);
                        transactions++;
                        restored += inTransaction;
                        listener.restored(restored + skipped, plan.records());
                        if (restored >= options.maxRecords()) {
                            return new Result(plan, restored, skipped, transactions, isLast(manifest, options, t, p));
                        }
                    }
                }
            }
        }
        return new Result(plan, restored, skipped, transactions, true);
    }

    private static boolean isLast(Manifest manifest, Options options, Manifest.Topic t, Manifest.Partition p) {
        List<Manifest.Topic> selected = selected(manifest, options);
        return selected.get(selected.size() - 1) == t && t.partitions().get(t.partitions().size() - 1) == p;
    }

    private static void commit(KafkaProducer<byte[], byte[]> producer, TopicPartition tp, long lastOffset, ConsumerGroupMetadata group) {
        producer.sendOffsetsToTransaction(Map.of(tp, new OffsetAndMetadata(lastOffset + 1)), group);
        producer.commitTransaction();
    }

    private static ProducerRecord<byte[], byte[]> toProducer(TopicPartition tp, BackupRecord r) {
        RecordHeaders headers = new RecordHeaders();
        r.headers().forEach(h -> headers.add(new RecordHeader(h.key(), h.value())));
        return new ProducerRecord<>(tp.topic(), tp.partition(), r.timestamp() < 0 ? null : r.timestamp(), r.key(), r.value(), headers);
    }
}
