package io.warden.protect;

import io.warden.WardenException;
import io.warden.kafka.ConnectionSettings;
import io.warden.kafka.Futures;
import io.warden.kafka.KafkaConnection;
import io.warden.kafka.TopicReadiness;
import io.warden.protect.RestoreService.Options;
import io.warden.protect.RestoreService.Plan;
import java.util.ArrayList;
import java.util.List;
import org.apache.kafka.clients.admin.Admin;
import org.apache.kafka.clients.admin.NewTopic;
import org.apache.kafka.clients.admin.ProducerState;
import org.apache.kafka.common.TopicPartition;

/**
 * The topics a restore creates: created as planned (the backed-up partition count and configs) and
 * ready before the first record is sent, and deleted again when the backup turns out damaged before
 * anything committed, unless another producer wrote there meanwhile.
 */
final class RestoreTopics {

    private final ConnectionSettings settings;

    RestoreTopics(ConnectionSettings settings) {
        this.settings = settings;
    }

    /** Creates the topics the plan creates and waits for their leaders; returns their names. */
    List<String> create(KafkaConnection connection, Plan plan, Manifest manifest, Options options) {
        Admin admin = connection.admin();
        List<NewTopic> create = new ArrayList<>();
        for (Manifest.Topic t : RestorePlanner.selected(manifest, options)) {
            String target = RestorePlanner.target(t, options);
            if (plan.topics().stream().anyMatch(p -> p.target().equals(target) && p.action().equals("create"))) {
                create.add(RestorePlanner.newTopic(t, options));
            }
        }
        if (create.isEmpty()) {
            return List.of();
        }
        try {
            Futures.get(admin.createTopics(create).all(), settings.timeout());
        } catch (org.apache.kafka.common.errors.TopicAuthorizationException e) {
            String topic = e.unauthorizedTopics().stream().sorted().findFirst().orElse(create.get(0).name());
            throw connection.access().denied("restoring into a new topic", org.apache.kafka.common.acl.AclOperation.CREATE,
                    org.apache.kafka.common.resource.ResourceType.TOPIC, topic, e);
        }
        List<String> created = create.stream().map(NewTopic::name).toList();
        awaitLeaders(admin, created);
        return created;
    }

    /**
     * After a restore met a damaged or unreadable segment before its check passed: nothing was committed (the first commit waits
     * for the check), so if the check refuses the backup, the topics this run created hold only
     * aborted records. They are deleted again unless another producer wrote there meanwhile, and the
     * check's refusal is thrown. Returns when the backup passes (the first error stands).
     */
    void refuseIfDamaged(Admin admin, BackupCheck check, List<String> created) {
        WardenException refusal;
        try {
            check.manifest(); // at once when it passed before
            return;
        } catch (WardenException e) {
            if (e.exitCode() != WardenException.DATA) {
                return;
            }
            refusal = e;
        }
        if (created.isEmpty()) {
            throw refusal;
        }
        String cleanup;
        try {
            List<TopicPartition> partitions = Futures.get(admin.describeTopics(created).allTopicNames(), settings.timeout()).values()
                    .stream().flatMap(d -> d.partitions().stream().map(p -> new TopicPartition(d.name(), p.partition()))).toList();
            long producers = Futures.get(admin.describeProducers(partitions).all(), settings.timeout()).values().stream()
                    .flatMap(s -> s.activeProducers().stream()).mapToLong(ProducerState::producerId).distinct().count();
            if (producers > 1) {
                cleanup = "; the topics it created stay, another producer wrote there meanwhile: " + created;
            } else {
                Futures.get(admin.deleteTopics(created).all(), settings.timeout());
                awaitGone(admin, created);
                cleanup = "; the topics it created were deleted again: " + created;
            }
        } catch (RuntimeException e) {
            cleanup = "; the topics it created (" + created + ") hold only aborted records, deleting them failed: " + Futures.describe(e);
        }
        throw new WardenException(refusal.exitCode(), refusal.getMessage() + cleanup, refusal);
    }

    private void awaitGone(Admin admin, List<String> topics) {
        TopicReadiness.awaitGone(admin, topics, settings.timeout());
    }

    /**
     * Waits until every partition of the new topics has a leader, so that the first records are not
     * sent into errors and retries (see the first records of {@link TransactionalWriter#produce}, why that matters).
     */
    private void awaitLeaders(Admin admin, List<String> topics) {
        if (!TopicReadiness.awaitLeaders(admin, topics, settings.timeout())) {
            throw new WardenException(WardenException.UNAVAILABLE, "created " + topics + " but not every partition has a leader after "
                    + settings.timeout().toSeconds() + " s; nothing was restored: check the brokers and run the restore again");
        }
    }
}
