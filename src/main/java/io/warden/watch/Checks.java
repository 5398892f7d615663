package io.warden.watch;

import io.warden.snapshot.SnapshotHistory;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/** The built-in checks, and running a set of checks so that one broken check cannot stop a cycle. */
public final class Checks {

    private Checks() {
    }

    /** Every built-in check, in a stable order: brokers, KRaft quorum, partitions, consumer lag, DLQs, disks, Connect. */
    public static List<Check> defaults(CheckSettings settings) {
        return defaults(settings, new LagEvaluator(settings));
    }

    /** The built-ins, with the lag check using the caller's evaluator (and so its last result). */
    public static List<Check> defaults(CheckSettings settings, LagEvaluator lag) {
        return List.of(new BrokerCheck(), new QuorumCheck(settings), new PartitionCheck(settings), new ConsumerLagCheck(settings, lag),
                new DlqCheck(settings), new DiskCheck(settings), new ConnectCheck());
    }

    /**
     * Findings of all checks, in check order. A check that throws (or returns null) yields one
     * {@code check-failed/check=NAME} UNKNOWN finding instead: its problems are unknown, not absent.
     */
    public static List<Finding> evaluateAll(List<Check> checks, SnapshotHistory history) {
        List<Finding> findings = new ArrayList<>();
        for (Check check : checks) {
            String name = nameOf(check);
            try {
                List<Finding> found = check.evaluate(history);
                if (found == null) {
                    throw new IllegalStateException("returned null instead of a list");
                }
                findings.addAll(found);
            } catch (RuntimeException | LinkageError e) {
                // LinkageError too: a plugin jar built against another Warden fails this way
                findings.add(failed(name, e));
            }
        }
        return findings;
    }

    private static String nameOf(Check check) {
        try {
            String name = check.name();
            return name == null || name.isBlank() ? check.getClass().getName() : name;
        } catch (RuntimeException e) {
            return check.getClass().getName();
        }
    }

    private static Finding failed(String name, Throwable e) {
        String error = e.getClass().getName() + (e.getMessage() == null ? "" : ": " + e.getMessage());
        Map<String, Object> evidence = new LinkedHashMap<>();
        evidence.put("check", name);
        evidence.put("error", error);
        return new Finding("check-failed/check=" + name, "check-failed", Severity.UNKNOWN, 1,
                "check " + name + " failed, its problems are unknown this cycle: " + error.replace('\n', ' '),
                Map.of("check", name), evidence);
    }
}
