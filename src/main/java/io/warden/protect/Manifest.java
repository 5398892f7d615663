package io.warden.protect;

import io.warden.AtomicFiles;
import com.fasterxml.jackson.annotation.JsonInclude;
import com.fasterxml.jackson.core.JsonLocation;
import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.databind.DeserializationFeature;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.SerializationFeature;
import io.warden.WardenException;
import io.warden.protect.metadata.PartitionOffset;
import java.io.IOException;
import java.nio.ByteBuffer;
import java.nio.file.Path;
import java.util.List;
import java.util.Map;

/**
 * {@code manifest.json} of a backup: what was cut, from which cluster, and per partition the
 * offsets covered and the segment files with their checksums. The same shape without segments
 * is {@code cut.json}, written first, so a resumed backup keeps the original cut. An incremental
 * backup names its {@code base}; a backup limited in time keeps its {@code from} and {@code until}.
 * Both files are read as untrusted input: {@link ManifestCheck} refuses one that is not consistent.
 *
 * @param groups per consumer group, its committed offsets on the backed-up topics at the cut (source
 *               offsets; a restore maps them to the restored records). Empty in backups made before
 *               Warden captured them.
 */
@JsonInclude(JsonInclude.Include.NON_NULL)
public record Manifest(int formatVersion, String createdAt, String clusterId, List<Topic> topics, Base base, String from,
                       String until, Map<String, List<PartitionOffset>> groups) {

    public static final int FORMAT_VERSION = 1;
    static final String FILE = "manifest.json";
    static final String CUT_FILE = "cut.json";

    /** Made on first use, not when a cut is taken: a backup's consumers start while it is written. */
    private static final class Json {
        static final ObjectMapper MAPPER = new ObjectMapper().enable(SerializationFeature.INDENT_OUTPUT)
                .disable(DeserializationFeature.FAIL_ON_UNKNOWN_PROPERTIES);
    }

    public Manifest {
        groups = groups == null ? Map.of() : groups;
    }

    /** A full backup of all time, as every backup was before incremental and time-limited ones. */
    public Manifest(int formatVersion, String createdAt, String clusterId, List<Topic> topics, Map<String, List<PartitionOffset>> groups) {
        this(formatVersion, createdAt, clusterId, topics, null, null, null, groups);
    }

    public Manifest(int formatVersion, String createdAt, String clusterId, List<Topic> topics) {
        this(formatVersion, createdAt, clusterId, topics, Map.of());
    }

    /** The same cut with these topics (their segments filled in). */
    Manifest withTopics(List<Topic> topics) {
        return new Manifest(formatVersion, createdAt, clusterId, topics, base, from, until, groups);
    }

    /**
     * The backup an incremental one continues: the directory as given to {@code --incremental-from},
     * its absolute form (which names the base's restore progress group), its cut time and cluster.
     */
    public record Base(String dir, String path, String createdAt, String clusterId) {
    }

    /**
     * A topic: its non-default configs and partitions. {@code topicId} is the source topic's id at
     * the cut (null in backups made before Warden kept it): a topic deleted and created again has
     * another, so a resumed backup can tell it from the one it started copying.
     */
    @JsonInclude(JsonInclude.Include.NON_NULL)
    public record Topic(String name, int partitionCount, Map<String, String> configs, List<Partition> partitions, String topicId) {

        public Topic(String name, int partitionCount, Map<String, String> configs, List<Partition> partitions) {
            this(name, partitionCount, configs, partitions, null);
        }

        Topic withPartitions(List<Partition> partitions) {
            return new Topic(name, partitionCount, configs, partitions, topicId);
        }
    }

    /**
     * A partition: {@code startOffset} (log start, the base's end for an incremental backup, or the
     * offset of {@code from}) to {@code endOffset} (exclusive, the cut: the last stable offset when the
     * backup started, or the offset of {@code until}); records between them that a read_committed
     * reader sees. {@code offsetsLost}: offsets the source deleted (retention) before this backup
     * could copy them, after the base's end or while this backup ran; {@code lost} says which
     * (absent in backups made before Warden kept the ranges).
     */
    public record Partition(int partition, long startOffset, long endOffset, long records, List<SegmentFile> segments,
                            @JsonInclude(JsonInclude.Include.NON_DEFAULT) long offsetsLost,
                            @JsonInclude(JsonInclude.Include.NON_EMPTY) List<OffsetRange> lost) {

        public Partition(int partition, long startOffset, long endOffset, long records, List<SegmentFile> segments) {
            this(partition, startOffset, endOffset, records, segments, 0, List.of());
        }

        public Partition {
            lost = lost == null ? List.of() : lost;
        }

        Partition withSegments(long records, List<SegmentFile> segments) {
            return new Partition(partition, startOffset, endOffset, records, segments, offsetsLost, lost);
        }

        /** With these ranges lost, counted in {@code offsetsLost}. */
        Partition withLost(List<OffsetRange> lost) {
            return new Partition(partition, startOffset, endOffset, records, segments,
                    lost.stream().mapToLong(OffsetRange::offsets).sum(), List.copyOf(lost));
        }
    }

    /** Offsets {@code from} to {@code to}, both included. */
    public record OffsetRange(long from, long to) {
        long offsets() {
            return to - from + 1;
        }
    }

    /**
     * A segment file, relative to the backup directory, with the CRC32C of the whole file (hex), and
     * the lowest and highest record timestamp in it (null in backups made before Warden kept them).
     */
    @JsonInclude(JsonInclude.Include.NON_NULL)
    public record SegmentFile(String file, long firstOffset, long lastOffset, int records, long bytes, String crc32c,
                              Long minTimestamp, Long maxTimestamp) {

        public SegmentFile(String file, long firstOffset, long lastOffset, int records, long bytes, String crc32c) {
            this(file, firstOffset, lastOffset, records, bytes, crc32c, null, null);
        }
    }

    long records() {
        return topics.stream().flatMap(t -> t.partitions().stream()).mapToLong(Partition::records).sum();
    }

    void write(Path file) throws IOException {
        AtomicFiles.write(file, Json.MAPPER.writeValueAsBytes(this));
    }

    void write(BackupStore store, String name) throws IOException {
        byte[] json = Json.MAPPER.writeValueAsBytes(this);
        store.write(name, json, json.length);
    }

    /** An unfinished backup's cut, checked as the manifest is, but for its segments (it has none). */
    static Manifest readCut(BackupStore store) {
        return parse(store, CUT_FILE, true);
    }

    static Manifest readCut(Path file) {
        return parse(new BackupDirectory(file.toAbsolutePath().getParent()), file.getFileName().toString(), true);
    }

    /** The manifest of the backup in that directory (the file's parent). */
    static Manifest read(Path file) {
        return read(new BackupDirectory(file.toAbsolutePath().getParent()));
    }

    static Manifest read(BackupStore store) {
        boolean unfinished;
        try {
            if (store.size(FILE).isPresent()) {
                return parse(store, FILE, false);
            }
            unfinished = store.size(CUT_FILE).isPresent();
        } catch (IOException e) {
            throw new WardenException(WardenException.NO_INPUT, store.named(FILE) + ": cannot be read ("
                    + oneLine(String.valueOf(e.getMessage())) + ")", e);
        }
        throw new WardenException(WardenException.NO_INPUT, store.location() + " holds no " + FILE + ": " + (unfinished
                ? "the backup is not complete, run 'warden backup create' again with the same --to to finish it"
                : "not a Warden backup; name the directory or s3:// prefix 'warden backup create --to' wrote"));
    }

    private static Manifest parse(BackupStore store, String name, boolean cut) {
        String file = store.named(name);
        Manifest m;
        try {
            long size = store.size(name).orElseThrow(() -> new WardenException(WardenException.NO_INPUT, file + " does not exist"));
            if (size > Runtime.getRuntime().maxMemory() / 4) {
                throw new WardenException(WardenException.DATA, file + ": " + size + " bytes, more than a quarter of this JVM's heap"
                        + " for a " + (cut ? "cut" : "manifest") + ": not one Warden wrote, or check it with a larger -Xmx");
            }
            ByteBuffer json = store.read(name, null);
            m = Json.MAPPER.readValue(json.array(), 0, json.limit(), Manifest.class);
        } catch (JsonProcessingException e) {
            JsonLocation at = e.getLocation();
            throw new WardenException(WardenException.DATA, file + (at == null ? "" : ": line " + at.getLineNr() + ", column "
                    + at.getColumnNr()) + ": not a readable " + (cut ? "cut" : "manifest") + " (" + oneLine(e.getOriginalMessage())
                    + "); the backup is damaged: use an intact copy" + (cut ? ", or another --to for a new backup" : ""), e);
        } catch (IOException e) {
            throw new WardenException(WardenException.DATA, file + ": cannot be read (" + oneLine(String.valueOf(e.getMessage()))
                    + ")", e);
        } catch (Segment.CorruptException e) {
            throw new WardenException(WardenException.DATA, e.getMessage() + "; the backup is damaged: use an intact copy", e);
        }
        ManifestCheck.check(file, m, cut);
        return m;
    }

    static String oneLine(String s) {
        String flat = s.replaceAll("\\s+", " ").strip();
        return flat.length() > 200 ? flat.substring(0, 200) + "..." : flat;
    }
}
