package io.warden.protect;

import io.warden.WardenException;
import io.warden.kafka.ConnectionSettings;
import io.warden.kafka.Futures;
import io.warden.kafka.KafkaConnection;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Path;
import java.time.Clock;
import java.time.Duration;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import java.util.concurrent.Semaphore;
import java.util.concurrent.atomic.AtomicLong;
import java.util.regex.Pattern;
import org.apache.kafka.clients.admin.Admin;
import org.apache.kafka.clients.admin.ConfigEntry;
import org.apache.kafka.clients.admin.ListOffsetsOptions;
import org.apache.kafka.clients.admin.OffsetSpec;
import org.apache.kafka.clients.admin.TopicDescription;
import org.apache.kafka.common.IsolationLevel;
import org.apache.kafka.common.TopicPartition;
import org.apache.kafka.common.config.ConfigResource;
import org.apache.kafka.common.errors.UnknownTopicOrPartitionException;

/**
 * Copies topics into a backup directory. The cut is taken once: the last stable offset of every
 * selected partition when the backup starts, kept in {@code cut.json}. Partitions are read by
 * consumers without a group (assign and seek), read_committed, so aborted
 * transactions and control records are not copied and their offsets show as gaps. Each segment
 * file is complete once renamed; a re-run continues after the last one, and {@code manifest.json}
 * is written only when every partition reached the cut.
 */
public final class BackupService {

    /** Uncompressed frame bytes per segment file by default: large enough for fast sequential writes, small enough to restore in memory. */
    public static final int SEGMENT_BYTES = 8 << 20;

    /**
     * @param parallelism    consumers, each reading a share of the partitions
     * @param segmentRecords records per segment file at most
     * @param maxRecords     stop this run after about this many records (whole segments); run again to continue
     * @param segmentBytes   uncompressed frame bytes per segment file at most
     * @param bounds         the base of an incremental backup, the time range; {@link CutBounds#NONE} for everything
     * @param codec          how new segments are compressed (a resumed backup may hold segments of another)
     */
    public record Options(Pattern topics, BackupStore to, int parallelism, int segmentRecords, long maxRecords, int segmentBytes,
                          CutBounds bounds, Segment.Codec codec) {

        public Options(Pattern topics, Path dir, int parallelism, int segmentRecords, long maxRecords, int segmentBytes,
                       CutBounds bounds, Segment.Codec codec) {
            this(topics, new BackupDirectory(dir), parallelism, segmentRecords, maxRecords, segmentBytes, bounds, codec);
        }
    }

    /** Told after each segment file; called from several threads. */
    public interface Listener {
        /**
         * Before a consumer copies its share of the partitions (once per consumer): the offsets between the cut's
         * start and end that no earlier run copied, an upper bound of its records.
         */
        default void started(long offsetsToCopy) {
        }

        void segmentWritten(long records, long bytes);
    }

    /**
     * What a run did; {@code complete} when the manifest was written; warnings such as offsets lost
     * since the base or during the backup; {@code offsetsLost} every range of offsets the backup lacks
     * because the source deleted them first (of this run and earlier ones).
     */
    public record Result(String dir, String clusterId, int topics, int partitions, long recordsThisRun, long bytesThisRun,
                         int segmentsThisRun, long recordsInBackup, boolean resumed, boolean complete, List<String> warnings,
                         List<Lost> offsetsLost) {
    }

    /** Offsets {@code from} to {@code to} of a partition, which the source deleted before a backup read them. */
    public record Lost(String topic, int partition, long from, long to, long offsets) {
    }

    private final ConnectionSettings settings;
    private final Clock clock;

    public BackupService(ConnectionSettings settings, Clock clock) {
        this.settings = settings;
        this.clock = clock;
    }

    public Result create(Options options, Listener listener) {
        BackupStore store = options.to();
        String dir = store.location();
        try {
            // what needs no cluster is checked before connecting: a wrong --to is not reported as an unreachable cluster
            store.checkWritable();
            Manifest done = store.size(Manifest.FILE).isPresent() ? Manifest.read(store) : null;
            boolean resumed = done != null || store.size(Manifest.CUT_FILE).isPresent();
            Manifest started = done == null && resumed ? Manifest.readCut(store) : null;
            if (started != null) {
                options.bounds().checkResume(dir, started);
                List<String> others = started.topics().stream().map(Manifest.Topic::name)
                        .filter(n -> !options.topics().matcher(n).matches()).toList();
                if (!others.isEmpty()) {
                    throw new WardenException(WardenException.USAGE, dir + " holds an unfinished backup that includes " + others
                            + ", which --topics '" + options.topics() + "' does not match: pass the --topics it was started with, "
                            + "or another --to for a new backup");
                }
            }
            Manifest base = resumed ? null : options.bounds().base();
            Manifest cut;
            List<String> warnings = new ArrayList<>();
            try (KafkaConnection connection = KafkaConnection.open(settings)) {
                if (done != null) {
                    sameCluster(connection, done, dir);
                    return new Result(dir, done.clusterId(), done.topics().size(), partitions(done), 0, 0, 0, done.records(), true, true,
                            List.of(), LostOffsets.in(done));
                }
                if (started != null) {
                    sameCluster(connection, started, dir);
                    sameTopics(connection.admin(), started, dir);
                    cut = started;
                } else {
                    cut = takeCut(connection, options.topics());
                    cut = options.bounds().apply(connection.admin(), cut, base, settings.timeout(), warnings);
                    // listing groups returns only those the principal may DESCRIBE: the others' offsets are not in the cut
                    connection.seesOnlySome(org.apache.kafka.common.resource.ResourceType.GROUP)
                            .ifPresent(acl -> warnings.add("the backup holds the committed offsets of only the consumer groups "
                                    + connection.access().principal() + " may DESCRIBE; to include every group: " + acl));
                }
            }
            CompletableFuture<Void> cutWritten = CompletableFuture.completedFuture(null);
            if (started == null) {
                // written while the consumers start; a segment is written only after it (see PartitionCopier)
                Manifest taken = cut;
                cutWritten = CompletableFuture.runAsync(() -> {
                    try {
                        taken.write(store, Manifest.CUT_FILE);
                    } catch (IOException e) {
                        throw new UncheckedIOException(e);
                    }
                });
            }
            LostOffsets lost = new LostOffsets(store, cut, cutWritten, warnings);
            AtomicLong budget = new AtomicLong(options.maxRecords());
            Counters counters = new Counters();
            int consumers = Math.max(1, options.parallelism());
            List<List<PartitionCopier.Work>> shares = new ArrayList<>();
            for (int i = 0; i < consumers; i++) {
                shares.add(new ArrayList<>());
            }
            int i = 0;
            for (Manifest.Topic t : cut.topics()) {
                for (Manifest.Partition p : t.partitions()) {
                    shares.get(i++ % consumers).add(new PartitionCopier.Work(t.name(), p));
                }
            }
            // more writers than cores: a segment write around the page cache waits for the disk, and meanwhile another
            // writer compresses (2 writers on 2 cores, after a 1 GiB produce left the disk busy: 4.2-5.4 s; 4: 3.6-4.4 s)
            int writerThreads = Math.min(8, Math.max(4, Runtime.getRuntime().availableProcessors()));
            ExecutorService writers = PartitionCopier.writers(writerThreads, options.codec());
            ExecutorService readers = Executors.newFixedThreadPool(consumers);
            try {
                PartitionCopier copier = new PartitionCopier(settings, store, options.segmentRecords(), options.segmentBytes(), consumers, writers,
                        new Semaphore(2 * writerThreads), budget, counters, listener, cutWritten, lost);
                List<Future<Map<PartitionCopier.Work, Manifest.Partition>>> futures = new ArrayList<>();
                for (List<PartitionCopier.Work> share : shares) {
                    futures.add(readers.submit(() -> copier.run(share)));
                }
                Map<String, Map<Integer, Manifest.Partition>> copied = new HashMap<>();
                for (var f : futures) {
                    f.get().forEach((w, p) -> copied.computeIfAbsent(w.topic(), k -> new HashMap<>()).put(w.cut().partition(), p));
                }
                cutWritten.get();
                Manifest withLost = lost.cut(); // the cut with the ranges found while copying
                List<Manifest.Topic> topics = new ArrayList<>();
                boolean complete = true;
                for (Manifest.Topic t : withLost.topics()) {
                    List<Manifest.Partition> parts = new ArrayList<>();
                    for (Manifest.Partition c : t.partitions()) {
                        Manifest.Partition p = copied.get(t.name()).get(c.partition());
                        complete &= p != null;
                        parts.add(p == null ? null : c.withSegments(p.records(), p.segments()));
                    }
                    topics.add(t.withPartitions(parts));
                }
                long inBackup = complete ? topics.stream().flatMap(t -> t.partitions().stream()).mapToLong(Manifest.Partition::records).sum() : 0;
                if (complete) {
                    withLost.withTopics(topics).write(store, Manifest.FILE); // last: a manifest says every segment is there
                }
                return new Result(dir, cut.clusterId(), cut.topics().size(), partitions(cut), counters.records.get(),
                        counters.bytes.get(), (int) counters.segments.get(), inBackup, resumed, complete, warnings, lost.all());
            } finally {
                readers.shutdownNow();
                writers.shutdownNow();
            }
        } catch (IOException e) {
            throw new WardenException(WardenException.CANT_CREATE, "cannot write the backup in " + dir + ": " + e.getMessage(), e);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new WardenException(WardenException.SOFTWARE, "backup interrupted; run it again to continue", e);
        } catch (ExecutionException e) {
            Throwable cause = e.getCause();
            while ((cause instanceof java.util.concurrent.CompletionException || cause instanceof java.io.UncheckedIOException)
                    && cause.getCause() != null) {
                cause = cause.getCause();
            }
            if (cause instanceof IOException io) {
                throw new WardenException(WardenException.CANT_CREATE, "cannot write the backup in " + dir + ": " + io.getMessage(), io);
            }
            if (cause instanceof WardenException w) {
                throw w;
            }
            throw new WardenException(WardenException.SOFTWARE, "backup failed: " + cause + "; run it again to continue", cause);
        }
    }

    /** A backup continues only with the cluster it was started on: another's records would pass every checksum. */
    private static void sameCluster(KafkaConnection connection, Manifest cut, String dir) {
        if (!cut.clusterId().equals(connection.clusterId())) {
            throw new WardenException(WardenException.USAGE, dir + " holds a backup of cluster " + cut.clusterId() + ", but "
                    + connection.settings().bootstrapServers() + " is cluster " + connection.clusterId() + ": continuing would mix the"
                    + " two clusters' records; name the cluster it was started on, or another --to for a new backup");
        }
    }

    /**
     * A topic deleted and created again since the cut has other records at the same offsets: the
     * cut's topic ids must still be the topics' ids (cuts made before Warden kept them are not checked).
     */
    private void sameTopics(Admin admin, Manifest cut, String dir) {
        var described = admin.describeTopics(cut.topics().stream().map(Manifest.Topic::name).toList()).topicNameValues();
        for (Manifest.Topic t : cut.topics()) {
            String now;
            try {
                now = Futures.get(described.get(t.name()), settings.timeout()).topicId().toString();
            } catch (UnknownTopicOrPartitionException e) {
                throw new WardenException(WardenException.USAGE, dir + " holds an unfinished backup of topic " + t.name()
                        + ", which no longer exists: it cannot be finished; take a new backup with another --to");
            }
            if (t.topicId() != null && !t.topicId().equals(now)) {
                throw new WardenException(WardenException.USAGE, dir + " holds an unfinished backup of topic " + t.name() + " with id "
                        + t.topicId() + ", but " + t.name() + " now has id " + now + ": it was deleted and created again since the cut,"
                        + " so its offsets hold other records; take a new backup with another --to");
            }
        }
    }

    private static int partitions(Manifest m) {
        return m.topics().stream().mapToInt(t -> t.partitions().size()).sum();
    }

    private Manifest takeCut(KafkaConnection connection, Pattern pattern) {
        Admin admin = connection.admin();
        Duration timeout = settings.timeout();
        List<String> names = Futures.get(admin.listTopics().names(), timeout).stream()
                .filter(n -> pattern.matcher(n).matches()).sorted().toList();
        if (names.isEmpty()) {
            throw new WardenException(WardenException.USAGE, "no topic matches --topics '" + pattern + "'"
                    + connection.hiddenByAcls(org.apache.kafka.common.resource.ResourceType.TOPIC).map(note -> " (" + note + ")").orElse(""));
        }
        // the requests that do not depend on each other are in flight together: each round trip delays the first fetch
        var describing = admin.describeTopics(names).allTopicNames();
        List<ConfigResource> resources = names.stream().map(n -> new ConfigResource(ConfigResource.Type.TOPIC, n)).toList();
        var configuring = admin.describeConfigs(resources).all();
        var groups = CutGroupOffsets.read(admin, names, timeout); // before the end offsets: a committed offset is then within the cut
        Map<String, TopicDescription> described = Futures.get(describing, timeout);
        Map<TopicPartition, OffsetSpec> earliest = new HashMap<>();
        Map<TopicPartition, OffsetSpec> latest = new HashMap<>();
        described.values().forEach(d -> d.partitions().forEach(p -> {
            earliest.put(new TopicPartition(d.name(), p.partition()), OffsetSpec.earliest());
            latest.put(new TopicPartition(d.name(), p.partition()), OffsetSpec.latest());
        }));
        var starting = admin.listOffsets(earliest).all();
        var ends = Futures.get(admin.listOffsets(latest, new ListOffsetsOptions(IsolationLevel.READ_COMMITTED)).all(), timeout);
        var starts = Futures.get(starting, timeout);
        var configs = Futures.get(configuring, timeout);
        List<Manifest.Topic> topics = new ArrayList<>();
        for (String name : names) {
            Map<String, String> nonDefault = new TreeMap<>();
            configs.get(new ConfigResource(ConfigResource.Type.TOPIC, name)).entries().stream()
                    .filter(e -> e.source() == ConfigEntry.ConfigSource.DYNAMIC_TOPIC_CONFIG && e.value() != null)
                    .forEach(e -> nonDefault.put(e.name(), e.value()));
            int count = described.get(name).partitions().size();
            List<Manifest.Partition> parts = new ArrayList<>();
            for (int p = 0; p < count; p++) {
                TopicPartition tp = new TopicPartition(name, p);
                parts.add(new Manifest.Partition(p, starts.get(tp).offset(), ends.get(tp).offset(), 0, List.of()));
            }
            topics.add(new Manifest.Topic(name, count, nonDefault, parts, described.get(name).topicId().toString()));
        }
        return new Manifest(Manifest.FORMAT_VERSION, clock.instant().toString(), connection.clusterId(), topics, groups);
    }

    static final class Counters {
        final AtomicLong records = new AtomicLong();
        final AtomicLong bytes = new AtomicLong();
        final AtomicLong segments = new AtomicLong();
    }
}
