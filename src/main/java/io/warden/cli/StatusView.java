package io.warden.cli;

import io.warden.comply.CertificateCheck;
import io.warden.kafka.RecordText;
import io.warden.snapshot.BrokerInfo;
import io.warden.snapshot.LogDirInfo;
import io.warden.snapshot.PartitionInfo;
import io.warden.snapshot.Snapshot;
import io.warden.snapshot.TopicInfo;
import io.warden.watch.CycleResult;
import io.warden.watch.Finding;
import io.warden.watch.GroupLag;
import io.warden.watch.GroupStatus;
import io.warden.watch.Humanize;
import io.warden.watch.QuorumHealth;
import java.io.PrintWriter;
import java.util.Comparator;
import java.util.EnumMap;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.stream.Collectors;

/** The one-screen rendering of a cycle: what {@code warden status} prints and the demo repeats. */
final class StatusView {

    private StatusView() {
    }

    static Map<String, Long> partitionCounts(Snapshot s) {
        Map<String, Integer> minIsr = s.topics().stream().collect(Collectors.toMap(TopicInfo::name, TopicInfo::minInSyncReplicas));
        Map<String, Long> counts = new LinkedHashMap<>();
        counts.put("topics", (long) s.topics().size());
        counts.put("partitions", (long) s.partitions().size());
        counts.put("offline", s.partitions().stream().filter(PartitionInfo::offline).count());
        counts.put("underReplicated", s.partitions().stream().filter(PartitionInfo::underReplicated).count());
        counts.put("underMinIsr", s.partitions().stream().filter(p -> p.underMinIsr(minIsr.getOrDefault(p.topic(), -1))).count());
        counts.put("notPreferredLeader", s.partitions().stream().filter(p -> !p.offline() && !p.preferredLeader()).count());
        return counts;
    }

    static void print(PrintWriter out, CycleResult result) {
        Snapshot s = result.history().latest();
        var cluster = s.cluster();
        var quorum = cluster.quorum();
        out.printf("Cluster %s  (collected in %d ms)%n", cluster.clusterId() == null ? "?" : cluster.clusterId(), s.durationMillis());
        out.printf("Controller  %s%s%n", cluster.controllerId() == null ? "NONE" : "node " + cluster.controllerId(),
                quorum == null ? "" : String.format("  (KRaft leader epoch %d, %d voter(s), %d observer(s), high watermark %d)",
                        quorum.leaderEpoch(), quorum.voters().size(), quorum.observers().size(), quorum.highWatermark()));
        if (result.quorum() != null) {
            printQuorum(out, result.quorum());
        }

        out.printf("Brokers     %d up, %d down%s%n", cluster.brokers().size(), cluster.missingBrokerIds().size(),
                cluster.missingBrokerIds().isEmpty() ? "" : "  DOWN: " + cluster.missingBrokerIds());
        Map<Integer, long[]> disk = new LinkedHashMap<>();
        for (LogDirInfo d : s.logDirs()) {
            long[] v = disk.computeIfAbsent(d.brokerId(), k -> new long[3]);
            v[0] += d.usedByKafka();
            v[1] += Math.max(0, d.totalBytes());
            v[2] += Math.max(0, d.usableBytes());
        }
        Table brokers = new Table("ID", "HOST", "PORT", "RACK", "STATE", "KAFKA-DATA", "DISK-USED");
        for (BrokerInfo b : cluster.brokers()) {
            long[] v = disk.get(b.id());
            brokers.row(b.id(), b.host(), b.port(), b.rack(), "up", v == null ? null : Humanize.bytes(v[0]),
                    v == null || v[1] == 0 ? null : String.format("%.0f%%", 100.0 * (v[1] - v[2]) / v[1]));
        }
        cluster.missingBrokerIds().forEach(id -> brokers.row(id, null, null, null, "DOWN", null, null));
        brokers.print(out, "  ");

        Map<String, Long> p = partitionCounts(s);
        out.printf("Partitions  %d in %d topics: %d offline, %d under-replicated, %d under-min-ISR, %d not on preferred leader%n",
                p.get("partitions"), p.get("topics"), p.get("offline"), p.get("underReplicated"), p.get("underMinIsr"),
                p.get("notPreferredLeader"));

        Map<GroupStatus, Long> byStatus = new EnumMap<>(GroupStatus.class);
        result.lags().forEach(g -> byStatus.merge(g.status(), 1L, Long::sum));
        out.printf("Groups      %d%s%n", result.lags().size(), byStatus.isEmpty() ? "" : "  " + byStatus.entrySet().stream()
                .map(e -> e.getKey() + " " + e.getValue()).collect(Collectors.joining(", ")));
        if (!result.lags().isEmpty()) {
            Table groups = new Table("GROUP", "TYPE", "STATE", "MEMBERS", "LAG", "LAG-SECONDS", "STATUS", "PROBLEM");
            result.lags().stream().sorted(Comparator.comparingLong(GroupLag::totalLag).reversed()).limit(20)
                    .forEach(g -> groups.row(g.group(), g.type(), g.state(), g.members(), g.totalLag(),
                            LagCommand.seconds(g.maxLagSeconds(), false), g.status(), g.problem()));
            groups.print(out, "  ");
        }
        printCertificates(out, s);
        printFindings(out, result);
        out.flush();
    }

    /** The voters and observers, with the columns of {@code kafka-metadata-quorum describe --replication --human-readable}. */
    static void printQuorum(PrintWriter out, QuorumHealth q) {
        out.printf("Quorum      %d of %d voter(s) caught up within %s, majority %d: %s%n", q.caughtUpVoters(), q.voters().size(),
                Humanize.duration(q.catchUpTimeout().toSeconds()), q.majority(),
                q.failuresTolerated() < 0 ? "MAJORITY LOST" : "tolerates " + q.failuresTolerated() + " more voter failure(s)");
        Table t = new Table("NodeId", "DirectoryId", "LogEndOffset", "Lag", "LastFetchTimestamp", "LastCaughtUpTimestamp", "Status");
        java.util.stream.Stream.concat(q.voters().stream(), q.observers().stream()).forEach(r -> t.row(r.nodeId(),
                r.directoryId(), r.logEndOffset(), r.lag(), ago(q, r.lastFetchTimestamp()), ago(q, r.lastCaughtUpTimestamp()),
                r.status() + (r.caughtUp() || !"Follower".equals(r.status()) ? "" : " (NOT CAUGHT UP)")));
        t.print(out, "  ");
    }

    private static String ago(QuorumHealth q, long timestamp) {
        if (timestamp < 0) {
            return null;
        }
        long ms = Math.max(0, q.asOfMillis() - timestamp);
        return ms < 10_000 ? ms + " ms ago" : Humanize.duration(ms / 1000.0) + " ago";
    }

    /** Each TLS endpoint's certificate that expires first, as JSON-friendly maps (peer-given text escaped). */
    static java.util.List<Map<String, Object>> certificates(Snapshot s) {
        if (s.security() == null) {
            return java.util.List.of();
        }
        return s.security().endpoints().stream().map(e -> {
            Map<String, Object> m = new LinkedHashMap<>();
            m.put("endpoint", RecordText.escape(e.address()));
            m.put("source", RecordText.escape(e.source()));
            e.firstToExpire().ifPresentOrElse(c -> m.putAll(CertificateCheck.certificateEvidence(c, s.takenAt())),
                    () -> m.put("error", RecordText.escape(e.error())));
            return m;
        }).toList();
    }

    private static void printCertificates(PrintWriter out, Snapshot s) {
        var certificates = certificates(s);
        if (certificates.isEmpty()) {
            return;
        }
        out.printf("Certificates %d TLS endpoint(s)%n", certificates.size());
        Table table = new Table("ENDPOINT", "SOURCE", "SUBJECT", "NOT-AFTER", "DAYS-LEFT");
        certificates.forEach(c -> table.row(c.get("endpoint"), c.get("source"), c.getOrDefault("subject", c.get("error")),
                c.get("notAfter"), c.get("daysLeft")));
        table.print(out, "  ");
    }

    static void printFindings(PrintWriter out, CycleResult result) {
        if (result.findings().isEmpty()) {
            out.println("Findings    none: the cluster looks healthy");
            return;
        }
        out.printf("Findings    %d (worst %s)%n", result.findings().size(), result.worst());
        result.findings().stream()
                .sorted(Comparator.comparing((Finding f) -> f.severity().exitCode()).reversed().thenComparing(Finding::key))
                .forEach(f -> out.printf("  %-8s %s%n", f.severity(), RecordText.escape(f.message())));
    }
}
