package io.warden.protect;

import java.util.Map;
import java.util.TreeMap;

/**
 * Where consumer-group offsets of one partition land in its restored data, as far as a restore has
 * got: for a source offset X, the target offset of the first restored record whose source offset
 * is at least X, and the target offset just after the last restored record. A restore commits it
 * as the metadata of the partition's progress offset, in the same transaction as the records, so
 * a killed run leaves exactly the mapping of what it committed and a re-run continues from there.
 */
final class RestoredOffsets {

    /** With offsets of up to 19 digits, more would not fit the broker's default offset.metadata.max.bytes (4096). */
    static final int MAX_MAPPED = 90;
    private static final String PREFIX = "warden-restore/1";

    private final TreeMap<Long, Long> mapped;
    private Long end;

    RestoredOffsets(Map<Long, Long> mapped, Long end) {
        this.mapped = new TreeMap<>(mapped);
        this.end = end;
    }

    /** What a progress commit's metadata holds; none (an empty mapping) for anything else. */
    static RestoredOffsets decode(String metadata) {
        TreeMap<Long, Long> mapped = new TreeMap<>();
        Long end = null;
        if (metadata == null || !metadata.startsWith(PREFIX + " ")) {
            return new RestoredOffsets(mapped, null);
        }
        try {
            for (String field : metadata.substring(PREFIX.length() + 1).split(" ")) {
                if (field.startsWith("end=")) {
                    end = Long.parseLong(field.substring(4));
                } else if (field.startsWith("map=") && field.length() > 4) {
                    for (String pair : field.substring(4).split(",")) {
                        int colon = pair.indexOf(':');
                        mapped.put(Long.parseLong(pair.substring(0, colon)), Long.parseLong(pair.substring(colon + 1)));
                    }
                }
            }
        } catch (RuntimeException e) {
            return new RestoredOffsets(Map.of(), null); // not ours after all: the offsets count as not recorded
        }
        return new RestoredOffsets(mapped, end);
    }

    boolean isEmpty() {
        return mapped.isEmpty() && end == null;
    }

    String encode() {
        StringBuilder s = new StringBuilder(PREFIX);
        if (end != null) {
            s.append(" end=").append(end);
        }
        s.append(" map=");
        mapped.forEach((x, t) -> s.append(x).append(':').append(t).append(','));
        if (!mapped.isEmpty()) {
            s.setLength(s.length() - 1);
        }
        return s.toString();
    }

    /** The record with source offset X went to target offset {@code target}. */
    void found(long sourceOffset, long target) {
        mapped.put(sourceOffset, target);
    }

    /** The last restored record so far went to {@code lastTarget}. */
    void restoredUpTo(long lastTarget) {
        end = lastTarget + 1;
    }

    /**
     * The target offset for a group's source offset X, or null when not known (not restored yet, or
     * restored by a run that did not record it).
     *
     * @param lastBackedUp the source offset of the partition's last backed-up record: beyond it, X maps to the end
     */
    Long target(long x, long lastBackedUp) {
        Long t = mapped.get(x);
        return t != null ? t : x > lastBackedUp ? end : null;
    }
}
