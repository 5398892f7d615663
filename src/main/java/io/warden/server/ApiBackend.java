package io.warden.server;

import io.warden.alert.Alert;
import io.warden.alert.Silence;
import io.warden.audit.AuditEvent;
import io.warden.audit.AuditLog;
import io.warden.watch.CycleResult;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import java.util.function.Predicate;

/**
 * What the HTTP API reads and changes; the watch daemon implements it over its clusters' alerters
 * and latest cycles and its silence store. Called from HTTP threads, so reads must be safe against
 * the watch threads (return copies or immutable values).
 */
public interface ApiBackend {

    /** Alerts pending or firing after each cluster's latest cycle. */
    List<Alert> alerts();

    /** Findings of every cluster's latest cycle. */
    List<ClusterFinding> findings();

    /** Silences in force (and any the store still keeps). */
    List<Silence> silences();

    /**
     * Creates a silence.
     *
     * @param createdBy the caller's token name, never a value the client chose
     * @throws io.warden.WardenException with {@link io.warden.WardenException#USAGE} when the
     *         matchers or duration are not acceptable; its message is shown to the caller
     */
    Silence addSilence(Map<String, String> matchers, Duration duration, String createdBy, String comment);

    /** Ends a silence now; false when no silence has that id. */
    boolean expireSilence(String id);

    /**
     * The audit trail's events that pass {@code filter}, oldest first (rotated files included); none
     * when the daemon keeps no trail.
     */
    default AuditLog audit(Predicate<AuditEvent> filter) {
        return new AuditLog(List.of(), 0);
    }

    /** True when {@code topic} is a dead-letter queue by the config's {@code checks.dlq.patterns}. */
    default boolean isDlq(String topic) {
        return false;
    }

    /** Each group's lag after each recent cycle of {@code cluster}; null when it is not watched here. */
    default LagTrail lagTrail(String cluster) {
        return null;
    }

    /**
     * Reads the newest records of a dead-letter queue of {@code cluster}, at a bounded cost: slow, so
     * called on demand and cached by the caller. Null, without reading anything, when the cluster is
     * not watched here or {@code topic} is not a DLQ its latest snapshot knows.
     *
     * @throws io.warden.WardenException when the cluster does not answer; its message is shown to the caller
     */
    default DlqDetail dlqDetail(String cluster, String topic) {
        return null;
    }

    /**
     * Runs {@code warden diagnose lag} on a group of {@code cluster}: reads the group twice a few
     * seconds apart, so called on demand and cached by the caller. Null, without reading anything,
     * when the cluster is not watched here or its latest snapshot does not know the group.
     *
     * @throws io.warden.WardenException when the group cannot be read; its message is shown to the caller
     */
    default GroupDiagnosis diagnosis(String cluster, String group) {
        return null;
    }

    /** The latest cycle of each watched cluster by name, in config order; none before the first cycle. */
    default Map<String, CycleResult> cycles() {
        return Map.of();
    }
}
