package io.warden.protect.drift;

import static org.assertj.core.api.Assertions.assertThat;

import io.warden.protect.drift.DriftChange.Kind;
import java.time.Instant;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;

class DriftDiffTest {

    private static final AclEntry ALICE = new AclEntry("TOPIC", "orders", "LITERAL", "User:alice", "*", "READ", "ALLOW");
    private static final AclEntry BOB = new AclEntry("GROUP", "billing", "PREFIXED", "User:bob", "*", "READ", "ALLOW");

    private static ClusterMetadata meta(Map<String, TopicMetadata> topics, Map<String, String> broker1, List<AclEntry> acls) {
        return new ClusterMetadata(ClusterMetadata.FORMAT, 1, Instant.EPOCH, "c", topics, Map.of("1", broker1), Map.of(),
                acls, acls == null ? ClusterMetadata.NO_AUTHORIZER : null);
    }

    @Test
    void identicalSnapshotsHaveNoDrift() {
        ClusterMetadata m = meta(Map.of("a", new TopicMetadata(3, 1, Map.of("k", "v"))), Map.of("x", "1"), List.of(ALICE));
        assertThat(DriftDiff.between(m, m)).isEmpty();
    }

    @Test
    void everyKindOfChangeIsReportedWithOldAndNewValues() {
        ClusterMetadata before = meta(Map.of("a", new TopicMetadata(3, 1, Map.of("k", "v")), "gone", new TopicMetadata(1, 1, Map.of())),
                Map.of("x", "1", "y", "2"), List.of(ALICE));
        ClusterMetadata after = meta(Map.of("a", new TopicMetadata(3, 3, Map.of("k", "w", "n", "1"))),
                Map.of("x", "9", "z", "3"), List.of(BOB));
        assertThat(DriftDiff.between(before, after)).extracting(DriftChange::kind).containsExactly(
                Kind.REPLICATION_FACTOR_CHANGED, Kind.CONFIG_CHANGED, Kind.CONFIG_ADDED, Kind.TOPIC_REMOVED,
                Kind.BROKER_CONFIG_CHANGED, Kind.BROKER_CONFIG_REMOVED, Kind.BROKER_CONFIG_ADDED,
                Kind.ACL_REMOVED, Kind.ACL_ADDED);
        assertThat(DriftDiff.between(before, after).get(1).summary()).isEqualTo("a: config k v -> w");
    }

    @Test
    void aclsThatBecameReadableAreOneChangeNotAListOfAdditions() {
        ClusterMetadata before = meta(Map.of(), Map.of(), null);
        ClusterMetadata after = meta(Map.of(), Map.of(), List.of(ALICE));
        assertThat(DriftDiff.between(before, after)).singleElement()
                .satisfies(c -> assertThat(c.summary()).isEqualTo("ACLs: ACLs not available: no authorizer -> 1 ACLs"));
        assertThat(DriftDiff.between(before, before)).isEmpty();
    }

    @Test
    void aBrokerThatJoinedOrLeftIsOneChange() {
        ClusterMetadata one = meta(Map.of(), Map.of("x", "1"), List.of());
        ClusterMetadata two = new ClusterMetadata(ClusterMetadata.FORMAT, 1, Instant.EPOCH, "c", Map.of(),
                Map.of("1", Map.of("x", "1"), "2", Map.of("x", "1")), Map.of(), List.of(), null);
        assertThat(DriftDiff.between(one, two)).extracting(DriftChange::summary).containsExactly("broker 2: broker added");
        assertThat(DriftDiff.between(two, one)).extracting(DriftChange::summary).containsExactly("broker 2: broker gone");
    }
}
