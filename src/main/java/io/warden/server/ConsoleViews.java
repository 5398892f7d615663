package io.warden.server;

import io.warden.alert.Alert;
import io.warden.alert.Silence;
import io.warden.audit.AuditEvent;
import io.warden.audit.AuditLog;
import io.warden.audit.AuditReader;
import io.warden.snapshot.GroupInfo;
import io.warden.snapshot.PartitionInfo;
import io.warden.snapshot.QuorumState;
import io.warden.snapshot.Snapshot;
import io.warden.snapshot.TopicInfo;
import io.warden.watch.CycleResult;
import io.warden.watch.DlqCheck;
import io.warden.watch.Finding;
import io.warden.watch.GroupLag;
import io.warden.watch.PartitionLag;
import io.warden.watch.Severity;
import java.time.Instant;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.function.Predicate;
import org.apache.kafka.common.TopicPartition;

/**
 * What the console's pages show, read from each cluster's latest cycle: pure functions of the
 * cycles, so a page shows exactly what the watch concluded. Names read from a cluster pass through
 * as data; the pages insert them as text.
 */
final class ConsoleViews {

    private static final int WORST_FINDINGS = 10;

    private ConsoleViews() {
    }

    /** One cluster on the overview. {@code unanswered} says why it did not answer its latest cycle, else null. */
    record ClusterView(String name, String clusterId, Instant takenAt, String unanswered, List<BrokerView> brokers,
                       Integer controllerId, QuorumView quorum, PartitionCounts partitions, int topics, int groups,
                       Severity worst, List<FindingView> findings) {
    }

    record BrokerView(int id, String host, int port, String rack, boolean up) {
    }

    record QuorumView(int leaderId, long leaderEpoch, long highWatermark, List<ReplicaView> voters,
                      List<ReplicaView> observers) {
    }

    record ReplicaView(int nodeId, String status, long lag) {
    }

    record PartitionCounts(int total, int online, int underReplicated, int offline) {
    }

    record FindingView(String cluster, Severity severity, String check, String key, String message) {
    }

    /** One group in the groups table. */
    record GroupRow(String cluster, String group, String type, String state, int members, String status, long lag,
                    Double lagSeconds, double trendPerMinute, String problem) {
    }

    /**
     * A group's page: its row, partitions, members, its lag after each cycle of the retained history
     * and the latest cycle's findings about it.
     */
    record GroupView(GroupRow group, List<PartitionLag> partitions, List<MemberView> members, List<LagTrail.Point> history,
                     List<FindingView> findings) {
    }

    record MemberView(String memberId, String clientId, String host, List<String> assignment) {
    }

    /** An alert and the silences in force that hold back its notifications. */
    record AlertView(Alert alert, List<String> silencedBy) {
    }

    static List<ClusterView> overview(Map<String, CycleResult> cycles) {
        List<ClusterView> out = new ArrayList<>();
        cycles.forEach((name, cycle) -> out.add(cluster(name, cycle)));
        return out;
    }

    private static ClusterView cluster(String name, CycleResult cycle) {
        Snapshot s = cycle.history().latest();
        var info = s.cluster();
        List<BrokerView> brokers = new ArrayList<>();
        info.brokers().forEach(b -> brokers.add(new BrokerView(b.id(), b.host(), b.port(), b.rack(), true)));
        info.missingBrokerIds().forEach(id -> brokers.add(new BrokerView(id, null, -1, null, false)));
        brokers.sort(Comparator.comparingInt(BrokerView::id));
        int total = 0;
        int under = 0;
        int offline = 0;
        for (PartitionInfo p : s.partitions()) {
            total++;
            if (p.offline()) {
                offline++;
            } else if (p.underReplicated()) {
                under++;
            }
        }
        List<FindingView> findings = cycle.findings().stream()
                .sorted(Comparator.comparingInt((Finding f) -> rank(f.severity())).reversed().thenComparing(Finding::key))
                .limit(WORST_FINDINGS).map(f -> finding(name, f)).toList();
        return new ClusterView(name, info.clusterId(), s.takenAt(), s.unanswered().map(f -> f.message()).orElse(null),
                brokers, info.controllerId(), quorum(info.quorum()), new PartitionCounts(total, total - under - offline, under,
                offline), s.topics().size(), s.groups().size(), cycle.worst(), findings);
    }

    private static QuorumView quorum(QuorumState q) {
        if (q == null) {
            return null;
        }
        return new QuorumView(q.leaderId(), q.leaderEpoch(), q.highWatermark(),
                q.voters().stream().map(r -> new ReplicaView(r.nodeId(), q.status(r), r.lag())).toList(),
                q.observers().stream().map(r -> new ReplicaView(r.nodeId(), q.status(r), r.lag())).toList());
    }

    static FindingView finding(String cluster, Finding f) {
        return new FindingView(cluster, f.severity(), f.check(), f.key(), f.message());
    }

    /** The order in which findings are worst: critical, unknown, warning, info, ok. */
    private static int rank(Severity s) {
        return switch (s) {
            case CRITICAL -> 4;
            case UNKNOWN -> 3;
            case WARNING -> 2;
            case INFO -> 1;
            case OK -> 0;
        };
    }

    static List<GroupRow> groups(Map<String, CycleResult> cycles) {
        List<GroupRow> rows = new ArrayList<>();
        cycles.forEach((cluster, cycle) -> cycle.lags().forEach(g -> rows.add(row(cluster, g))));
        return rows;
    }

    private static GroupRow row(String cluster, GroupLag g) {
        return new GroupRow(cluster, g.group(), g.type().name(), g.state(), g.members(), g.status().name(), g.totalLag(),
                g.maxLagSeconds(), g.trendPerMinute(), g.problem());
    }

    /** The group's page, or null when the cluster's latest cycle has no such group; {@code trail} may be null. */
    static GroupView group(String cluster, CycleResult cycle, LagTrail trail, String groupId) {
        GroupLag lag = cycle.lags().stream().filter(g -> g.group().equals(groupId)).findFirst().orElse(null);
        if (lag == null) {
            return null;
        }
        List<MemberView> members = cycle.history().latest().group(groupId).map(GroupInfo::members).orElse(List.of()).stream()
                .map(m -> new MemberView(m.memberId(), m.clientId(), m.host(), m.assignment().stream()
                        .map(TopicPartition::toString).toList())).toList();
        // what the checks concluded about the group this cycle: why it is behind, stalled or rewound
        List<FindingView> findings = cycle.findings().stream().filter(f -> groupId.equals(f.labels().get("group")))
                .map(f -> finding(cluster, f)).toList();
        return new GroupView(row(cluster, lag), lag.partitions(), members, trail == null ? List.of() : trail.of(groupId),
                findings);
    }

    /**
     * A dead-letter queue as the latest cycle saw it: messages retained, and how many arrived over
     * the history the watch keeps ({@code sinceSeconds}); the severity of its dlq-depth finding,
     * null when it has none.
     */
    record DlqView(String cluster, String topic, int partitions, long depth, long added, long sinceSeconds,
                   Severity severity, String message) {
    }

    static List<DlqView> dlqs(Map<String, CycleResult> cycles, Predicate<String> isDlq) {
        List<DlqView> out = new ArrayList<>();
        cycles.forEach((cluster, cycle) -> {
            Snapshot latest = cycle.history().latest();
            Snapshot oldest = cycle.history().snapshots().get(0);
            long since = java.time.Duration.between(oldest.takenAt(), latest.takenAt()).toSeconds();
            for (TopicInfo topic : latest.topics()) {
                if (!isDlq.test(topic.name())) {
                    continue;
                }
                Finding f = cycle.findings().stream().filter(x -> x.check().equals(DlqCheck.NAME)
                        && topic.name().equals(x.labels().get("topic"))).findFirst().orElse(null);
                out.add(new DlqView(cluster, topic.name(), topic.partitions().size(), topic.retainedMessages(),
                        DlqCheck.added(topic, oldest.topic(topic.name()).orElse(null)), since,
                        f == null ? null : f.severity(), f == null ? null : f.message()));
            }
        });
        return out;
    }

    /** A cluster's DR pair as its latest cycle read it. */
    record DrView(String cluster, io.warden.dr.ReplicationStatus status) {
    }

    static List<DrView> replication(Map<String, CycleResult> cycles) {
        List<DrView> out = new ArrayList<>();
        cycles.forEach((cluster, cycle) -> {
            var status = cycle.history().latest().replication();
            if (status != null) {
                out.add(new DrView(cluster, status));
            }
        });
        return out;
    }

    /** The newest {@code events} of an audit search, newest first, and how many matched in all. */
    record AuditPage(int matched, int skippedLines, List<AuditEvent> events) {
    }

    /**
     * Events of these comma-separated types (and their subtypes), of this cluster, whose type, key or
     * data contains {@code text} ignoring case; a blank parameter does not filter.
     */
    static Predicate<AuditEvent> auditFilter(String types, String cluster, String text) {
        Predicate<AuditEvent> filter = AuditReader.type(blank(types) ? new String[0]
                : java.util.Arrays.stream(types.split(",")).map(String::strip).filter(t -> !t.isEmpty()).toArray(String[]::new));
        if (!blank(cluster)) {
            filter = filter.and(e -> cluster.equals(e.cluster()));
        }
        if (!blank(text)) {
            String wanted = text.strip().toLowerCase(Locale.ROOT);
            filter = filter.and(e -> (e.type() + " " + e.key() + " " + e.data()).toLowerCase(Locale.ROOT).contains(wanted));
        }
        return filter;
    }

    static AuditPage auditPage(AuditLog log, int limit) {
        List<AuditEvent> all = log.events();
        List<AuditEvent> newest = new ArrayList<>(all.subList(Math.max(0, all.size() - limit), all.size()));
        java.util.Collections.reverse(newest);
        return new AuditPage(all.size(), log.skippedLines(), newest);
    }

    private static boolean blank(String s) {
        return s == null || s.isBlank();
    }

    static List<AlertView> alerts(List<Alert> alerts, List<Silence> silences, Instant now) {
        List<Silence> active = silences.stream().filter(s -> s.activeAt(now)).toList();
        return alerts.stream().map(a -> new AlertView(a, active.stream().filter(s -> s.matches(a)).map(Silence::id).toList()))
                .toList();
    }
}
