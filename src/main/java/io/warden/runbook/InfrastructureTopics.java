package io.warden.runbook;

import io.warden.InputFiles;
import io.warden.WardenException;
import io.warden.kafka.Futures;
import java.nio.file.Path;
import java.time.Duration;
import java.util.Collection;
import java.util.HashMap;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Properties;
import java.util.Set;
import java.util.TreeSet;
import org.apache.kafka.clients.admin.Admin;
import org.apache.kafka.clients.admin.ConfigEntry;
import org.apache.kafka.common.config.ConfigResource;

/**
 * Topics in which another system keeps its own state: Kafka's and tools' internal topics, Kafka
 * Connect's storage, Schema Registry's {@code _schemas}, Kafka Streams' changelogs and repartition
 * topics, MirrorMaker 2's internal topics and replicas, and every compacted topic. They are read
 * without committed offsets and may be quiet for months, so they look unused; deleting one, or
 * writing records a stranger chose into one, breaks the system that owns it. Cleanup never
 * proposes them and a DLQ replay never writes to them unless the operator names one explicitly.
 *
 * <p>Names follow each system's defaults and conventions (MirrorMaker 2's
 * {@code DefaultReplicationPolicy}); Connect workers with other storage topic names are declared
 * from their properties files ({@link #connectWorker}), and those topics are compacted anyway.
 */
public final class InfrastructureTopics {

    /** The worker properties that name Kafka Connect's storage topics. */
    public static final List<String> CONNECT_STORAGE_KEYS = List.of("config.storage.topic", "offset.storage.topic",
            "status.storage.topic");

    private static final Set<String> CONNECT_DEFAULTS = Set.of("connect-configs", "connect-offsets", "connect-status");
    private static final List<String> STREAMS_SUFFIXES = List.of("-changelog", "-repartition",
            "-subscription-registration-topic", "-subscription-response-topic");
    private static final String CHECKPOINTS = ".checkpoints.internal";
    private static final String HEARTBEATS = "heartbeats";

    private final Map<String, String> declared;
    private final Set<String> mirroredClusters;

    private InfrastructureTopics(Map<String, String> declared, Set<String> mirroredClusters) {
        this.declared = Map.copyOf(declared);
        this.mirroredClusters = Set.copyOf(mirroredClusters);
    }

    /**
     * The rules for one cluster.
     *
     * @param clusterTopics every topic of the cluster: a {@code X.heartbeats} or {@code X.checkpoints.internal}
     *                      among them makes MirrorMaker 2's replicas {@code X.*} infrastructure too
     * @param declared      topic name to why it is infrastructure, e.g. from {@link #connectWorker}
     */
    public static InfrastructureTopics of(Collection<String> clusterTopics, Map<String, String> declared) {
        Set<String> aliases = new TreeSet<>();
        for (String t : clusterTopics) {
            if (t.endsWith(CHECKPOINTS) && t.length() > CHECKPOINTS.length()) {
                aliases.add(t.substring(0, t.length() - CHECKPOINTS.length()));
            } else if (t.endsWith("." + HEARTBEATS) && t.length() > HEARTBEATS.length() + 1) {
                aliases.add(t.substring(0, t.length() - HEARTBEATS.length() - 1));
            }
        }
        return new InfrastructureTopics(declared, aliases);
    }

    /**
     * Why a topic holds another system's state, or null for an ordinary topic.
     *
     * @param cleanupPolicy the topic's {@code cleanup.policy}; null when it could not be read, which
     *                      counts as infrastructure: a compacted topic must not pass for an ordinary one
     */
    public String reason(String topic, String cleanupPolicy) {
        String byName = reasonByName(topic);
        if (byName != null) {
            return byName;
        }
        if (cleanupPolicy == null) {
            return "its cleanup.policy could not be read (reading it needs DESCRIBE_CONFIGS on the topic), so it may be compacted";
        }
        if (cleanupPolicy.contains("compact")) {
            return "compacted (cleanup.policy=" + cleanupPolicy + "): it keeps the latest value per key, as Connect, "
                    + "Schema Registry and Streams stores do, and is read from its start without offsets";
        }
        return null;
    }

    /** Why a topic of this name holds another system's state, judged by its name alone (a topic that does not exist yet); or null. */
    public String reasonByName(String topic) {
        if (declared.containsKey(topic)) {
            return declared.get(topic);
        }
        if (topic.startsWith("__") || topic.startsWith(".")) {
            return "internal topic of Kafka or a tool (__*)";
        }
        if (topic.startsWith("_")) {
            return "internal topic of Schema Registry (_schemas) or another Confluent component (_*)";
        }
        if (CONNECT_DEFAULTS.contains(topic)) {
            return "Kafka Connect's storage topic (default name " + topic + ")";
        }
        if (topic.startsWith("mm2-") || topic.endsWith(".internal") || topic.endsWith("-internal")) {
            return "internal topic of MirrorMaker 2 or Kafka Connect (mm2-*, *.internal)";
        }
        if (topic.equals(HEARTBEATS) || topic.endsWith("." + HEARTBEATS)) {
            return "MirrorMaker 2's heartbeats";
        }
        for (String suffix : STREAMS_SUFFIXES) {
            if (topic.endsWith(suffix)) {
                return "Kafka Streams' internal topic (*" + suffix + ")";
            }
        }
        for (String alias : mirroredClusters) {
            if (topic.startsWith(alias + ".")) {
                return "MirrorMaker 2's replica of cluster " + alias + "'s topic (" + alias + ".heartbeats or "
                        + alias + CHECKPOINTS + " exists)";
            }
        }
        return null;
    }

    /**
     * The storage topics a distributed Kafka Connect worker's properties file names, each with why
     * it is infrastructure.
     *
     * @throws WardenException 66 when the file cannot be read, 65 when it names none of {@link #CONNECT_STORAGE_KEYS}
     */
    public static Map<String, String> connectWorker(Path file) {
        Properties props = InputFiles.readProperties(file, "Connect worker config");
        Map<String, String> topics = new LinkedHashMap<>();
        for (String key : CONNECT_STORAGE_KEYS) {
            String name = props.getProperty(key);
            if (name != null && !name.isBlank()) {
                topics.put(name.strip(), "Kafka Connect's storage topic (" + key + " in " + file + ")");
            }
        }
        if (topics.isEmpty()) {
            throw new WardenException(WardenException.DATA, "Connect worker config " + file + " names none of "
                    + String.join(", ", CONNECT_STORAGE_KEYS) + "; pass a distributed worker's properties file");
        }
        return topics;
    }

    /**
     * Each topic's {@code cleanup.policy}, in one request; null where it could not be read (a topic
     * deleted meanwhile, no DescribeConfigs permission), which {@link #reason} treats as maybe compacted.
     */
    public static Map<String, String> cleanupPolicies(Admin admin, Collection<String> topics, Duration timeout) {
        Map<String, String> policies = new HashMap<>();
        if (topics.isEmpty()) {
            return policies;
        }
        List<ConfigResource> resources = topics.stream().map(t -> new ConfigResource(ConfigResource.Type.TOPIC, t)).toList();
        admin.describeConfigs(resources).values().forEach((r, future) -> {
            String policy = null;
            try {
                ConfigEntry e = Futures.get(future, timeout).get("cleanup.policy");
                policy = e == null ? null : e.value();
            } catch (RuntimeException e) {
                // unknown: treated as possibly compacted, never as an ordinary topic
            }
            policies.put(r.name(), policy);
        });
        return policies;
    }
}
