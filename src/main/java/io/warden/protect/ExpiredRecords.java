package io.warden.protect;

import java.io.IOException;
import java.nio.ByteBuffer;
import java.time.Duration;
import java.util.Map;
import org.apache.kafka.clients.admin.Config;
import org.apache.kafka.clients.admin.ConfigEntry;

/**
 * Restored records keep their original timestamps, so a target topic with time retention deletes
 * those older than its {@code retention.ms} at the broker's next retention check: a month-old
 * backup restored into a topic with Kafka's default of 7 days is gone minutes after the restore
 * succeeded. This counts them per topic, from the timestamp range the manifest keeps per segment;
 * a segment whose range straddles the limit (or a backup made before Warden kept the ranges) is
 * read and its records counted, once per segment.
 */
final class ExpiredRecords {

    private ExpiredRecords() {
    }

    /**
     * A target topic's time retention, and where it comes from (for people); null from {@link #of}
     * when records are never deleted by their timestamps there (no {@code delete} cleanup policy,
     * {@code retention.ms=-1}, or LogAppendTime, which stamps them with the restore's time).
     */
    record Retention(long ms, String source) {
        String describe() {
            Duration d = Duration.ofMillis(ms);
            String human = d.toDays() > 0 && d.toHours() % 24 == 0 ? d.toDays() + " d" : d.toHours() > 0 && d.toMinutes() % 60 == 0
                    ? d.toHours() + " h" : d.toMinutes() + " min";
            return "retention.ms " + ms + " (" + human + ", " + source + ")";
        }
    }

    /** The time retention of a topic's (effective) configs. */
    static Retention of(Config config, String existing) {
        ConfigEntry retention = config.get("retention.ms");
        ConfigEntry policy = config.get("cleanup.policy");
        ConfigEntry type = config.get("message.timestamp.type");
        if (retention == null || retention.value() == null || policy != null && policy.value() != null
                && !policy.value().contains("delete") || type != null && "LogAppendTime".equals(type.value())) {
            return null;
        }
        long ms;
        try {
            ms = Long.parseLong(retention.value());
        } catch (NumberFormatException e) {
            return null;
        }
        if (ms < 0) {
            return null;
        }
        String source = retention.source() == ConfigEntry.ConfigSource.DYNAMIC_TOPIC_CONFIG ? existing
                : "the broker's default for topics";
        return new Retention(ms, source);
    }

    /** How much of a backup a count may read. */
    enum Reading {
        /** every segment whose records are not all on one side of the limit: the exact count */
        EXACT,
        /** only segments without a timestamp range: whether there are any is known, the count is a lower bound */
        TO_DECIDE,
        /** nothing: a lower bound from the ranges the manifest has */
        NONE
    }

    /**
     * How many of the topic's records are stamped before {@code cutoff} (records without a timestamp
     * get the restore's time and never are).
     *
     * @param known per segment file, its lowest and highest timestamp where the manifest has none (read by the check)
     */
    static Count count(BackupStore files, Manifest.Topic t, long cutoff, Map<String, long[]> known, Reading reading)
            throws IOException, Segment.CorruptException {
        long count = 0;
        boolean atLeast = false;
        for (Manifest.Partition p : t.partitions()) {
            for (Manifest.SegmentFile s : p.segments()) {
                long[] range = s.minTimestamp() != null ? new long[] {s.minTimestamp(), s.maxTimestamp()} : known.get(s.file());
                if (range != null && range[0] >= cutoff) {
                    continue;
                }
                if (range != null && range[0] >= 0 && range[1] < cutoff) {
                    count += s.records();
                } else if (range != null && range[0] >= 0 && reading != Reading.EXACT) {
                    count++; // its lowest timestamp is a record's, and before the limit
                    atLeast = true;
                } else if (range == null && reading == Reading.NONE) {
                    atLeast = true;
                } else {
                    count += olderThan(files, s, cutoff);
                }
            }
        }
        return new Count(count, atLeast);
    }

    /** Records past the retention; {@code atLeast} when segments straddling the limit counted as one each. */
    record Count(long records, boolean atLeast) {
        @Override
        public String toString() {
            return (atLeast ? "at least " : "") + String.format("%,d", records);
        }
    }

    /** The records of one segment stamped before the cutoff, read from their frames (checked as a restore reads them). */
    private static long olderThan(BackupStore files, Manifest.SegmentFile s, long cutoff) throws IOException, Segment.CorruptException {
        Segment.Frames frames = ReadAhead.CHECKED.read(files, s, byte[]::new);
        ByteBuffer raw = ByteBuffer.wrap(frames.raw());
        long n = 0;
        for (int i = 0; i < frames.count(); i++) {
            long timestamp = raw.getLong(frames.starts()[i] + 8); // a frame's body: offset, then timestamp
            if (timestamp >= 0 && timestamp < cutoff) {
                n++;
            }
        }
        return n;
    }
}
