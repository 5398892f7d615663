package io.warden.runbook.topics;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.warden.WardenException;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;

/** A topics file is read whole, and every mistake in it is named with its line and column. */
class TopicsFileTest {

    @Test
    void readsTopicsWithTheirPartitionsReplicationAndConfigs() {
        List<TopicSpec> specs = TopicsFile.parse("t.yaml", """
                topics:
                  - name: orders
                    partitions: 6
                    replication-factor: 3
                    configs:
                      retention.ms: 86400000
                      cleanup.policy: delete
                  - name: old
                    delete: true
                """);
        assertThat(specs).hasSize(2);
        assertThat(specs.get(0)).isEqualTo(new TopicSpec("orders", 6, 3,
                Map.of("retention.ms", "86400000", "cleanup.policy", "delete"), false, 2));
        assertThat(specs.get(1).delete()).isTrue();
        assertThat(specs.get(1).partitions()).isZero();
    }

    @Test
    void everyProblemIsReportedWithItsLineAndColumn() {
        assertThatThrownBy(() -> TopicsFile.parse("t.yaml", """
                topics:
                  - name: orders
                    partitons: 6
                  - name: payments
                    partitions: many
                    replication-factor: [3]
                  - name: orders
                    partitions: 2
                    delete: maybe
                """))
                .isInstanceOf(WardenException.class)
                .satisfies(e -> assertThat(((WardenException) e).exitCode()).isEqualTo(WardenException.CONFIG))
                .hasMessageContaining("t.yaml:3:5: topics[0].partitons: unknown key (did you mean 'partitions'?)")
                .hasMessageContaining("t.yaml:5:17: topics[1].partitions: 'many' is not a positive whole number")
                .hasMessageContaining("t.yaml:6:25: topics[1].replication-factor: expected a single value")
                .hasMessageContaining("t.yaml:9:13: topics[2].delete: 'maybe' is not true or false");
    }

    @Test
    void aTopicDeclaredTwiceIsAnError() {
        assertThatThrownBy(() -> TopicsFile.parse("t.yaml", """
                topics:
                  - name: orders
                    partitions: 3
                  - name: orders
                    partitions: 6
                """)).hasMessageContaining("t.yaml:4:5: topics[1]: topic 'orders' is declared twice (first at line 2)");
    }

    @Test
    void aTopicNeedsPartitionsUnlessItIsDeletedAndTheRootNeedsTopics() {
        assertThatThrownBy(() -> TopicsFile.parse("t.yaml", """
                topic:
                  - name: orders
                """)).hasMessageContaining("t.yaml:1:1: topic: unknown key (did you mean 'topics'?)");
        assertThatThrownBy(() -> TopicsFile.parse("t.yaml", """
                topics:
                  - name: orders
                """)).hasMessageContaining("t.yaml:2:5: topics[0]: topic 'orders' needs partitions");
        assertThatThrownBy(() -> TopicsFile.parse("t.yaml", "topics: [ {name: a\n"))
                .hasMessageContaining("not valid YAML");
    }

    @Test
    void thePlannerGrowsButNeverShrinksAndRefusesReplicationChanges() {
        TopicState now = new TopicState("orders", false, List.of(
                new TopicState.PartitionState(0, 1, List.of(1), List.of(1)),
                new TopicState.PartitionState(1, 1, List.of(1), List.of(1))),
                Map.of("cleanup.policy", "compact"), Map.of("cleanup.policy", "compact", "retention.ms", "604800000"));
        TopicPlan same = TopicPlanner.plan(List.of(new TopicSpec("orders", 2, 1, Map.of("retention.ms", "604800000"), false, 1)),
                Map.of("orders", now), false, false);
        assertThat(same.changes()).isEmpty();
        assertThat(same.exitCode()).isEqualTo(TopicPlan.IN_SYNC);

        TopicPlan shrink = TopicPlanner.plan(List.of(new TopicSpec("orders", 1, 3, Map.of(), false, 1)),
                Map.of("orders", now), false, false);
        assertThat(shrink.changes()).extracting(TopicChange::action)
                .containsExactly(TopicChange.Action.REFUSED, TopicChange.Action.REFUSED);
        assertThat(shrink.changes().get(0).summary()).contains("partitions 2 -> 1 refused", "data would be lost");
        assertThat(shrink.changes().get(1).summary()).contains("replication factor 1 -> 3", "reassignment");
        assertThat(shrink.exitCode()).isEqualTo(TopicPlan.REFUSED_ONLY);

        TopicPlan prune = TopicPlanner.plan(List.of(new TopicSpec("orders", 4, -1, Map.of("retention.ms", "1000"), false, 1)),
                Map.of("orders", now), false, true);
        assertThat(prune.changes()).extracting(TopicChange::action)
                .containsExactly(TopicChange.Action.ADD_PARTITIONS, TopicChange.Action.ALTER_CONFIGS);
        assertThat(prune.changes().get(1).set()).isEqualTo(Map.of("retention.ms", "1000"));
        assertThat(prune.changes().get(1).unset()).containsExactly("cleanup.policy");
        assertThat(prune.exitCode()).isEqualTo(TopicPlan.CHANGES);
    }

    @Test
    void thePlannerNeverTurnsOnUncleanLeaderElection() {
        TopicState now = new TopicState("payments", false, List.of(
                new TopicState.PartitionState(0, -1, List.of(1, 2, 3), List.of())),
                Map.of(), Map.of("unclean.leader.election.enable", "false", "retention.ms", "604800000"));
        TopicPlan alter = TopicPlanner.plan(List.of(new TopicSpec("payments", 1, -1,
                Map.of("unclean.leader.election.enable", "TRUE", "retention.ms", "1000"), false, 1)),
                Map.of("payments", now), false, false);
        assertThat(alter.changes()).extracting(TopicChange::action)
                .containsExactly(TopicChange.Action.ALTER_CONFIGS, TopicChange.Action.REFUSED);
        assertThat(alter.changes().get(0).set()).isEqualTo(Map.of("retention.ms", "1000"));
        assertThat(alter.changes().get(1).summary())
                .contains("unclean.leader.election.enable", "out-of-sync replica", "kafka-configs");

        TopicPlan create = TopicPlanner.plan(List.of(new TopicSpec("ledger", 3, 3,
                Map.of("unclean.leader.election.enable", "true"), false, 1)), Map.of(), false, false);
        assertThat(create.changes()).extracting(TopicChange::action).containsExactly(TopicChange.Action.REFUSED);
        assertThat(create.exitCode()).isEqualTo(TopicPlan.REFUSED_ONLY);

        TopicPlan off = TopicPlanner.plan(List.of(new TopicSpec("ledger", 3, 3,
                Map.of("unclean.leader.election.enable", "false"), false, 1)), Map.of(), false, false);
        assertThat(off.changes()).extracting(TopicChange::action).containsExactly(TopicChange.Action.CREATE);
    }
}
