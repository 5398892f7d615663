package io.warden.protect;

import io.warden.AtomicFiles;
import io.warden.WardenException;
import io.warden.kafka.ConnectionSettings;
import io.warden.kafka.Futures;
import io.warden.kafka.KafkaConnection;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Clock;
import java.time.Duration;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import java.util.concurrent.atomic.AtomicLong;
import java.util.regex.Pattern;
import java.util.stream.Stream;
import org.apache.kafka.clients.admin.Admin;
import org.apache.kafka.clients.admin.ConfigEntry;
import org.apache.kafka.clients.admin.ListOffsetsOptions;
import org.apache.kafka.clients.admin.OffsetSpec;
import org.apache.kafka.clients.admin.TopicDescription;
import org.apache.kafka.clients.consumer.ConsumerRecord;
import org.apache.kafka.clients.consumer.KafkaConsumer;
import org.apache.kafka.common.IsolationLevel;
import org.apache.kafka.common.TopicPartition;
import org.apache.kafka.common.config.ConfigResource;
import org.apache.kafka.common.header.Header;
import org.apache.kafka.common.serialization.ByteArrayDeserializer;

/**
 * Copies topics into a backup directory. The cut is taken once: the last stable offset of every
 * selected partition when the backup starts, kept in {@code cut.json}. Partitions are read in
 * parallel by consumers without a group (assign and seek), read_committed, so aborted
 * transactions and control records are not copied and their offsets show as gaps. Each segment
 * file is complete once renamed; a re-run continues after the last one, and {@code manifest.json}
 * is written only when every partition reached the cut.
 */
public final class BackupService {

    /**
     * @param parallelism    partitions read at once
     * @param segmentRecords records per segment file
     * @param maxRecords     stop this run after about this many records (whole segments); run again to continue
     */
    public record Options(Pattern topics, Path dir, int parallelism, int segmentRecords, long maxRecords) {
    }

    /** Told after each segment file; called from several threads. */
    public interface Listener {
        void segmentWritten(long records, long bytes);
    }

    /** What a run did; {@code complete} when the manifest was written. */
    public record Result(Path dir, String clusterId, int topics, int partitions, long recordsThisRun, long bytesThisRun,
                         int segmentsThisRun, long recordsInBackup, boolean resumed, boolean complete) {
    }

    private final ConnectionSettings settings;
    private final Clock clock;

    public BackupService(ConnectionSettings settings, Clock clock) {
        this.settings = settings;
        this.clock = clock;
    }

    public Result create(Options options, Listener listener) {
        Path dir = options.dir();
        Path cutFile = dir.resolve(Manifest.CUT_FILE);
        try {
            if (Files.isRegularFile(dir.resolve(Manifest.FILE))) {
                Manifest done = Manifest.read(dir.resolve(Manifest.FILE));
                return new Result(dir, done.clusterId(), done.topics().size(), partitions(done), 0, 0, 0, done.records(), true, true);
            }
            boolean resumed = Files.isRegularFile(cutFile);
            Manifest cut;
            if (resumed) {
                cut = Manifest.readCut(cutFile);
                List<String> others = cut.topics().stream().map(Manifest.Topic::name)
                        .filter(n -> !options.topics().matcher(n).matches()).toList();
                if (!others.isEmpty()) {
                    throw new WardenException(WardenException.USAGE, dir + " holds an unfinished backup that includes " + others
                            + ", which --topics '" + options.topics() + "' does not match: pass the --topics it was started with, "
                            + "or another --to for a new backup");
                }
            } else {
                try (KafkaConnection connection = KafkaConnection.open(settings)) {
                    cut = takeCut(connection, options.topics());
                }
                cut.write(cutFile);
            }
            AtomicLong budget = new AtomicLong(options.maxRecords());
            Counters counters = new Counters();
            ExecutorService pool = Executors.newFixedThreadPool(Math.max(1, options.parallelism()));
            Map<String, List<Future<Manifest.Partition>>> futures = new TreeMap<>();
            try {
                for (Manifest.Topic t : cut.topics()) {
                    for (Manifest.Partition p : t.partitions()) {
                        futures.computeIfAbsent(t.name(), k -> new ArrayList<>()).add(pool.submit(() ->
                                new PartitionCopy(settings, dir, t.name(), p, options.segmentRecords(), budget, counters, listener).run()));
                    }
                }
                List<Manifest.Topic> topics = new ArrayList<>();
                boolean complete = true;
                for (Manifest.Topic t : cut.topics()) {
                    List<Manifest.Partition> parts = new ArrayList<>();
                    for (Future<Manifest.Partition> f : futures.getOrDefault(t.name(), List.of())) {
                        Manifest.Partition p = f.get();
                        complete &= p != null;
                        parts.add(p);
                    }
                    topics.add(new Manifest.Topic(t.name(), t.partitionCount(), t.configs(), parts));
                }
                long inBackup = complete ? topics.stream().flatMap(t -> t.partitions().stream()).mapToLong(Manifest.Partition::records).sum() : 0;
                if (complete) {
                    cut.withTopics(topics).write(dir.resolve(Manifest.FILE));
                }
                return new Result(dir, cut.clusterId(), cut.topics().size(), partitions(cut), counters.records.get(),
                        counters.bytes.get(), (int) counters.segments.get(), inBackup, resumed, complete);
            } finally {
                pool.shutdownNow();
            }
        } catch (IOException e) {
            throw new WardenException(WardenException.CANT_CREATE, "cannot write the backup in " + dir + ": " + e.getMessage(), e);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new WardenException(WardenException.SOFTWARE, "backup interrupted; run it again to continue", e);
        } catch (ExecutionException e) {
            Throwable cause = e.getCause();
            if (cause instanceof WardenException w) {
                throw w;
            }
            throw new WardenException(WardenException.SOFTWARE, "backup failed: " + cause + "; run it again to continue", cause);
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
            throw new WardenException(WardenException.USAGE, "no topic matches --topics '" + pattern + "'");
        }
        Map<String, TopicDescription> described = Futures.get(admin.describeTopics(names).allTopicNames(), timeout);
        List<ConfigResource> resources = names.stream().map(n -> new ConfigResource(ConfigResource.Type.TOPIC, n)).toList();
        var configs = Futures.get(admin.describeConfigs(resources).all(), timeout);
        Map<TopicPartition, OffsetSpec> earliest = new HashMap<>();
        Map<TopicPartition, OffsetSpec> latest = new HashMap<>();
        described.values().forEach(d -> d.partitions().forEach(p -> {
            earliest.put(new TopicPartition(d.name(), p.partition()), OffsetSpec.earliest());
            latest.put(new TopicPartition(d.name(), p.partition()), OffsetSpec.latest());
        }));
        var groups = CutGroupOffsets.read(admin, names, timeout); // before the end offsets: a committed offset is then within the cut
        var starts = Futures.get(admin.listOffsets(earliest).all(), timeout);
        var ends = Futures.get(admin.listOffsets(latest, new ListOffsetsOptions(IsolationLevel.READ_COMMITTED)).all(), timeout);
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
            topics.add(new Manifest.Topic(name, count, nonDefault, parts));
        }
        return new Manifest(Manifest.FORMAT_VERSION, clock.instant().toString(), connection.clusterId(), topics, groups);
    }

    private static final class Counters {
        final AtomicLong records = new AtomicLong();
        final AtomicLong bytes = new AtomicLong();
        final AtomicLong segments = new AtomicLong();
    }

    /** Copies one partition from after its last complete segment up to the cut. */
    private record PartitionCopy(ConnectionSettings settings, Path dir, String topic, Manifest.Partition cut, int segmentRecords,
                                 AtomicLong budget, Counters counters, Listener listener) {

        /** The partition with all its segments, or null when the budget ran out first. */
        Manifest.Partition run() throws IOException {
            Path pdir = dir.resolve(topic).resolve(Integer.toString(cut.partition()));
            Files.createDirectories(pdir);
            List<Manifest.SegmentFile> segments = existing(pdir);
            long next = segments.isEmpty() ? cut.startOffset() : segments.get(segments.size() - 1).lastOffset() + 1;
            if (next < cut.endOffset()) {
                if (budget.get() <= 0) {
                    return null;
                }
                if (!copy(pdir, next, segments)) {
                    return null;
                }
            }
            long records = segments.stream().mapToLong(Manifest.SegmentFile::records).sum();
            return new Manifest.Partition(cut.partition(), cut.startOffset(), cut.endOffset(), records, segments);
        }

        private List<Manifest.SegmentFile> existing(Path pdir) throws IOException {
            List<Manifest.SegmentFile> out = new ArrayList<>();
            try (Stream<Path> files = Files.list(pdir)) {
                for (Path f : files.sorted().toList()) {
                    String name = f.getFileName().toString();
                    if (name.endsWith(AtomicFiles.TEMP_SUFFIX)) {
                        Files.delete(f); // an interrupted write, never renamed
                    } else if (name.endsWith(Segment.SUFFIX)) {
                        Segment.Info info;
                        try {
                            info = Segment.readInfo(f);
                        } catch (Segment.CorruptException e) {
                            throw new WardenException(WardenException.DATA, e.getMessage() + "; delete it to copy it again");
                        }
                        out.add(new Manifest.SegmentFile(relative(f), info.firstOffset(), info.lastOffset(), info.records(),
                                Files.size(f), Segment.fileCrc32c(f)));
                    }
                }
            }
            return out;
        }

        private String relative(Path f) {
            return dir.relativize(f).toString().replace('\\', '/');
        }

        private boolean copy(Path pdir, long from, List<Manifest.SegmentFile> segments) throws IOException {
            Map<String, Object> props = new HashMap<>(settings.consumerProperties());
            props.put("isolation.level", "read_committed");
            props.put("auto.offset.reset", "earliest"); // records deleted since the cut: continue at the new log start
            props.put("client.id", "warden-backup-" + topic + "-" + cut.partition());
            TopicPartition tp = new TopicPartition(topic, cut.partition());
            long idleLimitMs = Math.max(30_000, settings.timeout().toMillis() * 3);
            try (KafkaConsumer<byte[], byte[]> consumer = new KafkaConsumer<>(props, new ByteArrayDeserializer(), new ByteArrayDeserializer())) {
                consumer.assign(List.of(tp));
                consumer.seek(tp, from);
                List<BackupRecord> buffer = new ArrayList<>();
                long idleMs = 0;
                while (consumer.position(tp) < cut.endOffset()) {
                    var polled = consumer.poll(Duration.ofMillis(200));
                    idleMs = polled.isEmpty() ? idleMs + 200 : 0;
                    if (idleMs > idleLimitMs) {
                        throw new WardenException(WardenException.UNAVAILABLE, "no records from " + tp + " at offset "
                                + consumer.position(tp) + " for " + idleLimitMs / 1000 + " s; run the backup again to continue");
                    }
                    for (ConsumerRecord<byte[], byte[]> r : polled.records(tp)) {
                        if (r.offset() >= cut.endOffset()) {
                            break;
                        }
                        buffer.add(toBackup(r));
                        if (buffer.size() >= segmentRecords) {
                            segments.add(flush(pdir, buffer));
                            if (budget.get() <= 0) {
                                return false;
                            }
                        }
                    }
                }
                if (!buffer.isEmpty()) {
                    segments.add(flush(pdir, buffer));
                }
                return true;
            }
        }

        private Manifest.SegmentFile flush(Path pdir, List<BackupRecord> buffer) throws IOException {
            Path file = pdir.resolve(Segment.fileName(buffer.get(0).offset()));
            Segment.Written w = Segment.write(file, buffer);
            int n = buffer.size();
            buffer.clear();
            budget.addAndGet(-n);
            counters.records.addAndGet(n);
            counters.bytes.addAndGet(w.bytes());
            counters.segments.incrementAndGet();
            listener.segmentWritten(n, w.bytes());
            return new Manifest.SegmentFile(relative(file), w.info().firstOffset(), w.info().lastOffset(), n, w.bytes(), w.fileCrc32c());
        }

        private static BackupRecord toBackup(ConsumerRecord<byte[], byte[]> r) {
            List<BackupRecord.Header> headers = new ArrayList<>();
            for (Header h : r.headers()) {
                headers.add(new BackupRecord.Header(h.key(), h.value()));
            }
            return new BackupRecord(r.offset(), r.timestamp(), (byte) r.timestampType().id, r.key(), r.value(), headers);
        }
    }
}
