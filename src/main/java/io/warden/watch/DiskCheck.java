package io.warden.watch;

import io.warden.snapshot.LogDirInfo;
import io.warden.snapshot.Snapshot;
import io.warden.snapshot.SnapshotHistory;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Objects;

/**
 * Broker log directories in the latest snapshot:
 * <ul>
 *   <li>{@code log-dir-offline/broker=B/dir=D} CRITICAL when the broker reports an error for the dir;</li>
 *   <li>{@code disk-usage/broker=B/dir=D} WARNING when the volume is {@link CheckSettings#diskWarning()}
 *       full, CRITICAL at {@link CheckSettings#diskCritical()}; value = fraction used (0..1). Dirs
 *       whose volume size is not reported are skipped. Evidence names the largest topics cluster-wide,
 *       the usual candidates for a retention change.</li>
 * </ul>
 */
public final class DiskCheck implements Check {

    public static final String NAME = "disk-usage";

    private final CheckSettings settings;

    public DiskCheck(CheckSettings settings) {
        this.settings = Objects.requireNonNull(settings, "settings");
    }

    @Override
    public String name() {
        return NAME;
    }

    @Override
    public List<Finding> evaluate(SnapshotHistory history) {
        if (history.isEmpty()) {
            return List.of();
        }
        Snapshot latest = history.latest();
        List<Finding> findings = new ArrayList<>();
        List<Map<String, Object>> largest = null;
        for (LogDirInfo dir : latest.logDirs()) {
            String where = "broker=" + dir.brokerId() + "/dir=" + dir.path();
            Map<String, String> labels = Map.of("broker", String.valueOf(dir.brokerId()), "dir", dir.path());
            if (dir.error() != null) {
                findings.add(new Finding("log-dir-offline/" + where, "log-dir-offline", Severity.CRITICAL, 1,
                        "log dir " + dir.path() + " on broker " + dir.brokerId() + " is offline: " + dir.error(),
                        labels, Map.of("error", dir.error())));
                continue;
            }
            double used = dir.usedFraction();
            if (used < 0 || used < settings.diskWarning()) {
                continue;
            }
            if (largest == null) {
                largest = largestTopics(latest);
            }
            Map<String, Object> evidence = new LinkedHashMap<>();
            evidence.put("usedFraction", used);
            evidence.put("totalBytes", dir.totalBytes());
            evidence.put("usableBytes", dir.usableBytes());
            evidence.put("usedByKafkaBytes", dir.usedByKafka());
            evidence.put("largestTopics", largest);
            findings.add(new Finding("disk-usage/" + where, NAME,
                    used >= settings.diskCritical() ? Severity.CRITICAL : Severity.WARNING, used,
                    "log dir " + dir.path() + " on broker " + dir.brokerId() + " is " + Humanize.percent(used * 100)
                            + " full (" + Humanize.bytes(dir.usableBytes()) + " free of "
                            + Humanize.bytes(dir.totalBytes()) + ", Kafka uses " + Humanize.bytes(dir.usedByKafka()) + ")",
                    labels, evidence));
        }
        return findings;
    }

    /** Topics by bytes over every replica on every broker, largest first. */
    private List<Map<String, Object>> largestTopics(Snapshot s) {
        Map<String, Long> bytes = new LinkedHashMap<>();
        s.logDirs().forEach(d -> d.bytesByTopic().forEach((t, b) -> bytes.merge(t, b, Long::sum)));
        return bytes.entrySet().stream()
                .sorted(Map.Entry.<String, Long>comparingByValue().reversed().thenComparing(Map.Entry.comparingByKey()))
                .limit(Math.max(0, settings.largestTopics()))
                .map(e -> Map.<String, Object>of("topic", e.getKey(), "bytes", e.getValue()))
                .toList();
    }
}
