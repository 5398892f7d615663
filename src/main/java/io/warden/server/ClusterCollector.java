package io.warden.server;

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
import java.nio.charset.StandardCharsets;
import java.util.Collections;
import java.util.HashMap;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;

/**
 * The {@code kafka_*} and {@code warden_dr_*} gauges of one cluster, rendered as Prometheus text once
 * per cycle from its {@link CycleResult}, so a scrape only copies what the last cycle rendered and a
 * deleted group, topic or broker simply stops being reported instead of lingering at its last value.
 * A probe that failed leaves its metrics out (unknown is not zero). Per partition only the lag of
 * the partitions {@link PartitionSeries} picks; topics get per-topic series.
 */
final class ClusterCollector {

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
        help.put("kafka_topic_log_start_offset", "First retained offsets of the topic's partitions, summed; end minus start "
                + "is the records the topic retains.");
        help.put("kafka_topic_log_end_offset", "Log end offsets (high watermarks) of the topic's partitions, summed: its "
                + "rate is the topic's produce rate.");
        help.put("kafka_topic_size_bytes", "Bytes of the topic's replicas on disk, summed over all brokers and log dirs.");
        help.put("kafka_log_dir_online", "1 when the broker log dir is online, 0 when the broker reports it offline.");
        help.put("kafka_log_dir_used_bytes", "Bytes of partition replicas in the broker log dir.");
        help.put("kafka_log_dir_total_bytes", "Size of the volume holding the broker log dir.");
        help.put("kafka_log_dir_usable_bytes", "Free space on the volume holding the broker log dir.");
        help.put("kafka_consumergroup_lag", "Messages the group is behind on the partition (log end - committed; for a share "
                + "group the lag its broker reports); only the group's worst partitions unless metrics.partition-lag names it.");
        help.put("kafka_consumergroup_lag_seconds", "Age in seconds of the next message the group will consume on the partition; "
                + "absent when it cannot be dated; for the partitions kafka_consumergroup_lag is exported for.");
        help.put("kafka_consumergroup_group_lag", "Messages the group is behind, summed over its partitions.");
        help.put("kafka_consumergroup_group_max_lag_seconds", "Age in seconds of the oldest unconsumed message of the group.");
        help.put("kafka_consumergroup_status", "Burrow-style status of the group: 1 on the current status (OK, WARN, STALL, "
                + "STOP, REWIND), 0 on the others.");
        help.put("kafka_consumergroup_members", "Members in the group.");
        help.put("kafka_consumergroup_partitions", "Partitions the group has offsets on.");
        help.put("kafka_consumergroup_partitions_lagging", "Partitions on which the group is behind.");
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

    private ClusterCollector() {
    }

    /** The text of {@code result}'s gauges under {@code cluster}'s label. */
    static Rendered render(String cluster, CycleResult result, PartitionSeries series) {
        var out = new Points(cluster);
        collect(result, series, out);
        return out.build();
    }

    private static void collect(CycleResult result, PartitionSeries series, Points out) {
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
        groups(result.lags(), series, out);
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

    /** Per topic, not per partition: 1,000 topics of 10 partitions make 4,000 series here, not 20,000. */
    private static void partitions(Snapshot s, Points out) {
        int total = 0, offline = 0, underReplicated = 0, underMinIsr = 0;
        for (TopicInfo t : s.topics()) {
            out.put("kafka_topic_partitions", t.partitions().size(), "topic", t.name());
            long start = 0, end = 0;
            boolean known = true;
            for (PartitionInfo p : t.partitions()) {
                total++;
                offline += p.offline() ? 1 : 0;
                underReplicated += p.underReplicated() ? 1 : 0;
                underMinIsr += p.underMinIsr(t.minInSyncReplicas()) ? 1 : 0;
                known &= p.logStartOffset() >= 0 && p.logEndOffset() >= 0;
                start += p.logStartOffset();
                end += p.logEndOffset();
            }
            // a sum over some partitions would drop when one is unknown and fake a reset to rate()
            if (known && !t.partitions().isEmpty()) {
                out.put("kafka_topic_log_start_offset", start, "topic", t.name());
                out.put("kafka_topic_log_end_offset", end, "topic", t.name());
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

    /**
     * Every group series carries the group's {@code type} (CLASSIC, CONSUMER, SHARE, STREAMS): a share
     * group's lag is the broker's count. Per partition only what {@code series} picks.
     */
    private static void groups(List<GroupLag> lags, PartitionSeries series, Points out) {
        for (GroupLag g : lags) {
            String type = g.type().name();
            out.put("kafka_consumergroup_group_lag", g.totalLag(), "group", g.group(), "type", type);
            if (g.maxLagSeconds() != null) {
                out.put("kafka_consumergroup_group_max_lag_seconds", g.maxLagSeconds(), "group", g.group(), "type", type);
            }
            out.put("kafka_consumergroup_members", g.members(), "group", g.group(), "type", type);
            out.put("kafka_consumergroup_rebalances", g.rebalances(), "group", g.group(), "type", type);
            out.put("kafka_consumergroup_partitions", g.partitions().size(), "group", g.group(), "type", type);
            out.put("kafka_consumergroup_partitions_lagging", g.partitions().stream().filter(p -> p.lag() > 0).count(),
                    "group", g.group(), "type", type);
            if (g.status() != null) {
                // every status is a series so that `== 1` queries and dashboards never see gaps on a change
                for (GroupStatus status : GroupStatus.values()) {
                    out.put("kafka_consumergroup_status", status == g.status() ? 1 : 0, "group", g.group(), "type", type,
                            "status", status.name());
                }
            }
            for (PartitionLag p : series.exported(g)) {
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
     * One cluster's rendered gauges: per metric its sample lines, in Prometheus text format 0.0.4,
     * without HELP and TYPE (a scrape of several clusters writes those once per metric). Immutable:
     * made on the cycle's thread, read by any number of scrapes.
     *
     * @param samples by metric name, in {@link #HELP}'s order, UTF-8; metrics without samples are absent
     * @param series  how many samples in all
     * @param bytes   the size of all samples
     */
    record Rendered(Map<String, byte[]> samples, int series, int bytes) {

        static final Rendered NONE = new Rendered(Map.of(), 0, 0);

        /** Never modified after {@link Points#build()}: the arrays are not copied. */
        Rendered {
            samples = Collections.unmodifiableMap(new LinkedHashMap<>(samples));
        }
    }

    /**
     * Sample lines by metric, written as they come. A label set seen twice for a metric (odd input)
     * keeps its first value, so a scrape never holds a duplicate sample.
     */
    private static final class Points {
        private final String cluster;
        private final Map<String, Map<String, String>> byMetric = new HashMap<>();
        private int series;

        Points(String cluster) {
            this.cluster = cluster;
        }

        void put(String metric, double value, String... labelPairs) {
            if (!HELP.containsKey(metric)) {
                throw new IllegalStateException("metric without HELP text: " + metric);
            }
            String labels = labels(labelPairs);
            String line = metric + labels + ' ' + value(value) + '\n';
            if (byMetric.computeIfAbsent(metric, m -> new LinkedHashMap<>()).putIfAbsent(labels, line) == null) {
                series++;
            }
        }

        /** {@code {a="1",b="2"}}: the cluster's label among the others, sorted by name as the Prometheus client does. */
        private String labels(String[] pairs) {
            String[] names = new String[pairs.length / 2 + 1];
            String[] values = new String[names.length];
            names[0] = "cluster";
            values[0] = cluster;
            for (int i = 1; i < names.length; i++) {
                String name = pairs[2 * i - 2];
                String v = pairs[2 * i - 1];
                int j = i;
                for (; j > 0 && names[j - 1].compareTo(name) > 0; j--) {
                    names[j] = names[j - 1];
                    values[j] = values[j - 1];
                }
                names[j] = name;
                values[j] = v;
            }
            StringBuilder b = new StringBuilder(64).append('{');
            for (int i = 0; i < names.length; i++) {
                b.append(i == 0 ? "" : ",").append(names[i]).append("=\"");
                escape(values[i], b);
                b.append('"');
            }
            return b.append('}').toString();
        }

        /** Names and values come from the cluster: a quote, backslash or line break must not end the value or the line. */
        private static void escape(String value, StringBuilder b) {
            for (int i = 0; i < value.length(); i++) {
                char c = value.charAt(i);
                switch (c) {
                    case '\\' -> b.append("\\\\");
                    case '"' -> b.append("\\\"");
                    case '\n' -> b.append("\\n");
                    default -> b.append(c);
                }
            }
        }

        private static String value(double v) {
            if (v == Double.POSITIVE_INFINITY) {
                return "+Inf";
            }
            return v == Double.NEGATIVE_INFINITY ? "-Inf" : Double.toString(v);
        }

        Rendered build() {
            Map<String, byte[]> samples = new LinkedHashMap<>();
            int bytes = 0;
            for (String metric : HELP.keySet()) {
                Map<String, String> lines = byMetric.get(metric);
                if (lines != null) {
                    StringBuilder b = new StringBuilder(lines.size() * 96);
                    lines.values().forEach(b::append);
                    byte[] utf8 = b.toString().getBytes(StandardCharsets.UTF_8);
                    samples.put(metric, utf8);
                    bytes += utf8.length;
                }
            }
            return new Rendered(samples, series, bytes);
        }
    }
}
