package io.warden.snapshot;

import java.util.Map;

/**
 * One log directory of one broker.
 *
 * @param totalBytes   size of the volume, -1 when the broker does not report it
 * @param usableBytes  free space on the volume, -1 when unknown
 * @param bytesByTopic bytes of partition replicas in this dir, summed per topic
 * @param error        the broker's error for this dir (offline dir), or null
 */
public record LogDirInfo(int brokerId, String path, long totalBytes, long usableBytes,
                         Map<String, Long> bytesByTopic, String error) {

    public LogDirInfo {
        bytesByTopic = Map.copyOf(bytesByTopic);
    }

    public long usedByKafka() {
        return bytesByTopic.values().stream().mapToLong(Long::longValue).sum();
    }

    /** Fraction of the volume in use (0..1), or -1 when the broker does not report volume sizes. */
    public double usedFraction() {
        return totalBytes > 0 && usableBytes >= 0 ? 1.0 - (double) usableBytes / totalBytes : -1;
    }
}
