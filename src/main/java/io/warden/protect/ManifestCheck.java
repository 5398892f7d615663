package io.warden.protect;

import io.warden.WardenException;
import io.warden.protect.metadata.PartitionOffset;
import java.nio.file.Path;
import java.time.Instant;
import java.time.format.DateTimeParseException;
import java.util.HashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.regex.Pattern;
import org.apache.kafka.common.Uuid;
import org.apache.kafka.common.errors.InvalidTopicException;
import org.apache.kafka.common.internals.Topic;

/**
 * Refuses a {@code manifest.json} or {@code cut.json} whose fields are missing or contradict each
 * other, before anything is read or written on their word: a topic name that is no Kafka topic
 * name (and so no directory name), negative or reversed offsets, counts that do not add up, a
 * segment listed twice or out of order, a segment path other than the one Warden writes
 * ({@code TOPIC/PARTITION/START.seg}). What only the segment files can tell (their size, checksum
 * and records) is {@link BackupVerifier}'s.
 */
final class ManifestCheck {

    private static final Pattern CRC = Pattern.compile("[0-9a-f]{1,8}");

    private ManifestCheck() {
    }

    /** Throws a one-line {@link WardenException#DATA} naming the file and the field when the manifest (or cut) is not consistent. */
    static void check(String file, Manifest m, boolean cut) {
        String problem = problem(m, cut);
        if (problem != null) {
            throw new WardenException(WardenException.DATA, file + ": " + problem + "; the " + (cut ? "cut" : "manifest")
                    + " is damaged or was not written by Warden: use an intact copy of the backup"
                    + (cut ? ", or another --to for a new backup" : ""));
        }
    }

    /** The first inconsistency, or null. */
    static String problem(Manifest m, boolean cut) {
        if (m == null) {
            return "empty";
        }
        if (m.formatVersion() != Manifest.FORMAT_VERSION) {
            return "format version " + m.formatVersion() + " is not supported (this Warden reads " + Manifest.FORMAT_VERSION + ")";
        }
        String problem = firstOf(time("createdAt", m.createdAt(), true), text("clusterId", m.clusterId()),
                time("from", m.from(), false), time("until", m.until(), false), base(m.base()));
        if (problem != null) {
            return problem;
        }
        if (m.from() != null && m.until() != null && !Instant.parse(m.from()).isBefore(Instant.parse(m.until()))) {
            return "from " + m.from() + " is not before until " + m.until();
        }
        if (m.topics() == null || m.topics().isEmpty()) {
            return "topics: " + (m.topics() == null ? "missing" : "none") + " (a backup holds at least one topic)";
        }
        Set<String> names = new HashSet<>();
        for (int i = 0; i < m.topics().size(); i++) {
            Manifest.Topic t = m.topics().get(i);
            String at = "topics[" + i + "]";
            if (t == null) {
                return at + " is null";
            }
            problem = topic(at + (t.name() == null ? "" : " (" + printable(t.name()) + ")"), t, cut);
            if (problem != null) {
                return problem;
            }
            if (!names.add(t.name())) {
                return at + ": topic " + t.name() + " is listed twice";
            }
        }
        return groups(m.groups());
    }

    private static String topic(String at, Manifest.Topic t, boolean cut) {
        if (t.name() == null) {
            return at + ".name is missing";
        }
        try {
            Topic.validate(t.name());
        } catch (InvalidTopicException e) {
            return at + ".name " + printable(t.name()) + " is not a Kafka topic name (" + e.getMessage() + ")";
        }
        if (t.topicId() != null) {
            try {
                Uuid.fromString(t.topicId());
            } catch (IllegalArgumentException e) {
                return at + ".topicId " + printable(t.topicId()) + " is not a topic id";
            }
        }
        if (t.configs() == null) {
            return at + ".configs is missing";
        }
        for (Map.Entry<String, String> c : t.configs().entrySet()) {
            if (c.getKey() == null || c.getValue() == null) {
                return at + ".configs: " + printable(String.valueOf(c.getKey())) + " has no value";
            }
        }
        if (t.partitions() == null) {
            return at + ".partitions is missing";
        }
        if (t.partitionCount() < 1 || t.partitionCount() != t.partitions().size()) {
            return at + ".partitionCount " + t.partitionCount() + " does not match its " + t.partitions().size() + " partitions";
        }
        for (int j = 0; j < t.partitions().size(); j++) {
            Manifest.Partition p = t.partitions().get(j);
            String problem = p == null ? at + ".partitions[" + j + "] is null" : partition(at + ".partitions[" + j + "]", t.name(), j, p, cut);
            if (problem != null) {
                return problem;
            }
        }
        return null;
    }

    private static String partition(String at, String topic, int index, Manifest.Partition p, boolean cut) {
        if (p.partition() != index) {
            return at + ".partition is " + p.partition() + ", expected " + index + " (partitions 0 to N-1, in order, each once)";
        }
        if (p.startOffset() < 0 || p.endOffset() < p.startOffset()) {
            return at + ": offsets " + p.startOffset() + " to " + p.endOffset() + (p.startOffset() < 0 ? " start below 0" : " end before they start");
        }
        if (p.records() < 0 || p.records() > p.endOffset() - p.startOffset()) {
            return at + ".records " + p.records() + " do not fit offsets " + p.startOffset() + " to " + p.endOffset();
        }
        if (p.offsetsLost() < 0) {
            return at + ".offsetsLost " + p.offsetsLost() + " is negative";
        }
        String problem = lost(at, p);
        if (problem != null) {
            return problem;
        }
        if (p.segments() == null) {
            return at + ".segments is missing";
        }
        if (cut && (!p.segments().isEmpty() || p.records() != 0)) {
            return at + ": a cut lists no segments and no records";
        }
        long records = 0;
        long after = p.startOffset() - 1;
        for (int k = 0; k < p.segments().size(); k++) {
            Manifest.SegmentFile s = p.segments().get(k);
            String where = at + ".segments[" + k + "]";
            if (s == null) {
                return where + " is null";
            }
            problem = segment(where, topic, p, s, after);
            if (problem != null) {
                return problem;
            }
            records += s.records();
            after = s.lastOffset();
        }
        if (records != p.records()) {
            return at + ".records " + p.records() + " differ from its segments' " + records;
        }
        return null;
    }

    private static String lost(String at, Manifest.Partition p) {
        long sum = 0;
        long after = -1;
        for (Manifest.OffsetRange r : p.lost()) {
            if (r == null || r.from() <= after || r.to() < r.from() || r.to() >= p.endOffset()) {
                return at + ".lost: " + (r == null ? "null" : r.from() + " to " + r.to())
                        + " is not a range of offsets before the end " + p.endOffset() + ", after the one before it";
            }
            sum += r.offsets();
            after = r.to();
        }
        if (!p.lost().isEmpty() && sum != p.offsetsLost()) {
            return at + ".offsetsLost " + p.offsetsLost() + " differs from its lost ranges' " + sum;
        }
        return null;
    }

    private static String segment(String at, String topic, Manifest.Partition p, Manifest.SegmentFile s, long after) {
        String name = topic + "/" + p.partition() + "/" + Segment.fileName(s.firstOffset());
        if (!name.equals(s.file())) {
            return at + ".file " + printable(String.valueOf(s.file())) + " is not " + name
                    + " (a segment's file is TOPIC/PARTITION/FIRST-OFFSET.seg in the backup directory)";
        }
        if (s.firstOffset() <= after) {
            return at + " (" + s.file() + ") starts at offset " + s.firstOffset() + ", not after " + after
                    + (after >= p.startOffset() ? " where the segment before it ends (listed twice, or overlapping)" : ", the partition's start");
        }
        if (s.lastOffset() < s.firstOffset() || s.lastOffset() >= p.endOffset()) {
            return at + " (" + s.file() + ") ends at offset " + s.lastOffset() + ", outside " + s.firstOffset() + " to "
                    + (p.endOffset() - 1);
        }
        if (s.records() < 1 || s.records() > s.lastOffset() - s.firstOffset() + 1) {
            return at + " (" + s.file() + ").records " + s.records() + " do not fit offsets " + s.firstOffset() + " to " + s.lastOffset();
        }
        if (s.bytes() <= Segment.HEADER_BYTES || s.bytes() > Integer.MAX_VALUE) {
            return at + " (" + s.file() + ").bytes " + s.bytes() + " is no segment's size";
        }
        if (s.crc32c() == null || !CRC.matcher(s.crc32c()).matches()) {
            return at + " (" + s.file() + ").crc32c " + printable(String.valueOf(s.crc32c())) + " is not a CRC32C in hex";
        }
        if ((s.minTimestamp() == null) != (s.maxTimestamp() == null)
                || s.minTimestamp() != null && s.minTimestamp() > s.maxTimestamp()) {
            return at + " (" + s.file() + "): timestamps " + s.minTimestamp() + " to " + s.maxTimestamp() + " are not a range";
        }
        return null;
    }

    private static String groups(Map<String, List<PartitionOffset>> groups) {
        for (Map.Entry<String, List<PartitionOffset>> g : groups.entrySet()) {
            String at = "groups." + printable(String.valueOf(g.getKey()));
            if (g.getKey() == null || g.getKey().isEmpty() || g.getValue() == null) {
                return at + " is empty";
            }
            for (PartitionOffset o : g.getValue()) {
                if (o == null || o.topic() == null || o.partition() < 0 || o.offset() < 0) {
                    return at + ": " + (o == null ? "null" : printable(String.valueOf(o.topic())) + "-" + o.partition() + " offset "
                            + o.offset()) + " is not a committed offset";
                }
            }
        }
        return null;
    }

    private static String base(Manifest.Base b) {
        if (b == null) {
            return null;
        }
        String problem = firstOf(text("base.dir", b.dir()), text("base.path", b.path()), time("base.createdAt", b.createdAt(), true),
                text("base.clusterId", b.clusterId()));
        // the one path outside the backup a manifest names: only its manifest.json is read, and only to see what is restored
        if (problem == null && (!Path.of(b.path()).isAbsolute() || !Path.of(b.path()).normalize().equals(Path.of(b.path())))) {
            return "base.path " + printable(b.path()) + " is not an absolute, normalized path";
        }
        return problem;
    }

    private static String time(String field, String value, boolean required) {
        if (value == null) {
            return required ? field + " is missing" : null;
        }
        try {
            Instant.parse(value);
            return null;
        } catch (DateTimeParseException e) {
            return field + " " + printable(value) + " is not a time (ISO-8601, as 2026-05-01T10:00:00Z)";
        }
    }

    private static String text(String field, String value) {
        if (value == null || value.isBlank()) {
            return field + " is missing";
        }
        return value.chars().anyMatch(Character::isISOControl) || value.indexOf('\0') >= 0 ? field + " " + printable(value)
                + " holds control characters" : null;
    }

    private static String firstOf(String... problems) {
        for (String p : problems) {
            if (p != null) {
                return p;
            }
        }
        return null;
    }

    /** A value from the file as it may be printed: control characters escaped, at most 80 characters. */
    static String printable(String s) {
        StringBuilder out = new StringBuilder("'");
        s.codePoints().limit(80).forEach(c -> {
            if (Character.isISOControl(c) || c == '\'' || Character.getType(c) == Character.FORMAT) {
                out.append(String.format("\\u%04x", c));
            } else {
                out.appendCodePoint(c);
            }
        });
        return out.append(s.codePointCount(0, s.length()) > 80 ? "...'" : "'").toString();
    }
}
