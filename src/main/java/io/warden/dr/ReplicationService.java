package io.warden.dr;

import io.warden.config.WardenConfig.RestServiceConfig;
import io.warden.connect.ConnectClient;
import io.warden.connect.ConnectSettings;
import io.warden.connect.ConnectStatus;
import io.warden.connect.ConnectorStatus;
import io.warden.connect.TaskStatus;
import io.warden.dr.MirrorRecords.GroupCheckpoint;
import io.warden.dr.MirrorRecords.OffsetSync;
import io.warden.dr.ReplicationStatus.CheckpointAge;
import io.warden.dr.ReplicationStatus.ConfigDifference;
import io.warden.dr.ReplicationStatus.Heartbeat;
import io.warden.dr.ReplicationStatus.MirrorConnector;
import io.warden.dr.ReplicationStatus.PartitionReplication;
import io.warden.dr.ReplicationStatus.TopicReplication;
import io.warden.kafka.AccessAdvice;
import io.warden.kafka.ConnectionSettings;
import io.warden.kafka.Futures;
import io.warden.kafka.KafkaConnection;
import io.warden.kafka.OffsetTimeProbe;
import io.warden.kafka.TopicScan;
import java.time.Clock;
import java.time.Instant;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.HashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.TreeMap;
import org.apache.kafka.clients.admin.Admin;
import org.apache.kafka.clients.admin.Config;
import org.apache.kafka.clients.admin.ConfigEntry;
import org.apache.kafka.clients.admin.DescribeConfigsOptions;
import org.apache.kafka.clients.admin.DescribeTopicsOptions;
import org.apache.kafka.clients.admin.ListConsumerGroupOffsetsSpec;
import org.apache.kafka.clients.admin.ListOffsetsOptions;
import org.apache.kafka.clients.admin.ListTopicsOptions;
import org.apache.kafka.clients.admin.OffsetSpec;
import org.apache.kafka.clients.admin.TopicDescription;
import org.apache.kafka.clients.consumer.OffsetAndMetadata;
import org.apache.kafka.common.TopicPartition;
import org.apache.kafka.common.acl.AclOperation;
import org.apache.kafka.common.config.ConfigResource;
import org.apache.kafka.common.errors.AuthorizationException;
import org.apache.kafka.common.errors.TopicAuthorizationException;
import org.apache.kafka.common.resource.ResourceType;

/**
 * Reads a DR pair's replication health: both clusters' topics and end offsets, MirrorMaker's
 * offset-syncs, heartbeats and checkpoints, the groups' positions on the source, the dates of the
 * oldest records not yet on DR and, when the DR side's Connect is configured, MirrorMaker's
 * connectors. Only reads. Keeps its clients open between readings, so the daemon reuses one
 * instance every cycle; one thread at a time.
 */
public final class ReplicationService implements AutoCloseable {

    /** Retention settings a replica must share with its source, or a failover loses data sooner (or later) than planned. */
    static final List<String> RETENTION = List.of("retention.ms", "retention.bytes", "cleanup.policy");
    private static final Set<String> MIRROR_CONNECTORS = Set.of("MirrorSourceConnector", "MirrorCheckpointConnector",
            "MirrorHeartbeatConnector");

    private DrPair pair;
    private Clients source;
    private Clients target;
    private OffsetTimeProbe dating;
    private ConnectClient connect;
    // kept from reading to reading: each reads only what MirrorMaker wrote since
    private MirrorRecords.Newest<TopicPartition, OffsetSync> syncsOnSource;
    private MirrorRecords.Newest<TopicPartition, OffsetSync> syncsOnTarget;
    private MirrorRecords.Newest<Map.Entry<String, TopicPartition>, GroupCheckpoint> checkpointReader;

    /** The pair's replication health now; never throws for a cluster that does not answer: that is in {@code unreadable}. */
    public ReplicationStatus status(DrPair pair, Clock clock) {
        open(pair, clock);
        Instant now = clock.instant();
        List<String> unreadable = new ArrayList<>();
        List<String> warnings = new ArrayList<>();
        Side src = read(source, pair.source().name(), "source", unreadable, warnings, t -> replicated(pair, t), true);
        Set<String> replicas = new HashSet<>();
        if (src != null) {
            src.partitions.keySet().forEach(t -> replicas.add(pair.naming().replicaOf(t)));
        }
        // the replicas are looked for by the name the policy gives them, not by listing what looks like one
        Side dst = read(target, pair.target().name(), "DR", unreadable, warnings, replicas::contains, false);
        if (src == null || dst == null) {
            return ReplicationStatus.unreadable(now, pair.source().name(), pair.target().name(), unreadable);
        }
        Map<TopicPartition, OffsetSync> syncs = offsetSyncs(pair, warnings);
        Map<TopicPartition, Long> reached = new HashMap<>();
        Map<TopicPartition, Set<Long>> toDate = new HashMap<>();
        for (var e : src.ends.entrySet()) {
            TopicPartition tp = e.getKey();
            long replicaEnd = dst.ends.getOrDefault(pair.naming().replicaOf(tp), -1L);
            long r = ReplicationLag.reached(syncs.get(tp), replicaEnd, src.starts.getOrDefault(tp, 0L), e.getValue());
            reached.put(tp, r);
            if (r < e.getValue()) {
                toDate.put(tp, Set.of(Math.max(r, src.starts.getOrDefault(tp, 0L))));
            }
        }
        Map<TopicPartition, Map<Long, Long>> dates = dating.lookup(toDate, pair.source().connection().timeout());
        if (dates.size() < toDate.size()) {
            warnings.add((toDate.size() - dates.size()) + " lagging partition(s) of " + pair.source().name() + " could not be"
                    + " dated: lag seconds reads the oldest record not yet on DR, which needs READ on the source topics ("
                    + AccessAdvice.of(source.settings).aclCommand(AclOperation.READ, ResourceType.TOPIC, "*") + ")");
        }
        List<TopicReplication> topics = new ArrayList<>();
        for (String topic : src.partitions.keySet()) {
            String replica = pair.naming().replicaOf(topic);
            List<PartitionReplication> parts = new ArrayList<>();
            for (int p = 0; p < src.partitions.get(topic); p++) {
                TopicPartition tp = new TopicPartition(topic, p);
                long sourceEnd = src.ends.getOrDefault(tp, 0L);
                long r = reached.getOrDefault(tp, sourceEnd);
                Long date = dates.getOrDefault(tp, Map.of()).get(Math.max(r, src.starts.getOrDefault(tp, 0L)));
                parts.add(ReplicationLag.partition(p, sourceEnd, dst.ends.getOrDefault(new TopicPartition(replica, p), -1L),
                        syncs.get(tp), r, date, now));
            }
            topics.add(ReplicationLag.topic(topic, replica, pair.tiers().of(topic).name(), dst.partitions.containsKey(replica),
                    src.partitions.get(topic), dst.partitions.getOrDefault(replica, 0),
                    differences(src.configs.get(topic), dst.configs.get(replica)), parts));
        }
        Heartbeat heartbeat = heartbeat(pair, now, warnings);
        List<CheckpointAge> checkpoints = checkpoints(pair, src.partitions.keySet(), now, warnings);
        List<MirrorConnector> connectors = connectors(pair, warnings);
        return new ReplicationStatus(now, pair.source().name(), pair.target().name(), ReplicationStatus.DERIVATION, topics,
                heartbeat, checkpoints, connectors, ReplicationLag.rpo(pair.tiers(), topics, heartbeat), unreadable, warnings);
    }

    /** What one cluster holds of the pair's topics, or null when it could not be read (the reason is added). */
    private static Side read(Clients c, String name, String role, List<String> unreadable, List<String> warnings,
                             java.util.function.Predicate<String> selected, boolean isSource) {
        var timeout = c.settings.timeout();
        int ms = c.settings.timeoutMillis();
        AclOperation needed = AclOperation.DESCRIBE;
        try {
            Set<String> all = Futures.get(c.admin.listTopics(new ListTopicsOptions().listInternal(false).timeoutMs(ms)).names(),
                    timeout);
            hiddenTopics(c, name, warnings);
            Set<String> wanted = new HashSet<>();
            all.stream().filter(selected).forEach(wanted::add);
            Map<String, Integer> partitions = new TreeMap<>();
            Map<TopicPartition, OffsetSpec> latest = new HashMap<>();
            Map<TopicPartition, OffsetSpec> earliest = new HashMap<>();
            if (!wanted.isEmpty()) {
                Map<String, TopicDescription> described = Futures.get(c.admin.describeTopics(wanted,
                        new DescribeTopicsOptions().timeoutMs(ms)).allTopicNames(), timeout);
                described.forEach((t, d) -> {
                    partitions.put(t, d.partitions().size());
                    d.partitions().forEach(p -> {
                        latest.put(new TopicPartition(t, p.partition()), OffsetSpec.latest());
                        earliest.put(new TopicPartition(t, p.partition()), OffsetSpec.earliest());
                    });
                });
            }
            Map<TopicPartition, Long> ends = offsets(c, latest);
            Map<TopicPartition, Long> starts = isSource ? offsets(c, earliest) : Map.of();
            needed = AclOperation.DESCRIBE_CONFIGS;
            List<ConfigResource> resources = partitions.keySet().stream()
                    .map(t -> new ConfigResource(ConfigResource.Type.TOPIC, t)).toList();
            Map<String, Map<String, String>> configs = new HashMap<>();
            if (!resources.isEmpty()) {
                Map<ConfigResource, Config> described = Futures.get(c.admin.describeConfigs(resources,
                        new DescribeConfigsOptions().timeoutMs(ms)).all(), timeout);
                described.forEach((r, config) -> {
                    Map<String, String> kept = new HashMap<>();
                    for (String key : RETENTION) {
                        ConfigEntry entry = config.get(key);
                        kept.put(key, entry == null ? null : entry.value());
                    }
                    configs.put(r.name(), kept);
                });
            }
            return new Side(partitions, ends, starts, configs);
        } catch (RuntimeException e) {
            unreadable.add(role + " cluster " + name + " (" + c.settings.bootstrapServers() + ") cannot be read: "
                    + AccessAdvice.of(c.settings).describeFailure("dr status", needed, ResourceType.TOPIC, "*", e));
            return null;
        }
    }

    /**
     * Listing topics leaves out those the principal may not DESCRIBE, without an error: a missing
     * replica or an empty pair may be an ACL. Kafka answers "not authorized" for a name the
     * principal may not DESCRIBE and "unknown" for one it may, so one look-up of a name no one
     * uses tells.
     */
    private static void hiddenTopics(Clients c, String name, List<String> warnings) {
        String probe = "warden-visibility-check-" + java.util.UUID.randomUUID();
        try {
            Futures.get(c.admin.describeTopics(List.of(probe), new DescribeTopicsOptions().timeoutMs(c.settings.timeoutMillis()))
                    .allTopicNames(), c.settings.timeout());
        } catch (AuthorizationException hidden) {
            warnings.add("topics of " + name + " may be hidden: " + AccessAdvice.of(c.settings).nothingVisible(ResourceType.TOPIC));
        } catch (RuntimeException unknownName) {
            // the name does not exist and the principal may know that: it sees every topic
        }
    }

    /** A source topic MirrorMaker replicates: the pair's filter selects it and it is none of Kafka's or MirrorMaker's own. */
    static boolean replicated(DrPair pair, String topic) {
        var policy = pair.naming().policy();
        // MirrorMaker never copies a topic back to the cluster it came from
        boolean cycle = pair.naming().targetAlias().equals(policy.topicSource(topic));
        return pair.topics().test(topic) && !policy.isInternalTopic(topic) && !pair.naming().isMirrorInternal(topic) && !cycle;
    }

    private static Map<TopicPartition, Long> offsets(Clients c, Map<TopicPartition, OffsetSpec> request) {
        Map<TopicPartition, Long> out = new HashMap<>();
        if (request.isEmpty()) {
            return out;
        }
        Futures.get(c.admin.listOffsets(request, new ListOffsetsOptions().timeoutMs(c.settings.timeoutMillis())).all(),
                c.settings.timeout()).forEach((tp, info) -> out.put(tp, info.offset()));
        return out;
    }

    private static List<ConfigDifference> differences(Map<String, String> source, Map<String, String> replica) {
        List<ConfigDifference> out = new ArrayList<>();
        if (source == null || replica == null) {
            return out;
        }
        for (String key : RETENTION) {
            String s = source.get(key);
            String r = replica.get(key);
            if (s != null && r != null && !s.equals(r)) {
                out.add(new ConfigDifference(key, s, r));
            }
        }
        return out;
    }

    /** The offset-syncs, on the source unless MirrorMaker keeps them on the target ({@code offset-syncs.topic.location=target}). */
    private Map<TopicPartition, OffsetSync> offsetSyncs(DrPair pair, List<String> warnings) {
        String topic = pair.naming().offsetSyncsTopic();
        try {
            var read = syncsOnSource.read(source.scan());
            if (!read.exists()) {
                read = syncsOnTarget.read(target.scan());
            }
            if (read.malformed() > 0) {
                warnings.add(read.malformed() + " record(s) of " + topic + " are not offset-syncs and were skipped");
            }
            return read.value();
        } catch (RuntimeException e) {
            warnings.add(AccessAdvice.of(source.settings).describeFailure("reading MirrorMaker's offset-syncs", AclOperation.READ,
                    ResourceType.TOPIC, topic, e) + " (until then lag assumes each replica starts at its source's log start)");
            return Map.of();
        }
    }

    private Heartbeat heartbeat(DrPair pair, Instant now, List<String> warnings) {
        String topic = pair.naming().heartbeatsTopic();
        try {
            var read = MirrorRecords.newestHeartbeat(target.scan(), topic, pair.naming().sourceAlias(), pair.naming().targetAlias());
            return ReplicationLag.heartbeat(read.exists(), read.value(), now, pair.heartbeatMaxAge());
        } catch (RuntimeException e) {
            warnings.add(AccessAdvice.of(target.settings).describeFailure("reading MirrorMaker's heartbeats on "
                    + pair.target().name(), AclOperation.READ, ResourceType.TOPIC, topic, e));
            return new Heartbeat(true, null, null, false);
        }
    }

    private List<CheckpointAge> checkpoints(DrPair pair, Set<String> replicated, Instant now, List<String> warnings) {
        var timeout = source.settings.timeout();
        try {
            List<String> groups = new ArrayList<>();
            Futures.get(source.admin.listGroups(org.apache.kafka.clients.admin.ListGroupsOptions.forConsumerGroups()).all(),
                    timeout).forEach(g -> {
                        if (pair.groups().test(g.groupId())) {
                            groups.add(g.groupId());
                        }
                    });
            if (groups.isEmpty()) {
                return List.of();
            }
            Map<String, ListConsumerGroupOffsetsSpec> specs = new HashMap<>();
            groups.forEach(g -> specs.put(g, new ListConsumerGroupOffsetsSpec()));
            Map<String, Map<TopicPartition, OffsetAndMetadata>> offsets =
                    Futures.get(source.admin.listConsumerGroupOffsets(specs).all(), timeout);
            var read = MirrorRecords.byGroup(checkpointReader.read(target.scan()));
            if (!read.exists()) {
                warnings.add("no checkpoints topic " + pair.naming().checkpointsTopic() + " on " + pair.target().name()
                        + ": MirrorMaker's emit.checkpoints is off or it never ran, so groups would restart from their reset policy");
                return List.of();
            }
            List<CheckpointAge> out = new ArrayList<>();
            for (String group : new java.util.TreeSet<>(offsets.keySet())) {
                Map<TopicPartition, Long> committed = new HashMap<>();
                offsets.get(group).forEach((tp, o) -> {
                    if (o != null && replicated.contains(tp.topic())) {
                        committed.put(tp, o.offset());
                    }
                });
                if (!committed.isEmpty()) {
                    // MirrorMaker names a checkpoint's partition as on DR (the replica's): looked up from the source's
                    Map<TopicPartition, GroupCheckpoint> onDr = read.value().getOrDefault(group, Map.of());
                    Map<TopicPartition, GroupCheckpoint> bySource = new HashMap<>();
                    committed.keySet().forEach(tp -> {
                        GroupCheckpoint c = onDr.get(pair.naming().replicaOf(tp));
                        if (c != null) {
                            bySource.put(tp, c);
                        }
                    });
                    out.add(ReplicationLag.checkpoint(group, committed, bySource, now, pair.checkpointMaxAge()));
                }
            }
            return out;
        } catch (RuntimeException e) {
            // a refused topic is the checkpoints topic on DR, a refused group is on the source
            boolean topicRefused = AccessAdvice.authorization(e) instanceof TopicAuthorizationException;
            var advice = AccessAdvice.of(topicRefused ? target.settings : source.settings);
            warnings.add(advice.describeFailure("judging checkpoints", topicRefused ? AclOperation.READ : AclOperation.DESCRIBE,
                    topicRefused ? ResourceType.TOPIC : ResourceType.GROUP, topicRefused ? pair.naming().checkpointsTopic() : "*", e));
            return List.of();
        }
    }

    private List<MirrorConnector> connectors(DrPair pair, List<String> warnings) {
        if (connect == null) {
            return List.of();
        }
        ConnectStatus status;
        try {
            status = connect.status();
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new IllegalStateException("interrupted while asking Kafka Connect", e);
        }
        if (!status.answered()) {
            warnings.add("Kafka Connect of " + pair.target().name() + " did not answer: " + status.workers().stream()
                    .map(w -> w.url() + " " + w.error()).toList());
            return List.of();
        }
        List<MirrorConnector> out = new ArrayList<>();
        for (ConnectorStatus c : status.connectors()) {
            String cls = c.connectorClass() == null ? "" : c.connectorClass();
            String simple = cls.substring(cls.lastIndexOf('.') + 1);
            if (MIRROR_CONNECTORS.contains(simple)) {
                out.add(new MirrorConnector(c.name(), simple, c.state(), c.tasks().stream().map(TaskStatus::state).toList(),
                        c.trace() != null ? c.trace() : c.failedTasks().stream().map(TaskStatus::trace).findFirst().orElse(null)));
            }
        }
        return out;
    }

    private void open(DrPair pair, Clock clock) {
        if (pair.equals(this.pair)) {
            return;
        }
        close();
        Clients s = new Clients(pair.source().connection(), clock);
        Clients t;
        try {
            t = new Clients(pair.target().connection(), clock);
        } catch (RuntimeException e) {
            // nothing half-open stays behind: the next reading starts over
            s.close();
            throw e;
        }
        this.source = s;
        this.target = t;
        this.dating = new OffsetTimeProbe(pair.source().connection(), clock);
        this.connect = connectClient(pair.target().connect());
        this.syncsOnSource = MirrorRecords.newestOffsetSyncs(pair.naming().offsetSyncsTopic());
        this.syncsOnTarget = MirrorRecords.newestOffsetSyncs(pair.naming().offsetSyncsTopic());
        this.checkpointReader = MirrorRecords.newestCheckpoints(pair.naming().checkpointsTopic());
        this.pair = pair;
    }

    private static ConnectClient connectClient(RestServiceConfig c) {
        if (c == null || c.urls().isEmpty()) {
            return null;
        }
        return new ConnectClient(ConnectSettings.of(c.urls(), c.username(), c.password(), c.timeout()));
    }

    @Override
    public void close() {
        for (AutoCloseable c : new AutoCloseable[] {dating, source, target}) {
            try {
                if (c != null) {
                    c.close();
                }
            } catch (Exception e) {
                // closing is tidying up: nothing was changed through these clients
            }
        }
        pair = null;
        source = null;
        target = null;
        dating = null;
        connect = null;
    }

    private record Side(Map<String, Integer> partitions, Map<TopicPartition, Long> ends, Map<TopicPartition, Long> starts,
                        Map<String, Map<String, String>> configs) {
    }

    /** One cluster's Admin and, made on first use, its reader of MirrorMaker's topics. */
    private static final class Clients implements AutoCloseable {
        final ConnectionSettings settings;
        final Admin admin;
        private final Clock clock;
        private TopicScan scan;

        Clients(ConnectionSettings settings, Clock clock) {
            this.settings = settings;
            this.admin = KafkaConnection.createRetryingLogin(settings);
            this.clock = clock;
        }

        TopicScan scan() {
            if (scan == null) {
                scan = TopicScan.open(settings, clock);
            }
            return scan;
        }

        @Override
        public void close() {
            admin.close(java.time.Duration.ofSeconds(5));
            if (scan != null) {
                scan.close();
            }
        }
    }
}
