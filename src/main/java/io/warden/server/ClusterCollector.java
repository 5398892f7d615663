package io.warden.server;

import io.prometheus.metrics.model.registry.MultiCollector;
import io.prometheus.metrics.model.snapshots.GaugeSnapshot;
import io.prometheus.metrics.model.snapshots.GaugeSnapshot.GaugeDataPointSnapshot;
import io.prometheus.metrics.model.snapshots.Labels;
import io.prometheus.metrics.model.snapshots.MetricSnapshot;
import io.prometheus.metrics.model.snapshots.MetricSnapshots;
import io.warden.dr.ReplicationStatus;
import io.warden.snapshot.BrokerInfo;
import io.warden.snapshot.LogDirInfo;
import io.warden.snapshot.PartitionInfo;
import io.warden.snapshot.Snapshot;
import io.warden.snapshot.TopicInfo;
import io.warden.watch.CycleResult;
import io.warden.watch.GroupLag;
import io.warden.watch.GroupStatus;
import io.warden.watch.PartitionLag;
import io.warden.watch.QuorumHealth;
import java.util.ArrayList;
import java.util.Collections;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;
import java.util.function.Supplier;

/**
 * The {@code kafka_*} gauges of every cluster, rebuilt from its latest {@link CycleResult} on every scrape, so a
 * deleted group, topic or broker simply stops being reported instead of lingering at its last value.
 * A probe that failed leaves its metrics out (unknown is not zero).
 */
final class ClusterCollector implements MultiCollector {

    /** Every metric this collector can emit, with its HELP text; the order is the output order. */
    static final Map<String, String> HELP = help();

    private static Map<String, String> help() {
        Map<String, String> help = new LinkedHashMap<>();
        help.put("kafka_broker_up", "1 for a live broker, 0 for an expected broker that is not registered.");
        help.put("kafka_brokers", "Number of live brokers.");
        help.put("kafka_controller_id", "Id of the active controller, -1 when none is reported.");
        help.put("kafka_quorum_voters", "Voters of the KRaft metadata quorum.");
        help.put("kafka_quorum_voters_caught_up", "KRaft voters caught up with the metadata log within the catch-up timeout: "
                + "those that count toward the majority.");
        help.put("kafka_quorum_failures_tolerated", "Further KRaft voter failures the quorum survives; negative when its "
                + "majority is lost.");
        help.put("kafka_quorum_voter_lag", "Records the KRaft voter's metadata log is behind the leader's log end offset.");
        help.put("kafka_partitions", "Number of partitions in the cluster.");
        help.put("kafka_partitions_offline", "Partitions without a leader.");
        help.put("kafka_partitions_under_replicated", "Partitions whose ISR is smaller than their replica set.");
        help.put("kafka_partitions_under_min_isr", "Partitions whose ISR is below min.insync.replicas: acks=all producers fail.");
        help.put("kafka_topic_partitions", "Number of partitions of the topic.");
        help.put("kafka_topic_partition_log_start_offset", "First retained offset of the partition.");
        help.put("kafka_topic_partition_log_end_offset", "Log end offset (high watermark) of the partition.");
        help.put("kafka_topic_size_bytes", "Bytes of the topic's replicas on disk, summed over all brokers and log dirs.");
        help.put("kafka_log_dir_online", "1 when the broker log dir is online, 0 when the broker reports it offline.");
        help.put("kafka_log_dir_used_bytes", "Bytes of partition replicas in the broker log dir.");
        help.put("kafka_log_dir_total_bytes", "Size of the volume holding the broker log dir.");
        help.put("kafka_log_dir_usable_bytes", "Free space on the volume holding the broker log dir.");
        help.put("kafka_consumergroup_lag", "Messages the group is behind on the partition (log end - committed; for a share "
                + "group the lag its broker reports).");
        help.put("kafka_consumergroup_lag_seconds", "Age in seconds of the next message the group will consume on the partition; "
                + "absent when it cannot be dated.");
        help.put("kafka_consumergroup_group_lag", "Messages the group is behind, summed over its partitions.");
        help.put("kafka_consumergroup_group_max_lag_seconds", "Age in seconds of the oldest unconsumed message of the group.");
        help.put("kafka_consumergroup_status", "Burrow-style status of the group: 1 on the current status (OK, WARN, STALL, "
                + "STOP, REWIND), 0 on the others.");
        help.put("kafka_consumergroup_members", "Members in the group.");
        help.put("kafka_tls_certificate_expiry_seconds", "Seconds from the last reading until the certificate of the TLS "
                + "endpoint (broker listener, Connect, Schema Registry) that expires first stops being valid; negative once expired.");
        help.put("kafka_consumergroup_rebalances", "Rebalances of the group seen within the watch window.");
        help.put("warden_dr_replication_lag_records", "Records of the source topic not yet on its DR replica, summed over "
                + "partitions (from MirrorMaker's newest offset-sync and the replica's end).");
        help.put("warden_dr_replication_lag_seconds", "Age in seconds of the oldest record of the source topic not yet on its "
                + "DR replica; 0 when caught up, absent when it cannot be dated.");
        help.put("warden_dr_rpo_seconds", "RPO estimate of the tier: worst replication lag seconds over its topics, at least "
                + "the heartbeat age when heartbeats are stale.");
        help.put("warden_dr_rpo_target_seconds", "RPO target of the tier.");
        help.put("warden_dr_heartbeat_age_seconds", "Age in seconds of MirrorMaker's newest heartbeat of the flow on the DR cluster.");
        help.put("warden_dr_checkpoint_age_seconds", "Age in seconds of the oldest newest-checkpoint over the groups MirrorMaker "
                + "checkpoints.");
        return Collections.unmodifiableMap(help);
    }

    private final Supplier<List<ClusterMetrics>> clusters;

    ClusterCollector(Supplier<List<ClusterMetrics>> clusters) {
        this.clusters = clusters;
    }

    @Override
    public MetricSnapshots collect() {
        var out = new Points();
        for (ClusterMetrics cluster : clusters.get()) {
            cluster.latest().ifPresent(result -> collect(result, out.forCluster(cluster.name())));
        }
        return out.build();
    }

    private static void collect(CycleResult result, Points out) {
        if (!result.history().isEmpty()) {
            Snapshot s = result.history().latest();
            if (!s.failed("cluster")) {
                brokers(s, out);
            }
            if (!s.failed("topics")) {
                partitions(s, out);
            }
            logDirs(s, out);
            certificates(s, out);
            replication(s, out);
        }
        if (result.quorum() != null) {
            quorum(result.quorum(), out);
        }
        groups(result.lags(), out);
    }

    @Override
    public List<String> getPrometheusNames() {
        return List.copyOf(HELP.keySet());
    }

    private static void brokers(Snapshot s, Points out) {
        for (BrokerInfo b : s.cluster().brokers()) {
            out.put("kafka_broker_up", 1, "broker", String.valueOf(b.id()));
        }
        for (int id : s.cluster().missingBrokerIds()) {
            out.put("kafka_broker_up", 0, "broker", String.valueOf(id));
        }
        out.put("kafka_brokers", s.cluster().brokers().size());
        Integer controller = s.cluster().controllerId();
        out.put("kafka_controller_id", controller == null ? -1 : controller);
    }

    private static void quorum(QuorumHealth q, Points out) {
        out.put("kafka_quorum_voters", q.voters().size());
        out.put("kafka_quorum_voters_caught_up", q.caughtUpVoters());
        out.put("kafka_quorum_failures_tolerated", q.failuresTolerated());
        q.voters().forEach(v -> out.put("kafka_quorum_voter_lag", v.lag(), "voter", String.valueOf(v.nodeId())));
    }

    private static void partitions(Snapshot s, Points out) {
        int total = 0, offline = 0, underReplicated = 0, underMinIsr = 0;
        for (TopicInfo t : s.topics()) {
            out.put("kafka_topic_partitions", t.partitions().size(), "topic", t.name());
            for (PartitionInfo p : t.partitions()) {
                total++;
                offline += p.offline() ? 1 : 0;
                underReplicated += p.underReplicated() ? 1 : 0;
                underMinIsr += p.underMinIsr(t.minInSyncReplicas()) ? 1 : 0;
                String partition = String.valueOf(p.partition());
                if (p.logStartOffset() >= 0) {
                    out.put("kafka_topic_partition_log_start_offset", p.logStartOffset(), "topic", t.name(), "partition", partition);
                }
                if (p.logEndOffset() >= 0) {
                    out.put("kafka_topic_partition_log_end_offset", p.logEndOffset(), "topic", t.name(), "partition", partition);
                }
            }
        }
        out.put("kafka_partitions", total);
        out.put("kafka_partitions_offline", offline);
        out.put("kafka_partitions_under_replicated", underReplicated);
        out.put("kafka_partitions_under_min_isr", underMinIsr);
    }

    private static void logDirs(Snapshot s, Points out) {
        Map<String, Long> bytesByTopic = new TreeMap<>();
        for (LogDirInfo d : s.logDirs()) {
            String broker = String.valueOf(d.brokerId());
            out.put("kafka_log_dir_online", d.error() == null ? 1 : 0, "broker", broker, "dir", d.path());
            out.put("kafka_log_dir_used_bytes", d.usedByKafka(), "broker", broker, "dir", d.path());
            if (d.totalBytes() >= 0) {
                out.put("kafka_log_dir_total_bytes", d.totalBytes(), "broker", broker, "dir", d.path());
            }
            if (d.usableBytes() >= 0) {
                out.put("kafka_log_dir_usable_bytes", d.usableBytes(), "broker", broker, "dir", d.path());
            }
            d.bytesByTopic().forEach((topic, bytes) -> bytesByTopic.merge(topic, bytes, Long::sum));
        }
        bytesByTopic.forEach((topic, bytes) -> out.put("kafka_topic_size_bytes", bytes, "topic", topic));
    }

    private static void certificates(Snapshot s, Points out) {
        if (s.security() == null) {
            return;
        }
        s.security().endpoints().forEach(e -> e.firstToExpire().ifPresent(c -> out.put("kafka_tls_certificate_expiry_seconds",
                c.remaining(s.takenAt()).toSeconds(), "endpoint", e.address(), "source", e.source())));
    }

    /** Per topic rather than per partition, so a DR pair adds one series per replicated topic, not thousands. */
    private static void replication(Snapshot s, Points out) {
        ReplicationStatus r = s.replication();
        if (r == null || !r.unreadable().isEmpty()) {
            return;
        }
        for (ReplicationStatus.TopicReplication t : r.topics()) {
            out.put("warden_dr_replication_lag_records", t.lagRecords(), "target", r.target(), "topic", t.topic());
            if (t.lagSeconds() != null) {
                out.put("warden_dr_replication_lag_seconds", t.lagSeconds(), "target", r.target(), "topic", t.topic());
            }
        }
        for (ReplicationStatus.TierRpo t : r.tiers()) {
            if (t.rpoSeconds() != null) {
                out.put("warden_dr_rpo_seconds", t.rpoSeconds(), "target", r.target(), "tier", t.tier());
            }
            out.put("warden_dr_rpo_target_seconds", t.targetSeconds(), "target", r.target(), "tier", t.tier());
        }
        if (r.heartbeat().ageSeconds() != null) {
            out.put("warden_dr_heartbeat_age_seconds", r.heartbeat().ageSeconds(), "target", r.target());
        }
        r.checkpoints().stream().map(ReplicationStatus.CheckpointAge::ageSeconds).filter(java.util.Objects::nonNull)
                .max(Double::compare).ifPresent(age -> out.put("warden_dr_checkpoint_age_seconds", age, "target", r.target()));
    }

    /** Every group series carries the group's {@code type} (CLASSIC, CONSUMER, SHARE, STREAMS): a share group's lag is the broker's count. */
    private static void groups(List<GroupLag> lags, Points out) {
        for (GroupLag g : lags) {
            String type = g.type().name();
            out.put("kafka_consumergroup_group_lag", g.totalLag(), "group", g.group(), "type", type);
            if (g.maxLagSeconds() != null) {
                out.put("kafka_consumergroup_group_max_lag_seconds", g.maxLagSeconds(), "group", g.group(), "type", type);
            }
            out.put("kafka_consumergroup_members", g.members(), "group", g.group(), "type", type);
            out.put("kafka_consumergroup_rebalances", g.rebalances(), "group", g.group(), "type", type);
            if (g.status() != null) {
                // every status is a series so that `== 1` queries and dashboards never see gaps on a change
                for (GroupStatus status : GroupStatus.values()) {
                    out.put("kafka_consumergroup_status", status == g.status() ? 1 : 0, "group", g.group(), "type", type,
                            "status", status.name());
                }
            }
            for (PartitionLag p : g.partitions()) {
                String partition = String.valueOf(p.partition());
                if (p.lag() >= 0) {
                    out.put("kafka_consumergroup_lag", p.lag(), "group", g.group(), "type", type, "topic", p.topic(),
                            "partition", partition);
                }
                if (p.lagSeconds() != null) {
                    out.put("kafka_consumergroup_lag_seconds", p.lagSeconds(), "group", g.group(), "type", type,
                            "topic", p.topic(), "partition", partition);
                }
            }
        }
    }

    /**
     * Data points by metric, for all clusters; a repeated label set overwrites, so odd input never
     * breaks a scrape.
     */
    private static final class Points {
        private final Map<String, Map<Labels, Double>> byMetric;
        private final String cluster;

        Points() {
            this(new LinkedHashMap<>(), null);
        }

        private Points(Map<String, Map<Labels, Double>> byMetric, String cluster) {
            this.byMetric = byMetric;
            this.cluster = cluster;
        }

        /** The same points, adding under {@code name}'s cluster label. */
        Points forCluster(String name) {
            return new Points(byMetric, name);
        }

        void put(String metric, double value, String... labelPairs) {
            String[] pairs = new String[labelPairs.length + 2];
            pairs[0] = "cluster";
            pairs[1] = cluster;
            System.arraycopy(labelPairs, 0, pairs, 2, labelPairs.length);
            byMetric.computeIfAbsent(metric, m -> new LinkedHashMap<>()).put(Labels.of(pairs), value);
        }

        MetricSnapshots build() {
            var snapshots = new ArrayList<MetricSnapshot>();
            for (String metric : HELP.keySet()) {
                Map<Labels, Double> points = byMetric.get(metric);
                if (points == null) {
                    continue;
                }
                var gauge = GaugeSnapshot.builder().name(metric).help(HELP.get(metric));
                points.forEach((labels, value) ->
                        gauge.dataPoint(GaugeDataPointSnapshot.builder().labels(labels).value(value).build()));
                snapshots.add(gauge.build());
            }
            if (snapshots.size() != byMetric.size()) {
                throw new IllegalStateException("metric without HELP text: " + byMetric.keySet());
            }
            return new MetricSnapshots(snapshots);
        }
    }
}
