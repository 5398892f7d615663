package io.warden.protect.metadata;

import static org.assertj.core.api.Assertions.assertThat;

import io.warden.protect.drift.AclEntry;
import io.warden.protect.drift.ClusterMetadata;
import io.warden.protect.drift.TopicMetadata;
import io.warden.protect.metadata.RestoreStep.Kind;
import java.time.Instant;
import java.util.List;
import java.util.Map;
import java.util.Set;
import org.junit.jupiter.api.Test;

class RestorePlannerTest {

    private static final AclEntry ALICE = new AclEntry("TOPIC", "orders", "LITERAL", "User:alice", "*", "READ", "ALLOW");

    private static MetadataBackup backup(Map<String, TopicMetadata> topics, List<AclEntry> acls,
                                         Map<String, List<PartitionOffset>> groups, Map<String, Map<String, String>> connectors) {
        return new MetadataBackup(MetadataBackup.FORMAT, 1, Instant.EPOCH, "c", topics, acls,
                acls == null ? ClusterMetadata.NO_AUTHORIZER : null, groups, connectors);
    }

    @Test
    void offsetsOnPartitionsADataRestoreWroteAreLeftToItAndItsProgressGroupIsNeverRestored() {
        var want = backup(Map.of(), null, Map.of("billing", List.of(new PartitionOffset("o", 0, 5), new PartitionOffset("o", 1, 7)),
                "warden-restore-0123456789abcdef", List.of(new PartitionOffset("o", 0, 9))), null);
        var have = backup(Map.of(), null, Map.of("warden-restore-fedcba9876543210", List.of(new PartitionOffset("o", 0, 12))), null);
        RestorePlan plan = RestorePlanner.plan(want, have, Set.of());
        assertThat(plan.changes()).singleElement().satisfies(s -> assertThat(s.offsets()).containsExactly(new PartitionOffset("o", 1, 7)));
        assertThat(plan.reports()).singleElement().satisfies(s -> {
            assertThat(s.kind()).isEqualTo(Kind.SKIPPED);
            assertThat(s.summary()).startsWith("group billing offsets on o-0: restored from a data backup");
        });
    }

    @Test
    void anActiveGroupIsSkippedAndItsDifferingOffsetsAreShown() {
        var want = backup(Map.of(), null, Map.of("billing", List.of(new PartitionOffset("o", 0, 5), new PartitionOffset("o", 1, 7))), null);
        var have = backup(Map.of(), null, Map.of("billing", List.of(new PartitionOffset("o", 0, 3))), null);
        RestorePlan plan = RestorePlanner.plan(want, have, Set.of("billing"));
        assertThat(plan.steps()).extracting(RestoreStep::kind).containsExactly(Kind.SKIPPED, Kind.DIFFERS);
        assertThat(plan.steps().get(1).summary()).isEqualTo("group billing offsets o-0: backup 5, cluster 3");
        assertThat(plan.exitCode()).isEqualTo(1);

        RestorePlan idle = RestorePlanner.plan(want, have, Set.of());
        assertThat(idle.changes()).singleElement().satisfies(s -> {
            assertThat(s.kind()).isEqualTo(Kind.SET_GROUP_OFFSETS);
            assertThat(s.offsets()).containsExactly(new PartitionOffset("o", 1, 7));
        });
    }

    @Test
    void aclsAreCreatedOnlyWhereAnAuthorizerCanTakeThem() {
        var want = backup(Map.of(), List.of(ALICE), Map.of(), null);
        assertThat(RestorePlanner.plan(want, backup(Map.of(), List.of(), Map.of(), null), Set.of()).changes())
                .extracting(RestoreStep::kind).containsExactly(Kind.CREATE_ACL);
        assertThat(RestorePlanner.plan(want, backup(Map.of(), null, Map.of(), null), Set.of()).steps())
                .singleElement().satisfies(s -> assertThat(s.kind()).isEqualTo(Kind.SKIPPED));
        assertThat(RestorePlanner.plan(want, want, Set.of()).steps()).isEmpty();
    }

    @Test
    void connectorsAreCreatedWhenMissingAndDiffedWhenConfiguredOtherwise() {
        var want = backup(Map.of(), null, Map.of(), Map.of("sink", Map.of("connector.class", "S", "tasks.max", "2"),
                "src", Map.of("connector.class", "T")));
        var have = backup(Map.of(), null, Map.of(), Map.of("sink", Map.of("connector.class", "S", "tasks.max", "1")));
        RestorePlan plan = RestorePlanner.plan(want, have, Set.of());
        assertThat(plan.steps()).extracting(RestoreStep::summary).containsExactly(
                "connector sink config tasks.max: backup 2, cluster 1", "create connector src (T)");
        assertThat(RestorePlanner.plan(want, backup(Map.of(), null, Map.of(), null), Set.of()).steps())
                .extracting(RestoreStep::kind).containsExactly(Kind.SKIPPED);
    }

    @Test
    void connectorSecretsAreNeverShownInADiff() {
        var want = backup(Map.of(), null, Map.of(), Map.of("jdbc", Map.of("connection.password", "pw-backup",
                "aws.secret.key", "s3-backup", "azblob.account.key", "az-backup", "db.pass", "p-backup",
                "connection.user", "app", "key.converter", "J", "sasl.jaas.config", "jaas-backup")));
        var have = backup(Map.of(), null, Map.of(), Map.of("jdbc", Map.of("connection.password", "pw-cluster",
                "aws.secret.key", "s3-cluster", "db.pass", "p-cluster", "connection.user", "ops",
                "key.converter", "K", "ssl.key.password", "key-cluster")));

        List<String> diffs = RestorePlanner.plan(want, have, Set.of()).steps().stream().map(RestoreStep::summary).toList();

        assertThat(diffs).containsExactly(
                "connector jdbc config aws.secret.key: changed",
                "connector jdbc config azblob.account.key: backup [hidden], cluster (default)",
                "connector jdbc config connection.password: changed",
                "connector jdbc config connection.user: backup app, cluster ops",
                "connector jdbc config db.pass: changed",
                "connector jdbc config key.converter: backup J, cluster K",
                "connector jdbc config sasl.jaas.config: backup [hidden], cluster (default)",
                "connector jdbc config ssl.key.password: backup (default), cluster [hidden]");
        assertThat(String.join("\n", diffs)).doesNotContain("backup\"", "-backup", "-cluster");
    }

    @Test
    void aTopicIsCreatedWithoutHiddenValuesAndAnExistingOneIsOnlyCompared() {
        var want = backup(Map.of("t", new TopicMetadata(3, 1, Map.of("retention.ms", "1", "secret", "[hidden]"))), null, Map.of(), null);
        RestoreStep create = RestorePlanner.plan(want, backup(Map.of(), null, Map.of(), null), Set.of()).steps().get(0);
        assertThat(create.topic().configs()).isEqualTo(Map.of("retention.ms", "1"));
        var have = backup(Map.of("t", new TopicMetadata(6, 1, Map.of("retention.ms", "1", "secret", "[hidden]"))), null, Map.of(), null);
        assertThat(RestorePlanner.plan(want, have, Set.of()).steps()).extracting(RestoreStep::summary)
                .containsExactly("topic t partitions: backup 3, cluster 6");
    }
}
