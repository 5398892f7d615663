package io.warden.watch;

import io.warden.snapshot.PartitionInfo;
import io.warden.snapshot.Snapshot;
import io.warden.snapshot.SnapshotHistory;
import io.warden.snapshot.TopicInfo;
import java.time.Duration;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Objects;

/**
 * Dead-letter queues: topics matching {@link CheckSettings#isDlq(String)}. {@code dlq-depth/topic=T}
 * WARNING when the messages retained reach {@link CheckSettings#dlqWarning()}, CRITICAL at
 * {@link CheckSettings#dlqCritical()}; value = depth. Evidence also counts the messages added over
 * the window (log end now minus log end in the oldest snapshot of the window, per partition).
 */
public final class DlqCheck implements Check {

    public static final String NAME = "dlq-depth";

    private final CheckSettings settings;

    public DlqCheck(CheckSettings settings) {
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
        List<Snapshot> window = history.within(settings.window());
        Snapshot oldest = window.get(0);
        Snapshot latest = history.latest();
        Duration span = Duration.between(oldest.takenAt(), latest.takenAt());
        List<Finding> findings = new ArrayList<>();
        for (TopicInfo topic : latest.topics()) {
            long depth = topic.retainedMessages();
            if (!settings.isDlq(topic.name()) || depth <= 0 || depth < settings.dlqWarning()) {
                continue;
            }
            long added = added(topic, oldest.topic(topic.name()).orElse(null));
            Map<String, Object> evidence = new LinkedHashMap<>();
            evidence.put("depth", depth);
            evidence.put("addedInWindow", added);
            evidence.put("windowSeconds", span.toSeconds());
            evidence.put("partitions", topic.partitions().size());
            String growth = span.isZero() ? "" : "; " + Humanize.count(added) + " added in the last "
                    + Humanize.duration(span.toSeconds());
            findings.add(new Finding("dlq-depth/topic=" + topic.name(), NAME,
                    depth >= settings.dlqCritical() ? Severity.CRITICAL : Severity.WARNING, depth,
                    "dead-letter topic " + topic.name() + " holds " + Humanize.count(depth) + " messages" + growth,
                    Map.of("topic", topic.name()), evidence));
        }
        return findings;
    }

    /** Messages appended since {@code then}; a partition whose log end fell (re-created) counts from zero. */
    public static long added(TopicInfo now, TopicInfo then) {
        long sum = 0;
        for (PartitionInfo p : now.partitions()) {
            if (p.logEndOffset() < 0) {
                continue;
            }
            long before = then == null ? -1 : then.partitions().stream()
                    .filter(q -> q.partition() == p.partition()).mapToLong(PartitionInfo::logEndOffset)
                    .findFirst().orElse(-1);
            if (before >= 0) {
                sum += p.logEndOffset() >= before ? p.logEndOffset() - before : p.logEndOffset();
            }
        }
        return sum;
    }
}
