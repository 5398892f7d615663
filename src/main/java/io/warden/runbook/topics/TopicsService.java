package io.warden.runbook.topics;

import org.apache.kafka.common.acl.AclOperation;
import org.apache.kafka.common.resource.ResourceType;
import io.warden.WardenException;
import io.warden.kafka.KafkaConnection;
import io.warden.kafka.Futures;
import java.time.Duration;
import java.util.ArrayList;
import java.util.Collection;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.TreeMap;
import java.util.TreeSet;
import org.apache.kafka.clients.admin.Admin;
import org.apache.kafka.clients.admin.AlterConfigOp;
import org.apache.kafka.clients.admin.Config;
import org.apache.kafka.clients.admin.ConfigEntry;
import org.apache.kafka.clients.admin.ListTopicsOptions;
import org.apache.kafka.clients.admin.NewPartitions;
import org.apache.kafka.clients.admin.NewTopic;
import org.apache.kafka.clients.admin.TopicDescription;
import org.apache.kafka.common.Node;
import org.apache.kafka.common.config.ConfigResource;

/**
 * Topics through the Admin API: reads their state, turns requests into {@link TopicChange} steps,
 * and executes steps one by one, each with its own result, so a failed step does not hide the others.
 */
public final class TopicsService {

    private final KafkaConnection connection;
    private final Admin admin;
    private final Duration timeout;

    public TopicsService(KafkaConnection connection) {
        this.connection = connection;
        this.admin = connection.admin();
        this.timeout = connection.settings().timeout();
    }

    /** {@link KafkaConnection#unseen}: why a topic may be missing from what this principal sees. */
    public String unseen(String topic) {
        return connection.unseen(ResourceType.TOPIC, topic);
    }

    /**
     * One warning per topic the plan would create that this principal may not DESCRIBE: Kafka then
     * answers "not authorized" whether or not it exists, so it may exist, hidden, and creating it
     * would fail.
     */
    public List<String> hiddenCreates(List<TopicChange> changes) {
        List<String> creates = changes.stream().filter(c -> c.action() == TopicChange.Action.CREATE).map(TopicChange::topic).toList();
        if (creates.isEmpty()) {
            return List.of();
        }
        var access = connection.access();
        List<String> warnings = new ArrayList<>();
        admin.describeTopics(creates).topicNameValues().forEach((topic, future) -> {
            try {
                Futures.get(future, timeout);
            } catch (org.apache.kafka.common.errors.TopicAuthorizationException hidden) {
                warnings.add("topic " + io.warden.kafka.RecordText.escape(topic) + " is planned for CREATE, but it may exist and "
                        + "be hidden from " + access.principal() + ": " + access.aclCommand(AclOperation.DESCRIBE, ResourceType.TOPIC, topic));
            } catch (RuntimeException absentOrUnknown) {
                // not there, as planned; other failures surface when the plan runs
            }
        });
        return warnings;
    }

    /** {@link KafkaConnection#hiddenByAcls} for topics. */
    public java.util.Optional<String> hiddenByAcls() {
        return connection.hiddenByAcls(ResourceType.TOPIC);
    }

    /** The names of the cluster's topics, sorted; internal ones ({@code __consumer_offsets}, ...) only if asked. */
    public List<String> names(boolean includeInternal) {
        return new ArrayList<>(new TreeSet<>(Futures.get(
                admin.listTopics(new ListTopicsOptions().listInternal(includeInternal)).names(), timeout)));
    }

    /** The state of the named topics that exist, by name; missing names are simply absent. */
    public Map<String, TopicState> states(Collection<String> names) {
        Set<String> existing = new TreeSet<>(names);
        existing.retainAll(Futures.get(admin.listTopics(new ListTopicsOptions().listInternal(true)).names(), timeout));
        if (existing.isEmpty()) {
            return Map.of();
        }
        Map<String, TopicDescription> descriptions = Futures.get(admin.describeTopics(existing).allTopicNames(), timeout);
        List<ConfigResource> resources = existing.stream().map(n -> new ConfigResource(ConfigResource.Type.TOPIC, n)).toList();
        Map<ConfigResource, Config> configs = Futures.get(admin.describeConfigs(resources).all(), timeout);
        Map<String, TopicState> states = new TreeMap<>();
        for (String name : existing) {
            TopicDescription d = descriptions.get(name);
            Map<String, String> overrides = new TreeMap<>();
            Map<String, String> effective = new HashMap<>();
            for (ConfigEntry e : configs.get(new ConfigResource(ConfigResource.Type.TOPIC, name)).entries()) {
                if (e.value() != null) {
                    effective.put(e.name(), e.value());
                    if (e.source() == ConfigEntry.ConfigSource.DYNAMIC_TOPIC_CONFIG) {
                        overrides.put(e.name(), e.isSensitive() ? "[hidden]" : e.value());
                    }
                }
            }
            List<TopicState.PartitionState> partitions = d.partitions().stream()
                    .map(p -> new TopicState.PartitionState(p.partition(), p.leader() == null || p.leader().isEmpty() ? -1 : p.leader().id(),
                            p.replicas().stream().map(Node::id).toList(), p.isr().stream().map(Node::id).toList()))
                    .toList();
            states.put(name, new TopicState(name, d.isInternal(), partitions, overrides, effective));
        }
        return states;
    }

    /** The step {@code topics create} would take, or a usage error when the topic exists. */
    public TopicChange createChange(TopicSpec spec) {
        if (!states(List.of(spec.name())).isEmpty()) {
            throw new WardenException(WardenException.USAGE, "topic '" + spec.name() + "' already exists; use topics alter");
        }
        return TopicPlanner.create(spec);
    }

    /** The steps {@code topics alter} would take: growing partitions, setting and removing configs. */
    public List<TopicChange> alterChanges(String topic, int partitions, Map<String, String> set, List<String> unset) {
        TopicState now = existing(List.of(topic)).get(topic);
        List<TopicChange> changes = new ArrayList<>(TopicPlanner.update(
                new TopicSpec(topic, partitions, -1, set, false, 0), now, false));
        List<String> remove = unset.stream().filter(now.overrides()::containsKey).toList();
        if (!remove.isEmpty()) {
            changes.add(new TopicChange(topic, TopicChange.Action.ALTER_CONFIGS, "unset " + remove.stream()
                    .map(k -> k + " (was " + now.overrides().get(k) + ")").toList(), 0, -1, Map.of(), remove));
        }
        return changes;
    }

    /** The steps {@code topics delete} would take; every name must exist. */
    public List<TopicChange> deleteChanges(List<String> topics) {
        Map<String, TopicState> states = existing(topics);
        return topics.stream().map(t -> new TopicChange(t, TopicChange.Action.DELETE, "delete topic ("
                + states.get(t).partitions().size() + " partitions)", 0, -1, Map.of(), List.of())).toList();
    }

    private Map<String, TopicState> existing(List<String> topics) {
        Map<String, TopicState> states = states(topics);
        List<String> missing = topics.stream().filter(t -> !states.containsKey(t)).toList();
        if (!missing.isEmpty()) {
            throw new WardenException(WardenException.USAGE, "no such topic: " + String.join(", ", missing)
                    + connection.unseen(ResourceType.TOPIC, missing.get(0)) + "; see warden topics list");
        }
        return states;
    }

    /** Why a step failed; when the authorizer refused it, the operation it needs and the ACL that allows it. */
    private String failure(TopicChange c, RuntimeException e) {
        if (io.warden.kafka.AccessAdvice.authorization(e) == null) {
            return Futures.describe(e);
        }
        AclOperation needed = switch (c.action()) {
            case CREATE -> AclOperation.CREATE;
            case ADD_PARTITIONS -> AclOperation.ALTER;
            case ALTER_CONFIGS -> AclOperation.ALTER_CONFIGS;
            case DELETE, REFUSED -> AclOperation.DELETE;
        };
        return connection.access().needs(c.action().name().toLowerCase(java.util.Locale.ROOT).replace('_', ' '),
                needed, ResourceType.TOPIC, c.topic());
    }

    /** Runs the executable steps in order, each on its own; refused steps are skipped. */
    public List<StepResult> execute(List<TopicChange> changes) {
        List<StepResult> results = new ArrayList<>();
        for (TopicChange c : changes) {
            if (!c.executable()) {
                continue;
            }
            try {
                run(c);
                results.add(new StepResult(c, true, "ok"));
            } catch (RuntimeException e) {
                results.add(new StepResult(c, false, failure(c, e)));
            }
        }
        return results;
    }

    private void run(TopicChange c) {
        switch (c.action()) {
            case CREATE -> {
                NewTopic topic = c.replicationFactor() > 0 ? new NewTopic(c.topic(), c.partitions(), (short) c.replicationFactor())
                        : new NewTopic(c.topic(), java.util.Optional.of(c.partitions()), java.util.Optional.empty());
                Futures.get(admin.createTopics(List.of(topic.configs(c.set()))).all(), timeout);
            }
            case ADD_PARTITIONS -> Futures.get(admin.createPartitions(
                    Map.of(c.topic(), NewPartitions.increaseTo(c.partitions()))).all(), timeout);
            case ALTER_CONFIGS -> {
                List<AlterConfigOp> ops = new ArrayList<>();
                c.set().forEach((k, v) -> ops.add(new AlterConfigOp(new ConfigEntry(k, v), AlterConfigOp.OpType.SET)));
                c.unset().forEach(k -> ops.add(new AlterConfigOp(new ConfigEntry(k, null), AlterConfigOp.OpType.DELETE)));
                Futures.get(admin.incrementalAlterConfigs(
                        Map.of(new ConfigResource(ConfigResource.Type.TOPIC, c.topic()), ops)).all(), timeout);
            }
            case DELETE -> Futures.get(admin.deleteTopics(List.of(c.topic())).all(), timeout);
            case REFUSED -> throw new IllegalStateException("a refused step is never run");
        }
    }
}
