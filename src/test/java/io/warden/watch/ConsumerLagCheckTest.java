package io.warden.watch;

import static io.warden.watch.Snapshots.at;
import static io.warden.watch.Snapshots.group;
import static io.warden.watch.Snapshots.member;
import static io.warden.watch.Snapshots.tp;
import static org.assertj.core.api.Assertions.assertThat;

import io.warden.snapshot.SnapshotHistory;
import java.util.List;
import java.util.Map;
import org.assertj.core.api.InstanceOfAssertFactories;
import org.junit.jupiter.api.Test;

class ConsumerLagCheckTest {

    private final ConsumerLagCheck check = new ConsumerLagCheck(CheckSettings.defaults()); // 10,000 / 100,000

    /** Two snapshots a minute apart; the group commits all it had seen a minute earlier. */
    private static SnapshotHistory steadyLag(String groupId, long lag) {
        return SnapshotHistory.of(
                at(0).topic("orders", lag).group(group(groupId).member(member("m1", tp("orders", 0)))
                        .commit("orders", 0, 0)).build(),
                at(60).topic("orders", 2 * lag).group(group(groupId).member(member("m1", tp("orders", 0)))
                        .commit("orders", 0, lag)).build());
    }

    @Test
    void smallLagHasNoFinding() {
        assertThat(check.evaluate(steadyLag("billing", 9_999))).isEmpty();
    }

    @Test
    void lagAboveWarningIsAWarningWithAgeAndTrend() {
        List<Finding> findings = check.evaluate(steadyLag("billing", 20_000));

        assertThat(findings).singleElement().satisfies(f -> {
            assertThat(f.key()).isEqualTo("consumer-lag/group=billing");
            assertThat(f.check()).isEqualTo("consumer-lag");
            assertThat(f.severity()).isEqualTo(Severity.WARNING);
            assertThat(f.value()).isEqualTo(20_000);
            assertThat(f.labels()).isEqualTo(Map.of("group", "billing"));
            assertThat(f.message()).isEqualTo(
                    "group billing is 20,000 messages (1m 0s) behind on orders; steady; status OK");
            assertThat(f.evidence()).containsEntry("lagByTopic", Map.of("orders", 20_000L))
                    .containsEntry("maxLagSeconds", 60.0);
        });
    }

    @Test
    void aSingleSnapshotDoesNotClaimTheLagIsSteady() {
        var one = SnapshotHistory.of(at(0).topic("orders", 40_000)
                .group(group("billing").member(member("m1", tp("orders", 0))).commit("orders", 0, 20_000)).build());

        assertThat(check.evaluate(one)).singleElement().satisfies(f ->
                assertThat(f.message()).contains("20,000 messages", "trend not known yet").doesNotContain("steady"));
    }

    @Test
    void aGroupThatKeepsRebalancingIsAWarning() {
        var snapshots = new java.util.ArrayList<io.warden.snapshot.Snapshot>();
        for (int i = 0; i < 5; i++) {
            snapshots.add(at(i * 30L).topic("orders", 10)
                    .group(group("flappy").epoch(i < 2 ? 1 : i).member(member("m1", tp("orders", 0))).commit("orders", 0, 10))
                    .build());
        }
        var history = SnapshotHistory.of(snapshots.toArray(io.warden.snapshot.Snapshot[]::new));

        assertThat(check.evaluate(history)).singleElement().satisfies(f -> {
            assertThat(f.key()).isEqualTo("consumer-rebalancing/group=flappy");
            assertThat(f.severity()).isEqualTo(Severity.WARNING);
            assertThat(f.value()).isEqualTo(3);
            assertThat(f.message()).startsWith("group flappy rebalanced 3 times within 5m 0s");
        });
        assertThat(check.evaluate(SnapshotHistory.of(snapshots.subList(0, 4).toArray(io.warden.snapshot.Snapshot[]::new))))
                .as("two rebalances stay below the default of three").isEmpty();
    }

    @Test
    void lagGrowingFasterThanTheLimitIsAWarningEvenBelowTheLagThreshold() {
        var history = SnapshotHistory.of(
                at(0).topic("orders", 1_000).group(group("slow").member(member("m1", tp("orders", 0)))
                        .commit("orders", 0, 900)).build(),
                at(60).topic("orders", 4_000).group(group("slow").member(member("m1", tp("orders", 0)))
                        .commit("orders", 0, 1_500)).build());

        assertThat(check.evaluate(history)).extracting(Finding::key)
                .containsExactlyInAnyOrder("consumer-lag-growing/group=slow", "consumer-status/group=slow");
        assertThat(check.evaluate(history)).filteredOn(f -> f.check().equals("consumer-lag-growing")).singleElement().satisfies(f -> {
            assertThat(f.severity()).isEqualTo(Severity.WARNING);
            assertThat(f.value()).isEqualTo(2_400);
            assertThat(f.message()).contains("falling behind by growing 2,400/min", "2,500 messages behind");
        });
    }

    @Test
    void lagAboveCriticalIsCritical() {
        Finding f = check.evaluate(steadyLag("billing", 150_000)).get(0);

        assertThat(f.severity()).isEqualTo(Severity.CRITICAL);
        assertThat(f.value()).isEqualTo(150_000);
    }

    @Test
    void evidenceNamesTheTenWorstPartitions() {
        long[] logEnds = new long[12];
        var g = group("billing").member(member("m1"));
        for (int p = 0; p < 12; p++) {
            logEnds[p] = 1_000L * (p + 1);
            g.commit("orders", p, 0);
        }

        Finding f = check.evaluate(SnapshotHistory.of(at(0).topic("orders", logEnds).group(g).build())).get(0);

        List<?> top = (List<?>) f.evidence().get("topPartitions");
        assertThat(top).hasSize(ConsumerLagCheck.TOP_PARTITIONS);
        assertThat(top.get(0)).asInstanceOf(InstanceOfAssertFactories.MAP).containsEntry("partition", 11).containsEntry("lag", 12_000L);
        assertThat(f.message()).contains("(age unknown)");
    }

    @Test
    @SuppressWarnings("unchecked")
    void aStatusFindingOfALargeGroupListsOnlyTheMostBehindPartitions() {
        var before = group("billing");
        var after = group("billing");
        var topicBefore = at(0);
        var topicAfter = at(60);
        for (int p = 0; p < 50; p++) {
            before.commit("orders" + p, 0, 10);
            after.commit("orders" + p, 0, 10);
            topicBefore.topic("orders" + p, 100);
            topicAfter.topic("orders" + p, 100 + p);
        }
        List<Finding> findings = check.evaluate(SnapshotHistory.of(topicBefore.group(before).build(), topicAfter.group(after).build()));

        assertThat(findings).filteredOn(f -> f.key().equals("consumer-status/group=billing")).singleElement().satisfies(f -> {
            assertThat(f.value()).isEqualTo(50);
            assertThat(f.evidence()).containsEntry("count", 50);
            assertThat((List<Map<String, Object>>) f.evidence().get("partitions")).hasSize(ConsumerLagCheck.TOP_PARTITIONS)
                    .first().satisfies(p -> assertThat(p).containsEntry("topic", "orders49").containsEntry("lag", 139L));
        });
    }

    @Test
    void stalledGroupGetsAStatusFinding() {
        SnapshotHistory history = SnapshotHistory.of(
                at(0).topic("orders", 100, 100).group(group("billing").member(member("m1"))
                        .commit("orders", 0, 50).commit("orders", 1, 100)).build(),
                at(60).topic("orders", 200, 100).group(group("billing").member(member("m1"))
                        .commit("orders", 0, 50).commit("orders", 1, 100)).build());

        List<Finding> findings = check.evaluate(history);

        assertThat(findings).singleElement().satisfies(f -> {
            assertThat(f.key()).isEqualTo("consumer-status/group=billing");
            assertThat(f.severity()).isEqualTo(Severity.WARNING);
            assertThat(f.value()).isEqualTo(1);
            assertThat(f.evidence()).containsEntry("status", "STALL");
            assertThat((List<?>) f.evidence().get("partitions")).hasSize(1);
            assertThat(f.message()).startsWith("group billing is STALL on 1 partition(s) (orders-0)");
        });
    }

    @Test
    void stoppedGroupWithBigLagGetsBothFindings() {
        SnapshotHistory history = SnapshotHistory.of(
                at(0).topic("orders", 50_000).group(group("etl").commit("orders", 0, 10)).build(),
                at(60).topic("orders", 50_000).group(group("etl").commit("orders", 0, 10)).build());

        List<Finding> findings = check.evaluate(history);

        assertThat(findings).extracting(Finding::key)
                .containsExactly("consumer-lag/group=etl", "consumer-status/group=etl");
        assertThat(findings.get(0).message()).contains("(at least 1m 0s)").endsWith("status STOP");
    }
}
