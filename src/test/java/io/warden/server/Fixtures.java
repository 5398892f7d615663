package io.warden.server;

import io.warden.comply.CertificateInfo;
import io.warden.comply.SecurityReading;
import io.warden.comply.TlsEndpoint;
import io.warden.daemon.ha.FleetMember;
import io.warden.daemon.ha.HaMetrics;
import io.warden.snapshot.BrokerInfo;
import io.warden.snapshot.ClusterInfo;
import io.warden.snapshot.LogDirInfo;
import io.warden.snapshot.PartitionInfo;
import io.warden.snapshot.ProbeFailure;
import io.warden.dr.ReplicationStatus;
import io.warden.snapshot.Snapshot;
import io.warden.snapshot.SnapshotHistory;
import io.warden.snapshot.TopicInfo;
import io.warden.watch.CycleResult;
import io.warden.watch.Finding;
import io.warden.watch.GroupLag;
import io.warden.watch.GroupStatus;
import io.warden.watch.PartitionLag;
import io.warden.watch.QuorumHealth;
import io.warden.watch.Severity;
import java.time.Duration;
import java.time.Instant;
import java.util.List;
import java.util.Map;
import java.util.Set;

/** Hand-built cluster states and a clock the tests move. */
final class Fixtures {

    static final Instant T0 = Instant.parse("2025-01-01T12:00:00Z");

    private Fixtures() {
    }

    /**
     * Brokers 1 and 2 live, 3 expected but missing; topic "t" with partition 0 healthy and
     * partition 1 offline, min.insync.replicas 2; two log dirs holding "t"; broker 1's TLS certificate expires in 5 days.
     */
    static Snapshot snapshot(ProbeFailure... failures) {
        var cluster = new ClusterInfo("cid", List.of(new BrokerInfo(1, "b1", 9092, null), new BrokerInfo(2, "b2", 9092, null)),
                Set.of(1, 2, 3), 1, null);
        var topic = new TopicInfo("t", false, 2, List.of(
                new PartitionInfo("t", 0, 1, List.of(1, 2), List.of(1, 2), 5, 100),
                new PartitionInfo("t", 1, -1, List.of(2, 3), List.of(), -1, -1)));
        var logDirs = List.of(
                new LogDirInfo(1, "/data", 1_000, 400, Map.of("t", 300L), null),
                new LogDirInfo(2, "/data", -1, -1, Map.of("t", 200L), "KafkaStorageException"));
        var broker1 = new TlsEndpoint("b1", 9093, "broker 1 listener SSL", List.of(new CertificateInfo("CN=b1", "CN=ca",
                List.of("DNS:b1"), T0.minus(Duration.ofDays(10)), T0.plus(Duration.ofDays(5)))), null);
        var security = new SecurityReading(T0, List.of(), true, null, Map.of(), List.of(broker1));
        return new Snapshot(T0, cluster, List.of(topic), List.of(), logDirs, Map.of(), List.of(failures), 12, null)
                .withSecurity(security).withReplication(replication());
    }

    /**
     * DR pair to "dr": topic "t" 30 records and 45 s behind over two partitions (critical tier, RPO
     * 60 s), heartbeat 4 s old, groups' checkpoints 20 s and 90 s old.
     */
    static ReplicationStatus replication() {
        var p0 = new ReplicationStatus.PartitionReplication(0, 100, 80, 70L, 50L, 100, 0, 0.0, null);
        var p1 = new ReplicationStatus.PartitionReplication(1, 130, 100, null, null, 100, 30, 45.0, T0.minusSeconds(45));
        var t = new ReplicationStatus.TopicReplication("t", "primary.t", "critical", true, 2, 2, List.of(), 30, 45.0,
                List.of(p0, p1));
        return new ReplicationStatus(T0, "c", "dr", ReplicationStatus.DERIVATION, List.of(t),
                new ReplicationStatus.Heartbeat(true, T0.minusSeconds(4), 4.0, false),
                List.of(new ReplicationStatus.CheckpointAge("g1", T0.minusSeconds(20), 20.0, 0, false),
                        new ReplicationStatus.CheckpointAge("g2", T0.minusSeconds(90), 90.0, 0, false)),
                List.of(), List.of(new ReplicationStatus.TierRpo("critical", 60, 45.0, ReplicationStatus.TierRpo.WITHIN, 1,
                        "lag of t")), List.of(), List.of());
    }

    static GroupLag group(String name, long lag, Double lagSeconds, GroupStatus status) {
        var partition = new PartitionLag(name, "t", 0, 100 - lag, 100, lag, lagSeconds, false, 3.0, status, "m1", "c1", "h1");
        return new GroupLag(name, io.warden.snapshot.GroupType.CONSUMER, "STABLE", 2, status, lag, lagSeconds, 3.0, 1,
                List.of(partition), null);
    }

    static Finding finding(String key, Severity severity) {
        return new Finding(key, "test", severity, 1, key, Map.of(), Map.of());
    }

    static CycleResult result(List<GroupLag> lags, Finding... findings) {
        return new CycleResult(SnapshotHistory.of(snapshot()), lags, quorum(), List.of(findings));
    }

    /** Three voters, leader 1, voter 3 behind for a minute: one voter failure from losing the majority. */
    static QuorumHealth quorum() {
        long now = T0.toEpochMilli();
        return new QuorumHealth(1, 7, 1_000, List.of(
                new QuorumHealth.Replica(1, null, 1_000, 0, now, now, "Leader", true, 0),
                new QuorumHealth.Replica(2, null, 990, 10, now, now, "Follower", true, 0),
                new QuorumHealth.Replica(3, null, 400, 600, now - 60_000, now - 60_000, "Follower", false, 60_000)),
                List.of(), 2, 2, 0, Duration.ofSeconds(30), now);
    }

    /** A clock that stands still until a test moves it. */
    static final class MutableClock extends io.warden.MutableClock {
        MutableClock(Instant start) {
            super(start);
        }
    }

    /**
     * A scrape once a full cycle is published, with an event of every kind counted (histograms
     * included) and a fleet member's {@code warden_ha_*} gauges; default settings.
     */
    static String fullScrape() {
        var metrics = new WardenMetrics(new MutableClock(T0));
        ClusterMetrics cluster = metrics.cluster("c");
        cluster.recordCycle(Duration.ofSeconds(1), false);
        cluster.recordNotification("email", true);
        cluster.recordHealAttempt("restart-broker", "DONE");
        cluster.recordEscalation("restart-broker");
        cluster.recordRecovery("restart-broker", Duration.ofSeconds(40));
        cluster.recordHealPaused(false);
        cluster.publish(result(List.of(group("g", 1, 1.0, GroupStatus.OK))));
        HaMetrics.register(metrics.registry(), () -> new FleetMember.Role("w1", "fleet", "m1", 1, List.of("c"), List.of(), List.of()));
        return metrics.scrape();
    }

    /** Every sample name of {@link #fullScrape()}. */
    static Set<String> exportedMetricNames() {
        Set<String> names = new java.util.HashSet<>();
        fullScrape().lines().filter(l -> !l.startsWith("#") && !l.isBlank()).forEach(l -> names.add(l.split("[{ ]")[0]));
        return names;
    }
}
