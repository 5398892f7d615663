package io.warden.protect;

import io.warden.WardenException;
import io.warden.kafka.ConnectionSettings;
import io.warden.kafka.Futures;
import io.warden.kafka.TopicReadiness;
import io.warden.kafka.KafkaConnection;
import io.warden.protect.metadata.GroupOffsetsReader;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.time.Clock;
import java.time.Duration;
import java.util.ArrayDeque;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.Deque;
import java.util.HashMap;
import java.util.HashSet;
import java.util.HexFormat;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import java.util.TreeMap;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import java.util.regex.Pattern;
import java.util.stream.LongStream;
import org.apache.kafka.clients.admin.Admin;
import org.apache.kafka.clients.admin.Config;
import org.apache.kafka.clients.admin.ConfigEntry;
import org.apache.kafka.clients.admin.CreateTopicsOptions;
import org.apache.kafka.clients.admin.NewTopic;
import org.apache.kafka.clients.admin.ProducerState;
import org.apache.kafka.clients.admin.TopicDescription;
import org.apache.kafka.clients.consumer.ConsumerGroupMetadata;
import org.apache.kafka.clients.consumer.OffsetAndMetadata;
import org.apache.kafka.clients.producer.KafkaProducer;
import org.apache.kafka.clients.producer.ProducerRecord;
import org.apache.kafka.clients.producer.RecordMetadata;
import org.apache.kafka.common.KafkaException;
import org.apache.kafka.common.TopicPartition;
import org.apache.kafka.common.config.ConfigResource;
import org.apache.kafka.common.header.internals.RecordHeader;
import org.apache.kafka.common.header.internals.RecordHeaders;
import org.apache.kafka.common.serialization.ByteArraySerializer;

/**
 * Produces a verified backup back into a cluster: missing topics are created with the backed-up
 * partition count and configs, each record goes to its original partition with its key, value,
 * headers and timestamp. One producer writes a few partitions at once (a round of about one batch
 * per partition; as many partitions as the read-ahead's bytes hold, see {@link ReadAhead}, the next
 * taken up when one is done), in large transactions that also commit, in the progress group
 * {@code warden-restore-HASH} (HASH of the backup directory and its cut), the next source offset
 * of every partition they touched, with where the backed-up groups' offsets landed. A re-run (same
 * {@code transactional.id}, so a half-done transaction of the previous run is aborted) starts after
 * what committed: no duplicates for read_committed consumers, no loss. Segments are read,
 * decompressed and checked ahead on other threads. Once a partition is completely restored, the
 * backed-up consumer groups are moved to the same records there (see {@link GroupOffsetRestore}).
 */
public final class RestoreService {

    /**
     * A transaction also ends at this many bytes of keys and values, or after {@link
     * #TRANSACTION_TIME}: a commit drains every batch in flight before the next transaction starts,
     * so on a fast link few and large (four commits per GiB cost a 1 GiB restore 5-10 %), while on a
     * slow one the time bounds both the transaction and what a killed restore sends again.
     */
    static final long TRANSACTION_BYTES = 1L << 30;
    static final Duration TRANSACTION_TIME = Duration.ofSeconds(30);
    /**
     * A restore into topics it creates produces at once and checks the backup before its first
     * commit, so a refused backup leaves nothing committed (and the topics are deleted again). A
     * restore into existing topics checks first: a refused backup sends them nothing. So does one
     * of more bytes than this, so that the first transaction never waits for the check as long as the
     * broker lets a transaction run, even on a slow disk.
     */
    static final long CHECK_AT_COMMIT_BYTES = 16L << 30;
    /** Bytes sent to one partition before the next partition's turn: about one producer batch. */
    private static final int TURN_BYTES = 256 << 10;

    /**
     * @param topics          regular expression over the backed-up topic names, or null for all
     * @param rename          source topic name to target topic name
     * @param transactionSize records per transaction at most (a transaction also ends at {@link #TRANSACTION_BYTES})
     * @param maxRecords      stop this run after about this many records (whole transactions)
     * @param groupOffsets    move the backed-up consumer groups to the restored records
     * @param retentionMs     {@code retention.ms} for the topics the restore creates (-1: none), or null for the backed-up configs'
     * @param allowExpired    restore records the target's retention deletes at once, instead of refusing
     */
    public record Options(Pattern topics, Map<String, String> rename, int transactionSize, long maxRecords, boolean groupOffsets,
                          Long retentionMs, boolean allowExpired) {

        public Options(Pattern topics, Map<String, String> rename, int transactionSize, long maxRecords, boolean groupOffsets) {
            this(topics, rename, transactionSize, maxRecords, groupOffsets, null, false);
        }
    }

    /**
     * What happens to one topic: {@code create}, {@code append} (exists) or {@code refuse}.
     *
     * @param retentionMs the target's time retention (as it is, or as the restore creates it), null when it deletes nothing by time
     * @param expired     records older than that retention, which the broker deletes at its next retention check; null when
     *                    not counted, prefixed "at least" when segments that straddle the limit were not read
     */
    public record TopicPlan(String source, String target, int partitions, long records, String action, String reason,
                            Long retentionMs, String expired) {
    }

    /** The plan: problems refuse the restore, warnings do not. */
    public record Plan(String dir, String progressGroup, long records, List<TopicPlan> topics, List<RestoredGroupOffset> groupOffsets,
                       List<String> problems, List<String> warnings) {
    }

    /** What a run did; {@code groupOffsets} as decided and set after the records. */
    public record Result(Plan plan, long restored, long alreadyRestored, int transactions, boolean complete,
                         List<RestoredGroupOffset> groupOffsets) {
    }

    /** Told after each committed transaction. */
    public interface Listener {
        void restored(long done, long total);
    }

    private final ConnectionSettings settings;
    private final Clock clock;
    private final ReadAhead.Reader reader;
    private final long readAheadBytes;

    public RestoreService(ConnectionSettings settings, Clock clock) {
        this(settings, clock, ReadAhead.CHECKED);
    }

    /** @param reader how segments are read ahead (a test puts an Error in its way) */
    RestoreService(ConnectionSettings settings, Clock clock, ReadAhead.Reader reader) {
        this(settings, clock, reader, ReadAhead.BYTES);
    }

    /** @param readAheadBytes bytes of uncompressed segments held at once (see {@link ReadAhead}) */
    RestoreService(ConnectionSettings settings, Clock clock, ReadAhead.Reader reader, long readAheadBytes) {
        this.settings = settings;
        this.clock = clock;
        this.reader = reader;
        this.readAheadBytes = readAheadBytes;
    }

    /** Verifies the whole backup (refusing a damaged one), before it connects, and says what restore would do. */
    public Plan plan(Path dir, Options options) {
        return plan(new BackupDirectory(dir), options);
    }

    /** As {@link #plan(Path, Options)}, for a backup in a directory or object storage. */
    public Plan plan(BackupStore dir, Options options) {
        BackupVerifier.Result check = BackupVerifier.verify(dir);
        Manifest manifest = checked(check, dir);
        try (KafkaConnection connection = KafkaConnection.open(settings)) {
            return plan(connection.admin(), dir, manifest, options, false, check.timestamps());
        }
    }

    private static Manifest checked(BackupVerifier.Result check, BackupStore dir) {
        if (!check.ok()) {
            throw new WardenException(WardenException.DATA, "the backup in " + dir.location() + " fails verification, nothing restored: "
                    + String.join("; ", check.problems()));
        }
        return check.manifest();
    }

    /**
     * @param toExecute false for the plan alone: expired records are counted exactly (reading the
     *                  segments that straddle the retention limit); true before an execution, which
     *                  needs to know only whether there are any
     * @param timestamps per segment file, its timestamp range where the check read it
     */
    private Plan plan(Admin admin, BackupStore dir, Manifest manifest, Options options, boolean toExecute, Map<String, long[]> timestamps) {
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
    private static NewTopic newTopic(Manifest.Topic t, Options options) {
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
    private List<RestoredGroupOffset> groupOffsets(Admin admin, Manifest manifest, Options options,
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

    private Map<TopicPartition, OffsetAndMetadata> progress(Admin admin, String progressGroup) {
        Map<TopicPartition, OffsetAndMetadata> done = new HashMap<>();
        Futures.get(admin.listConsumerGroupOffsets(progressGroup).partitionsToOffsetAndMetadata(), settings.timeout())
                .forEach((tp, om) -> {
                    if (om != null) {
                        done.put(tp, om);
                    }
                });
        return done;
    }

    private static List<Manifest.Topic> selected(Manifest manifest, Options options) {
        return manifest.topics().stream().filter(t -> options.topics() == null || options.topics().matcher(t.name()).matches()).toList();
    }

    private static Map<String, String> targets(List<Manifest.Topic> selected, Options options) {
        Map<String, String> out = new HashMap<>();
        selected.forEach(t -> out.put(t.name(), target(t, options)));
        return out;
    }

    private static String target(Manifest.Topic t, Options options) {
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

    /** Creates the missing topics, produces the records not restored yet, then sets the groups' offsets. */
    /** What a refused restore needs, with the kafka-acls line; null when {@code cause} is no refusal. */
    private String refusal(Throwable cause, String progressGroup) {
        var refused = io.warden.kafka.AccessAdvice.authorization(cause);
        var access = io.warden.kafka.AccessAdvice.of(settings);
        if (refused instanceof org.apache.kafka.common.errors.TransactionalIdAuthorizationException) {
            return access.needs("restoring in transactions", org.apache.kafka.common.acl.AclOperation.WRITE,
                    org.apache.kafka.common.resource.ResourceType.TRANSACTIONAL_ID, progressGroup);
        }
        if (refused instanceof org.apache.kafka.common.errors.TopicAuthorizationException t && !t.unauthorizedTopics().isEmpty()) {
            return access.needs("restoring records", org.apache.kafka.common.acl.AclOperation.WRITE,
                    org.apache.kafka.common.resource.ResourceType.TOPIC, t.unauthorizedTopics().stream().sorted().findFirst().orElseThrow());
        }
        return refused == null ? null : access.needsForGroup("keeping the restore's progress and the groups' offsets",
                org.apache.kafka.common.acl.AclOperation.READ, progressGroup, List.of(), refused);
    }

    public Result restore(Path dir, Options options, Listener listener) {
        return restore(new BackupDirectory(dir), options, listener);
    }

    /** As {@link #restore(Path, Options, Listener)}, for a backup in a directory or object storage. */
    public Result restore(BackupStore dir, Options options, Listener listener) {
        Manifest unchecked = BackupVerifier.manifest(dir);
        ExecutorService background = Executors.newCachedThreadPool(r -> {
            Thread t = new Thread(r, "warden-restore-start");
            t.setDaemon(true);
            return t;
        });
        // while the cluster answers (the transaction coordinator's first answer can take seconds on a
        // fresh cluster), the first segment of the first partition is read: its size tells how many
        // partitions the read-ahead holds at once
        CompletableFuture<KafkaProducer<byte[], byte[]>> producer = CompletableFuture.supplyAsync(() -> {
            KafkaProducer<byte[], byte[]> p = new KafkaProducer<>(producerProperties(progressGroup(unchecked.clusterId(), unchecked.createdAt())),
                    new ByteArraySerializer(), new ByteArraySerializer());
            try {
                p.initTransactions(); // fences an earlier run and aborts its open transaction
                return p;
            } catch (RuntimeException e) {
                p.close(Duration.ZERO);
                throw e;
            }
        }, background);
        ReadAhead readAhead = new ReadAhead(dir, Math.max(1, Math.min(2, Runtime.getRuntime().availableProcessors())), reader,
                readAheadBytes);
        selected(unchecked, options).stream().flatMap(t -> t.partitions().stream()).limit(readAhead.partitionsAtOnce())
                .filter(p -> !p.segments().isEmpty()).forEach(p -> readAhead.read(p.segments().get(0)));
        BackupCheck check = new BackupCheck(dir, unchecked, readAhead);
        List<String> created = new ArrayList<>();
        try (readAhead; KafkaConnection connection = KafkaConnection.open(settings)) {
            Admin admin = connection.admin();
            // planned from the manifest as read at the start; checked below or before the first commit
            Plan plan = plan(admin, dir, unchecked, options, true, Map.of());
            if (!plan.problems().isEmpty()) {
                throw new WardenException(WardenException.USAGE, "restore refused: " + String.join("; ", plan.problems()));
            }
            boolean checkFirst = plan.topics().stream().anyMatch(t -> !t.action().equals("create"))
                    || unchecked.topics().stream().flatMap(t -> t.partitions().stream()).flatMap(p -> p.segments().stream())
                    .mapToLong(Manifest.SegmentFile::bytes).sum() > CHECK_AT_COMMIT_BYTES;
            if (checkFirst) {
                check.manifest();
            }
            List<NewTopic> create = new ArrayList<>();
            for (Manifest.Topic t : selected(unchecked, options)) {
                String target = target(t, options);
                if (plan.topics().stream().anyMatch(p -> p.target().equals(target) && p.action().equals("create"))) {
                    create.add(newTopic(t, options));
                }
            }
            if (!create.isEmpty()) {
                try {
                    Futures.get(admin.createTopics(create).all(), settings.timeout());
                } catch (org.apache.kafka.common.errors.TopicAuthorizationException e) {
                    String topic = e.unauthorizedTopics().stream().sorted().findFirst().orElse(create.get(0).name());
                    throw connection.access().denied("restoring into a new topic", org.apache.kafka.common.acl.AclOperation.CREATE,
                            org.apache.kafka.common.resource.ResourceType.TOPIC, topic, e);
                }
                create.forEach(t -> created.add(t.name()));
                awaitLeaders(admin, created);
            }
            Result produced;
            Map<TopicPartition, OffsetAndMetadata> progress;
            try {
                try (KafkaProducer<byte[], byte[]> p = producer.get()) { // closing aborts an open transaction
                    // read after initTransactions: a fenced run's transaction is complete by then
                    progress = progress(admin, plan.progressGroup());
                    produced = produce(p, readAhead, unchecked, plan, options, progress, listener, check);
                }
            } catch (Segment.CorruptException | IOException | WardenException e) {
                refuseIfDamaged(admin, check, created); // a damaged segment, met before the check or by it
                throw e;
            }
            Manifest manifest = check.manifest();
            if (!options.groupOffsets()) {
                return produced;
            }
            // decided again from what is committed now (as a re-run would read it; reading it back right after the
            // commit could still see the previous value while the transaction's markers are being written)
            List<GroupOffsetRestore.Candidate> candidates = GroupOffsetRestore.candidates(manifest,
                    targets(selected(manifest, options), options));
            List<RestoredGroupOffset> decided = groupOffsets(admin, manifest, options, progress, candidates,
                    Futures.get(admin.listTopics().names(), settings.timeout()), true);
            List<RestoredGroupOffset> set = new GroupOffsetRestore(admin, settings.timeout()).apply(decided, GroupOffsetRestore.MAPPED);
            return new Result(plan, produced.restored(), produced.alreadyRestored(), produced.transactions(), produced.complete(), set);
        } catch (IOException e) {
            throw new WardenException(WardenException.NO_INPUT, "cannot read the backup in " + dir.location() + ": " + e.getMessage(), e);
        } catch (Segment.CorruptException e) {
            throw new WardenException(WardenException.DATA, "restore stopped, a segment is damaged: " + e.getMessage()
                    + "; what was restored before it is committed, the rest is not", e);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new WardenException(WardenException.SOFTWARE, "restore interrupted; run it again to continue", e);
        } catch (ExecutionException | KafkaException e) {
            Throwable cause = e instanceof ExecutionException ? e.getCause() : e;
            if (cause instanceof WardenException w) {
                throw w;
            }
            String refused = refusal(cause, progressGroup(unchecked.clusterId(), unchecked.createdAt()));
            throw new WardenException(WardenException.UNAVAILABLE, "restore stopped: "
                    + (refused == null ? Futures.describe(cause) : refused)
                    + "; the open transaction is aborted, what committed stays: run the restore again to continue", cause);
        } finally {
            closeWhenStarted(producer); // only when the restore did not take it
            background.shutdown();
        }
    }

    /**
     * Closes the producer of a run that refused or failed before it took it. It may still be
     * starting: left to finish in the background, it would fence the producer of a run started
     * right after (same transactional.id), so it is waited for, as long as the cluster's timeout.
     */
    private void closeWhenStarted(CompletableFuture<KafkaProducer<byte[], byte[]>> producer) {
        try {
            producer.get(settings.timeout().toMillis(), java.util.concurrent.TimeUnit.MILLISECONDS).close(Duration.ZERO);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            producer.thenAccept(p -> p.close(Duration.ZERO));
        } catch (java.util.concurrent.TimeoutException e) {
            producer.thenAccept(p -> p.close(Duration.ZERO)); // closed once it has started
        } catch (ExecutionException e) {
            // never started
        }
    }

    /**
     * The whole backup checked once, before anything commits: every segment file against the
     * manifest. Segments the restore already read were checked as they were read and are not read
     * again, so a restore that fits one transaction reads its backup once.
     */
    private static final class BackupCheck {
        private final BackupStore dir;
        private final Manifest unchecked;
        private final ReadAhead readAhead;
        private Manifest passed;
        private WardenException refused;

        BackupCheck(BackupStore dir, Manifest unchecked, ReadAhead readAhead) {
            this.dir = dir;
            this.unchecked = unchecked;
            this.readAhead = readAhead;
        }

        /** The checked manifest; refuses a damaged backup, or one whose manifest changed since the restore read it. */
        Manifest manifest() {
            if (refused != null) {
                throw refused;
            }
            if (passed == null) {
                try {
                    Manifest m = checked(BackupVerifier.checkFiles(dir, readAhead::checked), dir);
                    if (!m.equals(unchecked)) {
                        throw new WardenException(WardenException.DATA, dir.named(Manifest.FILE) + " changed while the restore read it; "
                                + "nothing restored: run it again when nothing writes to the backup");
                    }
                    passed = m;
                } catch (WardenException e) {
                    refused = e;
                    throw e;
                }
            }
            return passed;
        }
    }

    /**
     * After a restore met a damaged or unreadable segment before its check passed: nothing was committed (the first commit waits
     * for the check), so if the check refuses the backup, the topics this run created hold only
     * aborted records. They are deleted again unless another producer wrote there meanwhile, and the
     * check's refusal is thrown. Returns when the backup passes (the first error stands).
     */
    private void refuseIfDamaged(Admin admin, BackupCheck check, List<String> created) {
        WardenException refusal;
        try {
            check.manifest(); // at once when it passed before
            return;
        } catch (WardenException e) {
            if (e.exitCode() != WardenException.DATA) {
                return;
            }
            refusal = e;
        }
        if (created.isEmpty()) {
            throw refusal;
        }
        String cleanup;
        try {
            List<TopicPartition> partitions = Futures.get(admin.describeTopics(created).allTopicNames(), settings.timeout()).values()
                    .stream().flatMap(d -> d.partitions().stream().map(p -> new TopicPartition(d.name(), p.partition()))).toList();
            long producers = Futures.get(admin.describeProducers(partitions).all(), settings.timeout()).values().stream()
                    .flatMap(s -> s.activeProducers().stream()).mapToLong(ProducerState::producerId).distinct().count();
            if (producers > 1) {
                cleanup = "; the topics it created stay, another producer wrote there meanwhile: " + created;
            } else {
                Futures.get(admin.deleteTopics(created).all(), settings.timeout());
                awaitGone(admin, created);
                cleanup = "; the topics it created were deleted again: " + created;
            }
        } catch (RuntimeException e) {
            cleanup = "; the topics it created (" + created + ") hold only aborted records, deleting them failed: " + Futures.describe(e);
        }
        throw new WardenException(refusal.exitCode(), refusal.getMessage() + cleanup, refusal);
    }

    private void awaitGone(Admin admin, List<String> topics) {
        TopicReadiness.awaitGone(admin, topics, settings.timeout());
    }

    /**
     * Waits until every partition of the new topics has a leader, so that the first records are not
     * sent into errors and retries (see the first records of {@code produce}, why that matters).
     */
    private void awaitLeaders(Admin admin, List<String> topics) {
        if (!TopicReadiness.awaitLeaders(admin, topics, settings.timeout())) {
            throw new WardenException(WardenException.UNAVAILABLE, "created " + topics + " but not every partition has a leader after "
                    + settings.timeout().toSeconds() + " s; nothing was restored: check the brokers and run the restore again");
        }
    }

    private Map<String, Object> producerProperties(String transactionalId) {
        Map<String, Object> props = new HashMap<>();
        // one batch per partition per turn, several partitions per request, five requests in flight:
        // the broker always has the next request while it appends the last
        props.put("batch.size", TURN_BYTES);
        props.put("linger.ms", 5);
        props.put("buffer.memory", 32L << 20);
        props.put("max.request.size", 4 << 20);
        props.put("max.in.flight.requests.per.connection", 5);
        // a transaction of TRANSACTION_TIME plus draining buffer.memory must finish within it even over a slow link (~1 MB/s)
        props.put("transaction.timeout.ms", 300_000);
        props.putAll(settings.clientProperties());
        props.put("bootstrap.servers", settings.bootstrapServers());
        props.put("enable.idempotence", true);
        props.put("acks", "all");
        props.put("transactional.id", transactionalId);
        props.put("client.id", "warden-restore");
        return props;
    }

    private Result produce(KafkaProducer<byte[], byte[]> producer, ReadAhead readAhead, Manifest manifest, Plan plan, Options options,
                           Map<TopicPartition, OffsetAndMetadata> done /* updated to what this run committed */, Listener listener,
                           BackupCheck check /* nothing commits before the backup passed */)
            throws IOException, Segment.CorruptException, InterruptedException, ExecutionException {
        Map<TopicPartition, long[]> groupOffsets = new HashMap<>();
        if (options.groupOffsets()) {
            GroupOffsetRestore.candidates(manifest, targets(selected(manifest, options), options)).forEach(c ->
                    groupOffsets.merge(c.target(), new long[] {c.sourceOffset()}, (a, b) -> LongStream.concat(
                            LongStream.of(a), LongStream.of(b)).toArray()));
        }
        ConsumerGroupMetadata group = new ConsumerGroupMetadata(plan.progressGroup());
        List<PartitionCursor> cursors = new ArrayList<>();
        for (Manifest.Topic t : selected(manifest, options)) {
            for (Manifest.Partition p : t.partitions()) {
                TopicPartition tp = new TopicPartition(target(t, options), p.partition());
                cursors.add(new PartitionCursor(readAhead, tp, p, done.get(tp), groupOffsets.getOrDefault(tp, new long[0])));
            }
        }
        long restored = 0;
        int transactions = 0;
        Deque<PartitionCursor> waiting = new ArrayDeque<>(cursors);
        List<PartitionCursor> active = new ArrayList<>();
        Set<PartitionCursor> touched = new LinkedHashSet<>();
        // The first batch a producer sends to a partition is taken as its start there. If it fails retriably while
        // the next batch of that partition lands first, it stays out of order until the transaction times out (seen
        // twice in benchmark restores, Kafka 4.3.1). So a partition's first turn sends one record, and its next turns
        // wait until that is acknowledged.
        Map<PartitionCursor, Future<RecordMetadata>> firstRecords = new HashMap<>();
        int waitedTurns = 0;
        long inTransaction = 0;
        long bytes = 0;
        long began = 0;
        int turn = 0;
        while (!active.isEmpty() || !waiting.isEmpty()) {
            // a few partitions at once, as many as the read-ahead's bytes hold with their next segments
            while (!waiting.isEmpty() && active.size() < readAhead.partitionsAtOnce()) {
                PartitionCursor c = waiting.poll();
                c.start();
                active.add(c);
            }
            PartitionCursor c = active.get(turn);
            Future<RecordMetadata> first = firstRecords.get(c);
            boolean priming = first == null;
            long turnLimit = priming ? 1 : first.isDone() ? TURN_BYTES : 0;
            long turnBytes = 0;
            BackupRecord r;
            while (turnBytes < turnLimit && (priming || inTransaction < options.transactionSize()) && (r = c.peek()) != null) {
                if (touched.isEmpty()) {
                    producer.beginTransaction();
                    began = clock.millis();
                }
                touched.add(c);
                Future<RecordMetadata> sent = producer.send(toProducer(c.target, r));
                c.sent(r, sent);
                firstRecords.putIfAbsent(c, sent);
                turnBytes += size(r);
                bytes += size(r);
                inTransaction++;
            }
            waitedTurns = turnLimit == 0 ? waitedTurns + 1 : 0;
            if (c.peek() == null) {
                active.remove(turn);
                firstRecords.remove(c);
            } else {
                turn++;
            }
            if (turn >= active.size()) {
                turn = 0;
            }
            if (waitedTurns > 0 && waitedTurns >= active.size()) {
                producer.flush(); // every partition waits for its first record
                waitedTurns = 0;
            }
            if (!touched.isEmpty() && (inTransaction >= options.transactionSize() || active.isEmpty() && waiting.isEmpty()
                    || bytes >= TRANSACTION_BYTES && !shortTail(plan.records() - skipped(cursors) - restored - inTransaction, inTransaction)
                    || clock.millis() - began >= TRANSACTION_TIME.toMillis())) {
                check.manifest();
                commit(producer, touched, group);
                transactions++;
                restored += inTransaction;
                inTransaction = 0;
                bytes = 0;
                listener.restored(restored + skipped(cursors), plan.records());
                if (restored >= options.maxRecords()) {
                    break;
                }
            }
        }
        cursors.forEach(c -> {
            if (c.committedProgress() != null) {
                done.put(c.target, c.committedProgress());
            }
        });
        return new Result(plan, restored, skipped(cursors), transactions, active.isEmpty() && waiting.isEmpty(), List.of());
    }

    /**
     * Whether what is left to send is at most a quarter of this transaction: it rides along, as a
     * commit of its own would stall the pipeline once more for a few records.
     */
    static boolean shortTail(long unsent, long inTransaction) {
        return unsent * 4 <= inTransaction;
    }

    private static long size(BackupRecord r) {
        return (r.key() == null ? 0 : r.key().length) + (r.value() == null ? 0 : r.value().length) + 16;
    }

    private static long skipped(List<PartitionCursor> cursors) {
        return cursors.stream().mapToLong(PartitionCursor::skipped).sum();
    }

    /** Commits the records with the progress of every partition they touched, so both count or neither does. */
    private static void commit(KafkaProducer<byte[], byte[]> producer, Set<PartitionCursor> touched, ConsumerGroupMetadata group)
            throws InterruptedException, ExecutionException {
        Map<TopicPartition, OffsetAndMetadata> progress = new HashMap<>();
        for (PartitionCursor c : touched) {
            progress.put(c.target, c.progress());
        }
        producer.sendOffsetsToTransaction(progress, group);
        producer.commitTransaction();
        touched.forEach(PartitionCursor::committed);
        touched.clear();
    }

    private static ProducerRecord<byte[], byte[]> toProducer(TopicPartition tp, BackupRecord r) {
        RecordHeaders headers = new RecordHeaders();
        r.headers().forEach(h -> headers.add(new RecordHeader(h.key(), h.value())));
        return new ProducerRecord<>(tp.topic(), tp.partition(), r.timestamp() < 0 ? null : r.timestamp(), r.key(), r.value(), headers);
    }
}
