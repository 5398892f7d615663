package io.warden.protect;

import io.warden.AtomicFiles;
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
 * is {@code cut.json}, written first, so a resumed backup keeps the original cut.
 *
 * @param groups per consumer group, its committed offsets on the backed-up topics at the cut (source
 *               offsets; a restore maps them to the restored records). Empty in backups made before
 *               Warden captured them.
 */
public record Manifest(int formatVersion, String createdAt, String clusterId, List<Topic> topics,
                       Map<String, List<PartitionOffset>> groups) {

    public static final int FORMAT_VERSION = 1;
    static final String FILE = "manifest.json";
    static final String CUT_FILE = "cut.json";
    private static final ObjectMapper JSON = new ObjectMapper().enable(SerializationFeature.INDENT_OUTPUT)
            .disable(DeserializationFeature.FAIL_ON_UNKNOWN_PROPERTIES);

    /** A topic: its non-default configs and partitions. */
    public record Topic(String name, int partitionCount, Map<String, String> configs, List<Partition> partitions) {
    }

    /**
     * A partition: {@code startOffset} (log start) to {@code endOffset} (exclusive, the cut: the last
     * stable offset when the backup started); records between them that a read_committed reader sees.
     */
    public record Partition(int partition, long startOffset, long endOffset, long records, List<SegmentFile> segments) {
    }

    /** A segment file, relative to the backup directory, with the CRC32C of the whole file (hex). */
    public record SegmentFile(String file, long firstOffset, long lastOffset, int records, long bytes, String crc32c) {
    }

    public Manifest {
        groups = groups == null ? Map.of() : groups;
    }

    /** The same cut with these topics (their segments filled in). */
    Manifest withTopics(List<Topic> filled) {
        return new Manifest(formatVersion, createdAt, clusterId, filled, groups);
    }

    long records() {
        return topics.stream().flatMap(t -> t.partitions().stream()).mapToLong(Partition::records).sum();
    }

    void write(Path file) throws IOException {
        AtomicFiles.write(file, JSON.writeValueAsBytes(this));
    }

    static Manifest readCut(Path file) throws IOException {
        return JSON.readValue(file.toFile(), Manifest.class);
    }

    static Manifest read(Path file) {
        if (!Files.isRegularFile(file)) {
            throw new WardenException(WardenException.NO_INPUT, file + " does not exist: "
                    + (Files.isRegularFile(file.resolveSibling(CUT_FILE))
                    ? "the backup is not complete, run 'warden backup create' again with the same --to to finish it"
                    : "not a Warden backup directory"));
        }
        try {
            Manifest m = JSON.readValue(file.toFile(), Manifest.class);
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
