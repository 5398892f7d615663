package io.warden.kafka;

import io.warden.snapshot.BrokerInfo;
import io.warden.snapshot.ClusterInfo;
import io.warden.snapshot.GroupInfo;
import io.warden.snapshot.LogDirInfo;
import io.warden.snapshot.PartitionInfo;
import io.warden.snapshot.ProbeFailure;
import io.warden.snapshot.QuorumState;
import io.warden.snapshot.Snapshot;
import io.warden.snapshot.TopicInfo;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.Collection;
import java.util.Comparator;
import java.util.HashMap;
import java.util.HashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.TreeMap;
import org.apache.kafka.clients.admin.Admin;
import org.apache.kafka.clients.admin.DescribeClusterOptions;
import org.apache.kafka.clients.admin.DescribeConfigsOptions;
import org.apache.kafka.clients.admin.DescribeFeaturesOptions;
import org.apache.kafka.clients.admin.DescribeLogDirsOptions;
import org.apache.kafka.clients.admin.DescribeMetadataQuorumOptions;
import org.apache.kafka.clients.admin.DescribeTopicsOptions;
import org.apache.kafka.clients.admin.FeatureMetadata;
import org.apache.kafka.clients.admin.ListOffsetsOptions;
import org.apache.kafka.clients.admin.ListOffsetsResult.ListOffsetsResultInfo;
import org.apache.kafka.clients.admin.ListTopicsOptions;
import org.apache.kafka.clients.admin.OffsetSpec;
import org.apache.kafka.clients.admin.QuorumInfo;
import org.apache.kafka.clients.admin.TopicDescription;
import org.apache.kafka.common.KafkaFuture;
import org.apache.kafka.common.Node;
import org.apache.kafka.common.TopicPartition;
import org.apache.kafka.common.Uuid;
import org.apache.kafka.common.config.ConfigResource;
import org.apache.kafka.common.errors.UnknownTopicOrPartitionException;

/**
 * Collects one {@link Snapshot} with as few round trips as the Admin API allows: the independent
 * requests are issued together, and each kind is batched (all topics in one describe, all
 * partitions in one list-offsets per spec, all groups in one offsets fetch). Every call is bounded
 * by the timeout; a call that fails becomes a {@link ProbeFailure} in the snapshot and the rest of
 * the snapshot is still filled in.
 */
public final class ClusterProbe {

    /** The feature that makes the controller keep eligible leader replicas (KIP-966). */
    static final String ELR_FEATURE = "eligible.leader.replicas.version";

    static final int OFFSETS_PER_CALL = 500;

    private final Admin admin;
    private final Duration timeout;
    private final Clock clock;
    private final AccessAdvice advice;

    public ClusterProbe(Admin admin, Duration timeout, Clock clock) {
        this(admin, timeout, clock, AccessAdvice.unknown());
    }

    /** @param advice names the ACL a refused request needs, for the principal the Admin client logs in as */
    public ClusterProbe(Admin admin, Duration timeout, Clock clock, AccessAdvice advice) {
        this.admin = admin;
        this.timeout = timeout;
        this.clock = clock;
        this.advice = advice;
    }

    public Snapshot collect(ProbeScope scope) {
        Instant start = clock.instant();
        int ms = (int) Math.max(1, Math.min(Integer.MAX_VALUE, timeout.toMillis()));
        List<ProbeFailure> failures = new ArrayList<>();

        // what the principal may do on the cluster tells whether ACLs may hide topics and groups from it
        var clusterResult = admin.describeCluster(new DescribeClusterOptions().includeAuthorizedOperations(true).timeoutMs(ms));
        var quorumFuture = scope.quorum()
                ? admin.describeMetadataQuorum(new DescribeMetadataQuorumOptions().timeoutMs(ms)).quorumInfo() : null;
        var topicNamesFuture = admin.listTopics(new ListTopicsOptions().listInternal(true).timeoutMs(ms)).names();
        var featuresFuture = admin.describeFeatures(new DescribeFeaturesOptions().timeoutMs(ms)).featureMetadata();
        GroupProbe groupProbe = new GroupProbe(admin, ms);
        var groupsFuture = groupProbe.list();

        Collection<Node> nodes = await(clusterResult.nodes(), "cluster", "*", failures);
        String clusterId = nodes == null ? null : await(clusterResult.clusterId(), "cluster", "*", failures);
        Node controller = nodes == null ? null : await(clusterResult.controller(), "cluster", "controller", failures);
        boolean restricted = nodes != null && AccessAdvice.restricted(
                await(clusterResult.authorizedOperations(), "cluster", "authorized-operations", failures));
        List<BrokerInfo> brokers = nodes == null ? List.of() : nodes.stream()
                .map(n -> new BrokerInfo(n.id(), n.host(), n.port(), n.rack()))
                .sorted(Comparator.comparingInt(BrokerInfo::id)).toList();

        // each request goes out as soon as what it needs is known, so the chains overlap
        var logDirsResult = scope.logDirs() && !brokers.isEmpty()
                ? admin.describeLogDirs(brokers.stream().map(BrokerInfo::id).toList(),
                        new DescribeLogDirsOptions().timeoutMs(ms)).descriptions() : null;
        // named groups are listed too: the listing says which type, hence which calls describe them
        var listed = nodes == null ? null : await(groupsFuture, "groups", "*", failures);
        var selected = GroupProbe.select(listed, scope.groups());
        if (restricted && selected.isEmpty() && scope.groups() == null && !failed(failures, "groups")) {
            failures.add(new ProbeFailure("groups", "*", advice.nothingVisible(org.apache.kafka.common.resource.ResourceType.GROUP)));
        }
        var groupRequests = groupProbe.request(selected);

        Set<String> topicNames = nodes == null ? null : await(topicNamesFuture, "topics", "*", failures);
        if (restricted && topicNames != null && topicNames.isEmpty()) {
            failures.add(new ProbeFailure("topics", "*", advice.nothingVisible(org.apache.kafka.common.resource.ResourceType.TOPIC)));
        }
        Map<String, TopicDescription> descriptions = topicNames == null ? Map.of() : describeTopics(topicNames, ms, failures);
        var configsFuture = scope.topicConfigs() && !descriptions.isEmpty() ? minIsrFuture(descriptions.keySet(), ms) : null;

        List<TopicPartition> readable = descriptions.values().stream()
                .flatMap(d -> d.partitions().stream()
                        .filter(p -> p.leader() != null && !p.leader().isEmpty())
                        .map(p -> new TopicPartition(d.name(), p.partition())))
                .toList();
        // offline partitions are left out: the Admin client would retry them until the timeout
        var earliest = scope.logStartOffsets() ? listOffsets(readable, OffsetSpec.earliest(), ms)
                : Map.<TopicPartition, KafkaFuture<ListOffsetsResultInfo>>of();
        var latest = listOffsets(readable, OffsetSpec.latest(), ms);


        QuorumState quorum = quorumFuture == null || nodes == null ? null : quorum(await(quorumFuture, "quorum", "*", failures));
        boolean keepsElr = nodes != null && keepsElr(await(featuresFuture, "features", "*", failures));
        Map<String, Integer> minIsr = configsFuture == null ? Map.of() : minIsr(configsFuture, failures);
        Map<TopicPartition, Long> starts = offsets(earliest, "offsets", failures);
        Map<TopicPartition, Long> ends = offsets(latest, "offsets", failures);
        List<TopicInfo> topics = topics(descriptions, minIsr, starts, ends, keepsElr);

        List<GroupInfo> groups = GroupProbe.collect(groupRequests, this::await, failures);

        List<LogDirInfo> logDirs = new ArrayList<>();
        if (logDirsResult != null) {
            logDirsResult.forEach((broker, future) -> {
                var dirs = await(future, "logdirs", "broker=" + broker, failures);
                if (dirs != null) {
                    dirs.forEach((path, dir) -> logDirs.add(logDir(broker, path, dir)));
                }
            });
            logDirs.sort(Comparator.comparingInt(LogDirInfo::brokerId).thenComparing(LogDirInfo::path));
        }

        Set<Integer> expected = new HashSet<>(scope.expectedBrokers());
        brokers.forEach(b -> expected.add(b.id()));
        topics.forEach(t -> t.partitions().forEach(p -> expected.addAll(p.replicas())));
        Integer controllerId = quorum != null && quorum.leaderId() >= 0 ? Integer.valueOf(quorum.leaderId())
                : quorum == null && controller != null && !controller.isEmpty() ? Integer.valueOf(controller.id()) : null;
        ClusterInfo cluster = new ClusterInfo(clusterId, brokers, expected, controllerId, quorum);
        long took = Duration.between(start, clock.instant()).toMillis();
        return new Snapshot(start, cluster, topics, groups, logDirs, Map.of(), failures, took, null);
    }

    private Map<String, TopicDescription> describeTopics(Set<String> names, int ms, List<ProbeFailure> failures) {
        if (names.isEmpty()) {
            return Map.of();
        }
        var futures = admin.describeTopics(names, new DescribeTopicsOptions().timeoutMs(ms)).topicNameValues();
        Map<String, TopicDescription> out = new TreeMap<>();
        futures.forEach((name, future) -> {
            try {
                out.put(name, Futures.get(future, timeout));
            } catch (UnknownTopicOrPartitionException deletedMeanwhile) {
                // listed, then deleted before the describe: not a failure
            } catch (RuntimeException e) {
                failures.add(new ProbeFailure("topics", name, advice.describeProbeFailure("topics", name, e)));
            }
        });
        return out;
    }

    private KafkaFuture<Map<ConfigResource, org.apache.kafka.clients.admin.Config>> minIsrFuture(Set<String> topics, int ms) {
        var resources = topics.stream().map(t -> new ConfigResource(ConfigResource.Type.TOPIC, t)).toList();
        return admin.describeConfigs(resources, new DescribeConfigsOptions().timeoutMs(ms)).all();
    }

    private Map<String, Integer> minIsr(KafkaFuture<Map<ConfigResource, org.apache.kafka.clients.admin.Config>> future,
                                        List<ProbeFailure> failures) {
        var configs = await(future, "topic-configs", "*", failures);
        Map<String, Integer> out = new HashMap<>();
        if (configs != null) {
            configs.forEach((resource, config) -> {
                var entry = config.get("min.insync.replicas");
                if (entry != null && entry.value() != null) {
                    out.put(resource.name(), Integer.parseInt(entry.value()));
                }
            });
        }
        return out;
    }

    /**
     * One request per {@link #OFFSETS_PER_CALL} partitions, all in flight together: the Admin client
     * spends time superlinear in the partitions of one call (10,000 in one call took several times
     * as long as the same in calls of 500, measured on Kafka 4.3.1's client).
     */
    private Map<TopicPartition, KafkaFuture<ListOffsetsResultInfo>> listOffsets(List<TopicPartition> partitions,
                                                                             OffsetSpec spec, int ms) {
        Map<TopicPartition, KafkaFuture<ListOffsetsResultInfo>> out = new HashMap<>();
        for (int from = 0; from < partitions.size(); from += OFFSETS_PER_CALL) {
            List<TopicPartition> chunk = partitions.subList(from, Math.min(partitions.size(), from + OFFSETS_PER_CALL));
            Map<TopicPartition, OffsetSpec> request = new HashMap<>();
            chunk.forEach(tp -> request.put(tp, spec));
            var result = admin.listOffsets(request, new ListOffsetsOptions().timeoutMs(ms));
            chunk.forEach(tp -> out.put(tp, result.partitionResult(tp)));
        }
        return out;
    }

    private Map<TopicPartition, Long> offsets(Map<TopicPartition, KafkaFuture<ListOffsetsResultInfo>> futures,
                                              String probe, List<ProbeFailure> failures) {
        Map<TopicPartition, Long> out = new HashMap<>();
        futures.forEach((tp, future) -> {
            var info = await(future, probe, tp.toString(), failures);
            if (info != null) {
                out.put(tp, info.offset());
            }
        });
        return out;
    }

    /** Whether the controller keeps eligible leader replicas (KIP-966); unknown counts as no. */
    private static boolean keepsElr(FeatureMetadata features) {
        if (features == null) {
            return false;
        }
        var elr = features.finalizedFeatures().get(ELR_FEATURE);
        return elr != null && elr.maxVersionLevel() >= 1;
    }

    private static List<Integer> ids(List<Node> nodes, boolean known) {
        return !known ? null : nodes == null ? List.of() : nodes.stream().map(Node::id).toList();
    }

    private static List<TopicInfo> topics(Map<String, TopicDescription> descriptions, Map<String, Integer> minIsr,
                                          Map<TopicPartition, Long> starts, Map<TopicPartition, Long> ends,
                                          boolean keepsElr) {
        List<TopicInfo> topics = new ArrayList<>();
        descriptions.values().forEach(d -> {
            List<PartitionInfo> partitions = d.partitions().stream().map(p -> {
                var tp = new TopicPartition(d.name(), p.partition());
                int leader = p.leader() == null || p.leader().isEmpty() ? -1 : p.leader().id();
                return new PartitionInfo(d.name(), p.partition(), leader,
                        p.replicas().stream().map(Node::id).toList(), p.isr().stream().map(Node::id).toList(),
                        starts.getOrDefault(tp, -1L), ends.getOrDefault(tp, -1L),
                        ids(p.elr(), keepsElr), ids(p.lastKnownElr(), keepsElr));
            }).sorted(Comparator.comparingInt(PartitionInfo::partition)).toList();
            topics.add(new TopicInfo(d.name(), d.isInternal(), minIsr.getOrDefault(d.name(), -1), partitions));
        });
        return topics;
    }

    private static LogDirInfo logDir(int broker, String path, org.apache.kafka.clients.admin.LogDirDescription dir) {
        Map<String, Long> byTopic = new HashMap<>();
        dir.replicaInfos().forEach((tp, info) -> byTopic.merge(tp.topic(), info.size(), Long::sum));
        return new LogDirInfo(broker, path, dir.totalBytes().orElse(-1), dir.usableBytes().orElse(-1), byTopic,
                dir.error() == null ? null : dir.error().getClass().getSimpleName() + ": " + dir.error().getMessage());
    }

    private static QuorumState quorum(QuorumInfo q) {
        if (q == null) {
            return null;
        }
        long leaderEnd = q.voters().stream().filter(v -> v.replicaId() == q.leaderId())
                .mapToLong(QuorumInfo.ReplicaState::logEndOffset).findFirst().orElse(q.highWatermark());
        return new QuorumState(q.leaderId(), q.leaderEpoch(), q.highWatermark(),
                q.voters().stream().map(v -> replica(v, leaderEnd)).toList(),
                q.observers().stream().map(v -> replica(v, leaderEnd)).toList());
    }

    /** Lag as {@code kafka-metadata-quorum describe --replication} computes it: leader's log end minus the replica's. */
    private static QuorumState.QuorumReplica replica(QuorumInfo.ReplicaState r, long leaderEnd) {
        String directory = r.replicaDirectoryId() == null || r.replicaDirectoryId().equals(Uuid.ZERO_UUID)
                ? null : r.replicaDirectoryId().toString();
        return new QuorumState.QuorumReplica(r.replicaId(), directory, r.logEndOffset(),
                Math.max(0, leaderEnd - r.logEndOffset()),
                r.lastFetchTimestamp().orElse(-1), r.lastCaughtUpTimestamp().orElse(-1));
    }

    private <T> T await(KafkaFuture<T> future, String probe, String target, List<ProbeFailure> failures) {
        if (future == null) {
            return null;
        }
        try {
            return Futures.get(future, timeout);
        } catch (RuntimeException e) {
            failures.add(new ProbeFailure(probe, target, advice.describeProbeFailure(probe, target, e)));
            return null;
        }
    }

    private static boolean failed(List<ProbeFailure> failures, String probe) {
        return failures.stream().anyMatch(f -> f.probe().equals(probe));
    }
}
