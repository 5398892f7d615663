package io.warden.watch;

import static io.warden.watch.Snapshots.at;
import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.tuple;

import io.warden.snapshot.SnapshotHistory;
import java.util.List;
import org.junit.jupiter.api.Test;

class BrokerCheckTest {

    private final BrokerCheck check = new BrokerCheck();

    @Test
    void healthyClusterHasNoFinding() {
        assertThat(check.evaluate(SnapshotHistory.of(at(0).build()))).isEmpty();
        assertThat(check.evaluate(SnapshotHistory.empty(5))).isEmpty();
    }

    @Test
    void missingBrokerIsCriticalWithTheRunItStartedIn() {
        List<Finding> findings = check.evaluate(SnapshotHistory.of(
                at(0).build(), at(60).live(1, 3).build(), at(120).live(1, 3).build()));

        assertThat(findings).hasSize(1);
        Finding f = findings.get(0);
        assertThat(f.key()).isEqualTo("broker-down/broker=2");
        assertThat(f.check()).isEqualTo("broker-down");
        assertThat(f.severity()).isEqualTo(Severity.CRITICAL);
        assertThat(f.message()).isEqualTo("broker 2 is not registered (expected brokers [1, 2, 3], live [1, 3])");
        assertThat(f.labels()).containsEntry("broker", "2");
        assertThat(f.evidence()).containsEntry("missingSince", Snapshots.T0.plusSeconds(60).toString())
                .containsEntry("liveBrokers", List.of(1, 3));
    }

    @Test
    void missingSinceLooksPastCyclesWhereTheClusterDidNotAnswer() {
        SnapshotHistory history = SnapshotHistory.of(
                at(0).build(),
                at(60).live(1, 3).build(),
                at(120).live().expected().failure("cluster", "*", "timeout").build(), // knows nothing
                at(180).live(1, 3).build());

        Finding f = check.evaluate(history).get(0);

        assertThat(f.evidence()).containsEntry("missingSince", Snapshots.T0.plusSeconds(60).toString());
    }

    @Test
    void noControllerIsCritical() {
        List<Finding> findings = check.evaluate(SnapshotHistory.of(at(0).controller(null).build()));

        assertThat(findings).extracting(Finding::key, Finding::severity)
                .containsExactly(tuple("controller-missing", Severity.CRITICAL));
    }

    @Test
    void leaderlessQuorumIsCritical() {
        List<Finding> findings = check.evaluate(SnapshotHistory.of(at(0).quorumLeader(-1).build()));

        assertThat(findings).singleElement().satisfies(f -> {
            assertThat(f.key()).isEqualTo("controller-missing");
            assertThat(f.evidence()).containsEntry("quorumLeaderId", -1);
        });
    }

    @Test
    void unreachableClusterIsUnknownNotDeadBrokers() {
        List<Finding> findings = check.evaluate(SnapshotHistory.of(
                at(0).live().controller(null).failure("cluster", "*", "Timed out waiting for a node").build()));

        assertThat(findings).singleElement().satisfies(f -> {
            assertThat(f.key()).isEqualTo("cluster-unreachable");
            assertThat(f.severity()).isEqualTo(Severity.UNKNOWN);
            assertThat(f.message()).contains("Timed out waiting for a node");
        });
    }

    @Test
    void failedControllerLookupIsAProbeFailureNotAMissingController() {
        List<Finding> findings = check.evaluate(SnapshotHistory.of(
                at(0).live(1, 3).controller(null).failure("cluster", "controller", "timeout").build()));

        // the broker list did answer, so broker 2 is still judged
        assertThat(findings).extracting(Finding::key)
                .containsExactly("broker-down/broker=2", "probe-failed/probe=cluster/target=controller");
    }

    @Test
    void otherProbeFailuresAreWarningsOncePerTarget() {
        List<Finding> findings = check.evaluate(SnapshotHistory.of(at(0)
                .failure("groups", "billing", "coordinator not available")
                .failure("groups", "billing", "coordinator not available again")
                .failure("logdirs", "broker-2", "timeout").build()));

        assertThat(findings).extracting(Finding::key).containsExactly(
                "probe-failed/probe=groups/target=billing", "probe-failed/probe=logdirs/target=broker-2");
        assertThat(findings).allSatisfy(f -> assertThat(f.severity()).isEqualTo(Severity.WARNING));
        assertThat(findings.get(0).labels()).containsEntry("probe", "groups").containsEntry("target", "billing");
        assertThat(findings.get(0).message()).isEqualTo("probe groups failed for billing: coordinator not available");
    }
}
