package io.warden.embedded;

import static org.awaitility.Awaitility.await;

import ch.qos.logback.classic.Level;
import ch.qos.logback.classic.Logger;
import java.time.Duration;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.TimeoutException;
import java.util.stream.Collectors;
import org.apache.kafka.clients.admin.Admin;
import org.apache.kafka.clients.admin.OffsetSpec;
import org.apache.kafka.clients.consumer.OffsetAndMetadata;
import org.apache.kafka.common.TopicPartition;
import org.apache.kafka.common.errors.UnknownTopicOrPartitionException;
import org.apache.kafka.common.utils.Exit;
import org.apache.kafka.connect.mirror.MirrorCheckpointConnector;
import org.apache.kafka.connect.mirror.MirrorHeartbeatConnector;
import org.apache.kafka.connect.mirror.MirrorMaker;
import org.apache.kafka.connect.mirror.MirrorSourceConnector;
import org.apache.kafka.connect.mirror.RemoteClusterUtils;
import org.apache.kafka.connect.mirror.SourceAndTarget;
import org.slf4j.LoggerFactory;

/**
 * A real MirrorMaker 2 (dedicated mode, in this JVM) replicating one EmbeddedKafka, alias {@value #PRIMARY}, to another,
 * alias {@value #DR}, with the default replication policy: the ground that disaster-recovery features are tested on.
 */
public final class MirrorMakerKit implements AutoCloseable {

    public static final String PRIMARY = "primary";
    public static final String DR = "dr";
    private final SourceAndTarget flow;
    private static final Duration START_TIMEOUT = Duration.ofSeconds(60);
    /** Connect and the replicated clients log every step at INFO; the tests need only its problems. */
    private static final List<String> CHATTY = List.of("org.apache.kafka", "org.eclipse.jetty", "org.glassfish", "org.reflections");

    private final String primaryBootstrap;
    private final String drBootstrap;
    private final Map<String, String> config;
    private final Map<String, Level> levelsBefore = new HashMap<>();
    private MirrorMaker mirrorMaker;

    /**
     * @param topics regex of the primary's topics to replicate
     * @param groups regex of the primary's consumer groups to checkpoint
     */
    public MirrorMakerKit(EmbeddedKafka primary, EmbeddedKafka dr, String topics, String groups) {
        this(primary, dr, topics, groups, false);
    }

    private MirrorMakerKit(EmbeddedKafka primary, EmbeddedKafka dr, String topics, String groups, boolean back) {
        this.primaryBootstrap = primary.bootstrapServers();
        this.drBootstrap = dr.bootstrapServers();
        this.flow = back ? new SourceAndTarget(DR, PRIMARY) : new SourceAndTarget(PRIMARY, DR);
        this.config = config(primaryBootstrap, drBootstrap, topics, groups, flow);
    }

    /**
     * The way back after a failover: MirrorMaker replicating the DR cluster's {@code topics} to the
     * primary (as {@code dr.<topic>}), checkpointing {@code groups} there; primary→dr is off.
     */
    public static MirrorMakerKit back(EmbeddedKafka primary, EmbeddedKafka dr, String topics, String groups) {
        return new MirrorMakerKit(primary, dr, topics, groups, true);
    }

    private static Map<String, String> config(String primaryBootstrap, String drBootstrap, String topics, String groups,
                                              SourceAndTarget on) {
        Map<String, String> c = new HashMap<>();
        c.put("clusters", PRIMARY + ", " + DR);
        c.put(PRIMARY + ".bootstrap.servers", primaryBootstrap);
        c.put(DR + ".bootstrap.servers", drBootstrap);
        String flow = on.source() + "->" + on.target() + ".";
        c.put(flow + "enabled", "true");
        c.put(flow + "topics", topics);
        c.put(flow + "groups", groups);
        c.put(on.target() + "->" + on.source() + ".enabled", "false");
        // as in a default deployment, the dr->primary herder still emits heartbeats into the primary, which
        // primary->dr replicates to primary.heartbeats on DR (what RemoteClusterUtils.upstreamClusters reads)
        c.put("emit.heartbeats.enabled", "true");
        c.put("emit.heartbeats.interval.seconds", "1");
        c.put("emit.checkpoints.enabled", "true");
        c.put("emit.checkpoints.interval.seconds", "1");
        c.put("sync.group.offsets.enabled", "false");
        c.put("refresh.topics.interval.seconds", "2");
        c.put("refresh.groups.interval.seconds", "2");
        c.put("sync.topic.configs.interval.seconds", "2");
        c.put("sync.topic.acls.enabled", "false"); // the test clusters have no authorizer
        c.put("offset.lag.max", "10");
        // a herder's worker takes the settings prefixed with its target cluster's alias
        for (String cluster : List.of(PRIMARY, DR)) {
            // offset syncs leave the source task only when the worker flushes its offsets (default 60 s)
            c.put(cluster + ".offset.flush.interval.ms", "1000");
            // scanning the whole test classpath for plugins costs seconds; the three connectors are registered services
            c.put(cluster + ".plugin.discovery", "service_load");
        }
        c.put("plugin.discovery", "service_load"); // MirrorMaker's own plugin look-up reads the top level
        c.put("replication.factor", "1");
        for (String internal : List.of("checkpoints.topic", "heartbeats.topic", "offset-syncs.topic",
                "offset.storage", "status.storage", "config.storage")) {
            c.put(internal + ".replication.factor", "1");
        }
        c.put("offset.storage.partitions", "1");
        c.put("status.storage.partitions", "1");
        return Map.copyOf(c);
    }

    /** The name a replicated topic has on DR: {@code primary.<topic>}. */
    public static String remoteTopic(String topic) {
        return PRIMARY + "." + topic;
    }

    /** The mm2.properties-equivalent configuration this kit runs. */
    public Map<String, String> config() {
        return config;
    }

    /** Client configuration for the DR cluster, as {@link RemoteClusterUtils} takes it. */
    public Map<String, Object> drClientConfig() {
        return Map.of("bootstrap.servers", drBootstrap);
    }

    public boolean isRunning() {
        return mirrorMaker != null;
    }

    /** Starts MirrorMaker and returns once its three connectors for its flow are running. */
    public synchronized void start() {
        if (mirrorMaker != null) {
            throw new IllegalStateException("MirrorMaker already running");
        }
        quietLogs();
        // MirrorMaker exits the JVM on fatal errors and registers a JVM shutdown hook: here the test owns both
        Exit.setExitProcedure((code, message) -> {
            throw new IllegalStateException("MirrorMaker asked to exit with " + code + ": " + message);
        });
        Exit.setShutdownHookAdder((name, hook) -> { });
        try {
            mirrorMaker = new MirrorMaker(config, List.of(PRIMARY, DR));
            mirrorMaker.start();
        } catch (RuntimeException e) {
            stop();
            throw e;
        } finally {
            Exit.resetShutdownHookAdder();
        }
        try {
            for (Class<?> connector : List.of(MirrorSourceConnector.class, MirrorCheckpointConnector.class, MirrorHeartbeatConnector.class)) {
                await("MirrorMaker " + connector.getSimpleName() + " running").atMost(START_TIMEOUT)
                        .pollInterval(Duration.ofMillis(200)).ignoreExceptions()
                        .until(() -> "RUNNING".equals(mirrorMaker.connectorStatus(flow, connector.getSimpleName()).connector().state()));
            }
        } catch (RuntimeException | Error e) {
            stop();
            throw e;
        }
    }

    /** Stops replication; both clusters and everything already replicated stay. */
    public synchronized void stop() {
        try {
            if (mirrorMaker != null) {
                mirrorMaker.stop();
            }
        } finally {
            mirrorMaker = null;
            Exit.resetExitProcedure();
            restoreLogs();
        }
    }

    @Override
    public void close() {
        stop();
    }

    /** Waits until DR's {@code primary.<topic>} holds at least {@code records} records over all partitions. */
    public void awaitReplicated(String topic, long records, Duration timeout) {
        try (Admin admin = Admin.create(Map.of("bootstrap.servers", drBootstrap))) {
            await(records + " records of " + topic + " on DR").atMost(timeout).pollInterval(Duration.ofMillis(200))
                    .ignoreExceptionsInstanceOf(UnknownTopicOrPartitionException.class)
                    .until(() -> endOffsets(admin, remoteTopic(topic)) >= records);
        }
    }

    /** The sum of DR's end offsets over every partition of {@code topic}; 0 while it does not exist. */
    public long drEndOffsets(String topic) {
        try (Admin admin = Admin.create(Map.of("bootstrap.servers", drBootstrap))) {
            return endOffsets(admin, topic);
        } catch (Exception e) {
            if (e.getCause() instanceof UnknownTopicOrPartitionException) {
                return 0;
            }
            throw new IllegalStateException("cannot read end offsets of " + topic + " on DR", e);
        }
    }

    /** The sum of the end offsets over every partition of {@code topic} on the cluster {@code admin} talks to. */
    public static long endOffsets(Admin admin, String topic) throws Exception {
        var description = admin.describeTopics(List.of(topic)).allTopicNames().get().get(topic);
        Map<TopicPartition, OffsetSpec> latest = description.partitions().stream()
                .collect(Collectors.toMap(p -> new TopicPartition(topic, p.partition()), p -> OffsetSpec.latest()));
        return admin.listOffsets(latest).all().get().values().stream().mapToLong(o -> o.offset()).sum();
    }

    /** Waits until a checkpoint of {@code group} is on DR and returns its translation, as RemoteClusterUtils gives it. */
    public Map<TopicPartition, OffsetAndMetadata> awaitCheckpoint(String group, Duration timeout) {
        return await("checkpoint of group " + group + " on DR").atMost(timeout).pollInterval(Duration.ofMillis(500))
                .until(() -> translateOffsets(group), translated -> !translated.isEmpty());
    }

    /** The group's offsets translated for DR from the latest checkpoints ({@link RemoteClusterUtils#translateOffsets}). */
    public Map<TopicPartition, OffsetAndMetadata> translateOffsets(String group) throws InterruptedException, TimeoutException {
        return RemoteClusterUtils.translateOffsets(drClientConfig(), PRIMARY, group, Duration.ofSeconds(10));
    }

    private void quietLogs() {
        for (String name : CHATTY) {
            Logger logger = (Logger) LoggerFactory.getLogger(name);
            levelsBefore.putIfAbsent(name, logger.getLevel());
            logger.setLevel(Level.WARN);
        }
    }

    private void restoreLogs() {
        levelsBefore.forEach((name, level) -> ((Logger) LoggerFactory.getLogger(name)).setLevel(level));
        levelsBefore.clear();
    }

    /** Closes MirrorMaker and the two clusters of a test class, in that order, each even when another fails. */
    public static void closeAll(AutoCloseable... parts) {
        for (AutoCloseable c : parts) {
            try {
                if (c != null) {
                    c.close();
                }
            } catch (Exception e) {
                // keep closing the rest
            }
        }
    }
}
