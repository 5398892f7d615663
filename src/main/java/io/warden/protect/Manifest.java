package io.warden.protect;

import io.warden.AtomicFiles;
import com.fasterxml.jackson.annotation.JsonInclude;
import com.fasterxml.jackson.databind.DeserializationFeature;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.SerializationFeature;
import io.warden.WardenException;
import io.warden.protect.metadata.PartitionOffset;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.Map;

/**
 * {@code manifest.json} of a backup: what was cut, from which cluster, and per partition the
 * offsets covered and the segment files with their checksums. The same shape without segments
 * is {@code cut.json}, written first, so a resumed backup keeps the original cut. An incremental
 * backup names its {@code base}; a backup limited in time keeps its {@code from} and {@code until}.
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

    /** A topic: its non-default configs and partitions. */
    public record Topic(String name, int partitionCount, Map<String, String> configs, List<Partition> partitions) {
    }

    /**
     * A partition: {@code startOffset} (log start, the base's end for an incremental backup, or the
     * offset of {@code from}) to {@code endOffset} (exclusive, the cut: the last stable offset when the
     * backup started, or the offset of {@code until}); records between them that a read_committed
     * reader sees. {@code offsetsLost}: offsets after the base's end that the source had deleted
     * before this backup could copy them.
     */
    public record Partition(int partition, long startOffset, long endOffset, long records, List<SegmentFile> segments,
                            @JsonInclude(JsonInclude.Include.NON_DEFAULT) long offsetsLost) {

        public Partition(int partition, long startOffset, long endOffset, long records, List<SegmentFile> segments) {
            this(partition, startOffset, endOffset, records, segments, 0);
        }

        Partition withSegments(long records, List<SegmentFile> segments) {
            return new Partition(partition, startOffset, endOffset, records, segments, offsetsLost);
        }
    }

    /** A segment file, relative to the backup directory, with the CRC32C of the whole file (hex). */
    public record SegmentFile(String file, long firstOffset, long lastOffset, int records, long bytes, String crc32c) {
    }

    long records() {
        return topics.stream().flatMap(t -> t.partitions().stream()).mapToLong(Partition::records).sum();
    }

    void write(Path file) throws IOException {
        AtomicFiles.write(file, Json.MAPPER.writeValueAsBytes(this));
    }

    static Manifest readCut(Path file) throws IOException {
        return Json.MAPPER.readValue(file.toFile(), Manifest.class);
    }

    static Manifest read(Path file) {
        if (!Files.isRegularFile(file)) {
            throw new WardenException(WardenException.NO_INPUT, file + " does not exist: "
                    + (Files.isRegularFile(file.resolveSibling(CUT_FILE))
                    ? "the backup is not complete, run 'warden backup create' again with the same --to to finish it"
                    : "not a Warden backup directory"));
        }
        try {
            Manifest m = Json.MAPPER.readValue(file.toFile(), Manifest.class);
            if (m.formatVersion() != FORMAT_VERSION) {
                throw new WardenException(WardenException.DATA, file + ": format version " + m.formatVersion()
                        + " is not supported (this Warden reads " + FORMAT_VERSION + ")");
            }
            return m;
        } catch (IOException e) {
            throw new WardenException(WardenException.DATA, file + " is not a readable manifest: " + e.getMessage(), e);
        }
    }
}
