package io.warden.protect.metadata;

import io.warden.connect.ConnectClient;
import io.warden.kafka.Futures;
import io.warden.kafka.TopicReadiness;
import io.warden.kafka.KafkaConnection;
import io.warden.schemaregistry.SchemaRegistryClient;
import java.time.Clock;
import java.util.ArrayList;
import io.warden.snapshot.GroupInfo;
import io.warden.snapshot.GroupType;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import java.util.TreeSet;
import org.apache.kafka.clients.admin.NewTopic;

/**
 * Restores a metadata backup into a cluster: plans against what the cluster has now, then runs
 * the creating steps one by one, each with its own result, so a failed step does not hide the others.
 */
public final class RestoreService {

    private final KafkaConnection kafka;
    private final ConnectClient connect;
    private final SchemaRegistryClient registry;
    private final Clock clock;

    /** @param connect the Connect cluster to restore connectors into, or null */
    public RestoreService(KafkaConnection kafka, ConnectClient connect, Clock clock) {
        this(kafka, connect, null, clock);
    }

    /** @param registry the Schema Registry to restore subjects into, or null */
    public RestoreService(KafkaConnection kafka, ConnectClient connect, SchemaRegistryClient registry, Clock clock) {
        this.kafka = kafka;
        this.connect = connect;
        this.registry = registry;
        this.clock = clock;
    }

    public RestorePlan plan(MetadataBackup backup) {
        MetadataBackup now = new MetadataBackupService(kafka, connect, registry, clock).read();
        Set<String> names = new TreeSet<>(backup.groups().keySet());
        names.addAll(backup.shareGroups().keySet());
        names.addAll(backup.streamsGroups().keySet());
        Map<String, GroupInfo> target = new GroupOffsetsReader(kafka.admin(), kafka.settings().timeout()).groups(names);
        Set<String> active = new TreeSet<>();
        Set<String> streams = new TreeSet<>();
        target.values().forEach(g -> {
            if (g.hasActiveMembers()) {
                active.add(g.groupId());
            }
            if (g.type() == GroupType.STREAMS && !"DEAD".equals(g.state())) {
                streams.add(g.groupId());
            }
        });
        return RestorePlanner.plan(backup, now, active, streams);
    }

    /** Runs the plan's creating steps in order; reported differences and skips are not run. */
    public List<RestoreResult> execute(RestorePlan plan) {
        List<RestoreResult> results = new ArrayList<>();
        for (RestoreStep step : plan.changes()) {
            try {
                run(step);
                results.add(new RestoreResult(step, true, "ok"));
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
                results.add(new RestoreResult(step, false, "interrupted"));
                break;
            } catch (RuntimeException e) {
                results.add(new RestoreResult(step, false, withoutSecrets(step, Futures.describe(e))));
            }
        }
        return results;
    }

    /** A failure's message as printed and audited: a Connect worker may echo the connector's config in it. */
    private static String withoutSecrets(RestoreStep step, String message) {
        String out = message;
        if (step.connectorConfig() != null) {
            for (var e : step.connectorConfig().entrySet()) {
                if (ConfigDiff.isSecret(e.getKey()) && e.getValue() != null && !e.getValue().isEmpty()) {
                    out = out.replace(e.getValue(), ConfigDiff.HIDDEN);
                }
            }
        }
        return io.warden.audit.Redactor.text(out);
    }

    private void run(RestoreStep step) throws InterruptedException {
        var admin = kafka.admin();
        var timeout = kafka.settings().timeout();
        switch (step.kind()) {
            case CREATE_TOPIC -> {
                var t = step.topic();
                Futures.get(admin.createTopics(List.of(new NewTopic(step.subject(), Optional.of(t.partitions()),
                        Optional.of((short) t.replicationFactor())).configs(t.configs()))).all(), timeout);
                // the group offsets that follow fail on partitions a broker does not know yet
                if (!TopicReadiness.awaitLeaders(admin, List.of(step.subject()), timeout)) {
                    throw new IllegalStateException("created, but not every partition has a leader after " + timeout.toSeconds() + " s");
                }
            }
            case CREATE_ACL -> Futures.get(admin.createAcls(List.of(step.acl().binding())).all(), timeout);
            case SET_GROUP_OFFSETS -> new GroupOffsetsReader(admin, timeout).alter(step.subject(), step.offsets());
            case SET_SHARE_GROUP_OFFSETS -> new GroupOffsetsReader(admin, timeout).alterShare(step.subject(), step.offsets());
            case SET_STREAMS_GROUP_OFFSETS -> new GroupOffsetsReader(admin, timeout).alterStreams(step.subject(), step.offsets());
            case CREATE_CONNECTOR -> {
                if (connect == null) {
                    throw new IllegalStateException("no --connect-url to create the connector with");
                }
                connect.putConnectorConfig(step.subject(), step.connectorConfig());
            }
            case REGISTER_SCHEMAS, SET_COMPATIBILITY -> {
                if (registry == null) {
                    throw new IllegalStateException("no --schema-registry-url to restore the subject into");
                }
                new SubjectRestorer(registry).run(step.subject(), step.schemas());
            }
            case DIFFERS, SKIPPED -> throw new IllegalStateException("a reported step is never run");
        }
    }
}
