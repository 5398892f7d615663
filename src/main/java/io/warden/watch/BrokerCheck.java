package io.warden.watch;

import io.warden.snapshot.BrokerInfo;
import io.warden.snapshot.ClusterInfo;
import io.warden.snapshot.ProbeFailure;
import io.warden.snapshot.Snapshot;
import io.warden.snapshot.SnapshotHistory;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/**
 * Brokers, controller and the collection itself, from the latest snapshot:
 * <ul>
 *   <li>{@code broker-down/broker=B} CRITICAL for each expected broker that is not registered;</li>
 *   <li>{@code controller-missing} CRITICAL when no controller is reported or the KRaft quorum has no leader;</li>
 *   <li>{@code cluster-unreachable} UNKNOWN instead of both when the cluster probe failed as a whole
 *       (target {@code *}), since absent data is not evidence of dead brokers;</li>
 *   <li>{@code probe-failed/probe=P/target=T} WARNING for every other probe failure; when it is the
 *       controller lookup that failed, {@code controller-missing} is not guessed either.</li>
 * </ul>
 */
public final class BrokerCheck implements Check {

    public static final String NAME = "brokers";

    @Override
    public String name() {
        return NAME;
    }

    @Override
    public List<Finding> evaluate(SnapshotHistory history) {
        if (history.isEmpty()) {
            return List.of();
        }
        Snapshot latest = history.latest();
        List<Finding> findings = new ArrayList<>();
        if (unanswered(latest)) {
            findings.add(unreachable(latest));
        } else {
            ClusterInfo cluster = latest.cluster();
            for (int id : cluster.missingBrokerIds()) {
                findings.add(brokerDown(id, cluster, history));
            }
            Integer leader = cluster.quorum() == null ? null : cluster.quorum().leaderId();
            // a failed controller lookup is not a missing controller; a leaderless quorum always is
            boolean noController = cluster.controllerId() == null && !latest.failed("cluster");
            if (noController || (leader != null && leader < 0)) {
                findings.add(controllerMissing(cluster, leader));
            }
        }
        findings.addAll(probeFailures(latest));
        return findings;
    }

    /** The cluster probe failed as a whole: no broker list, so nothing can be said about brokers. */
    private static boolean unanswered(Snapshot s) {
        return s.unanswered().isPresent();
    }

    private static Finding unreachable(Snapshot latest) {
        String why = latest.unanswered().map(f -> String.valueOf(f.message())).orElse("no answer");
        return new Finding("cluster-unreachable", "cluster-unreachable", Severity.UNKNOWN, 1,
                "cluster did not answer, brokers and controller unknown: " + why,
                Map.of(), Map.of("error", why, "takenAt", latest.takenAt().toString()));
    }

    private static Finding brokerDown(int id, ClusterInfo cluster, SnapshotHistory history) {
        List<Integer> expected = cluster.expectedBrokerIds().stream().sorted().toList();
        List<Integer> live = cluster.brokers().stream().map(BrokerInfo::id).sorted().toList();
        Map<String, Object> evidence = new LinkedHashMap<>();
        evidence.put("brokerId", id);
        evidence.put("expectedBrokers", expected);
        evidence.put("liveBrokers", live);
        evidence.put("missingSince", missingSince(id, history));
        return new Finding("broker-down/broker=" + id, "broker-down", Severity.CRITICAL, 1,
                "broker " + id + " is not registered (expected brokers " + expected + ", live " + live + ")",
                Map.of("broker", String.valueOf(id)), evidence);
    }

    /** The first snapshot of the run, up to the latest, in which the broker was missing. */
    private static String missingSince(int id, SnapshotHistory history) {
        List<Snapshot> snapshots = history.snapshots();
        Snapshot since = history.latest();
        for (int i = snapshots.size() - 1; i >= 0; i--) {
            Snapshot s = snapshots.get(i);
            if (unanswered(s)) {
                continue; // no answer says nothing either way
            }
            if (!s.cluster().missingBrokerIds().contains(id)) {
                break;
            }
            since = s;
        }
        return since.takenAt().toString();
    }

    private static Finding controllerMissing(ClusterInfo cluster, Integer quorumLeader) {
        Map<String, Object> evidence = new LinkedHashMap<>();
        evidence.put("controllerId", cluster.controllerId() == null ? -1 : cluster.controllerId());
        if (cluster.quorum() != null) {
            evidence.put("quorumLeaderId", quorumLeader);
            evidence.put("quorumLeaderEpoch", cluster.quorum().leaderEpoch());
        }
        return new Finding("controller-missing", "controller-missing", Severity.CRITICAL, 1,
                "no active controller (controller " + cluster.controllerId() + ", quorum leader "
                        + (quorumLeader == null ? "unknown" : quorumLeader) + "): metadata changes and leader elections stop",
                Map.of(), evidence);
    }

    private static List<Finding> probeFailures(Snapshot latest) {
        Map<String, Finding> byKey = new LinkedHashMap<>();
        for (ProbeFailure f : latest.failures()) {
            if (f.wholeCluster()) {
                continue;
            }
            String key = "probe-failed/probe=" + f.probe() + "/target=" + f.target();
            byKey.putIfAbsent(key, new Finding(key, "probe-failed", Severity.WARNING, 1,
                    "probe " + f.probe() + " failed for " + f.target() + ": " + f.message(),
                    Map.of("probe", f.probe(), "target", f.target()),
                    Map.of("probe", f.probe(), "target", f.target(), "error", String.valueOf(f.message()))));
        }
        return List.copyOf(byKey.values());
    }
}
