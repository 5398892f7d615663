package io.warden.dr;

import static org.assertj.core.api.Assertions.assertThat;

import io.warden.WardenException;
import io.warden.config.WardenConfig.ClusterConfig;
import io.warden.config.WardenConfig.DrConfig;
import io.warden.dr.FailbackPlan.Collision;
import io.warden.dr.MirrorRecords.GroupCheckpoint;
import io.warden.kafka.ConnectionSettings;
import io.warden.snapshot.GroupInfo;
import io.warden.snapshot.GroupType;
import io.warden.snapshot.MemberInfo;
import java.time.Duration;
import java.time.Instant;
import java.util.List;
import java.util.Map;
import java.util.Set;
import org.apache.kafka.common.TopicPartition;
import org.junit.jupiter.api.Test;

/** The reversed pair, the topics the way back gets wrong, and the groups a move refuses. */
class FailbackServiceTest {

    static DrPair pair(String policy, String separator) {
        DrConfig dr = new DrConfig(new ClusterConfig(null, "d1:9092", null, Map.of(), null), null, null, policy, separator,
                null, null, null, null, List.of(), null, null);
        return DrPair.of(new ClusterConfig(null, "p1:9092", null, Map.of(), null).withDr(dr), "cluster",
                (c, t) -> new ConnectionSettings(c.bootstrapServers(), c.client(), t), Duration.ofSeconds(5), WardenException.CONFIG);
    }

    @Test
    void theReversedPairGoesFromDrToThePrimaryWithTheSameSeparator() {
        DrPair back = FailbackService.reversed(pair("default", "_"));

        assertThat(back.source().name()).isEqualTo("dr");
        assertThat(back.target().name()).isEqualTo("primary");
        assertThat(back.naming().replicaOf("orders")).isEqualTo("dr_orders");
        assertThat(back.naming().checkpointsTopic()).isEqualTo("dr_checkpoints_internal");
        assertThat(back.naming().offsetSyncsTopic()).isEqualTo("mm2-offset-syncs_primary_internal");
        assertThat(FailbackService.reversed(pair("identity", "--")).naming().checkpointsTopic()).isEqualTo("dr--checkpoints--internal");
    }

    @Test
    void underTheDefaultPolicyAReplicaOfAPrimaryTopicCyclesAndALocalTopicGoesBackPrefixed() {
        DrPair pair = pair("default", null);
        List<Collision> c = FailbackService.collisions(pair, FailbackService.reversed(pair),
                Set.of("primary.orders", "orders", "primary.heartbeats", "heartbeats", "primary.checkpoints.internal", "__consumer_offsets"),
                Set.of("orders"), false);

        assertThat(c).extracting(Collision::topic, Collision::wouldBe, Collision::kind)
                .containsExactly(org.assertj.core.groups.Tuple.tuple("primary.orders", "dr.primary.orders", "cycle"));
    }

    @Test
    void aReverseNameTakenOnThePrimaryCollidesUnlessTheReverseFlowWroteIt() {
        DrPair pair = pair("default", null);

        assertThat(FailbackService.collisions(pair, FailbackService.reversed(pair), Set.of("payments"), Set.of("dr.payments"), false))
                .extracting(Collision::kind).containsExactly("exists");
        assertThat(FailbackService.collisions(pair, FailbackService.reversed(pair), Set.of("payments"), Set.of("dr.payments"), true))
                .isEmpty();
    }

    @Test
    void underTheIdentityPolicyAReplicaWouldGoBackOntoItsOriginal() {
        DrPair pair = pair("identity", null);
        List<Collision> c = FailbackService.collisions(pair, FailbackService.reversed(pair), Set.of("orders", "dr-only"),
                Set.of("orders"), true);

        assertThat(c).extracting(Collision::topic, Collision::wouldBe, Collision::kind)
                .containsExactly(org.assertj.core.groups.Tuple.tuple("orders", "orders", "loop"));
    }

    @Test
    void checkpointsNameTheReplicaPartitionAndThePlanGoesByTheSourcePartition() {
        GroupCheckpoint c = new GroupCheckpoint("billing", new TopicPartition("primary.orders", 1), 137, 101, "", Instant.EPOCH);
        GroupCheckpoint stranger = new GroupCheckpoint("billing", new TopicPartition("other.orders", 0), 5, 5, "", Instant.EPOCH);

        assertThat(FailoverService.bySourcePartition(pair("default", null).naming(),
                Map.of(c.replica(), c, stranger.replica(), stranger))).containsOnly(Map.entry(new TopicPartition("orders", 1), c));
        assertThat(FailoverService.bySourcePartition(pair("identity", null).naming(), Map.of(c.replica(), c)))
                .containsOnly(Map.entry(new TopicPartition("primary.orders", 1), c));
    }

    @Test
    void aGroupWithMembersOrOfAnotherTypeOnTheTargetIsRefusedAndAnEmptyOrMissingOneIsNot() {
        MemberInfo member = new MemberInfo("m-1\u001b[2J", "app", "/10.0.0.1", List.of());
        GroupInfo active = new GroupInfo("billing", "STABLE", GroupType.CONSUMER, 1, 3, List.of(member), Map.of());
        GroupInfo share = new GroupInfo("billing", "EMPTY", GroupType.SHARE, 1, 3, List.of(), Map.of());
        GroupInfo empty = new GroupInfo("billing", "EMPTY", GroupType.CLASSIC, 1, -1, List.of(), Map.of());

        assertThat(FailoverService.refusal(active)).contains("1 active member").doesNotContain("\u001b");
        assertThat(FailoverService.refusal(share)).contains("share group");
        assertThat(FailoverService.refusal(empty)).isNull();
        assertThat(FailoverService.refusal(null)).isNull();
    }
}
