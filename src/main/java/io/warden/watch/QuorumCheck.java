package io.warden.watch;

import io.warden.snapshot.SnapshotHistory;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.stream.Collectors;

/**
 * The KRaft metadata quorum, judged by {@link QuorumHealth} (a voter counts while it caught up within
 * {@link CheckSettings#quorumCatchUpTimeout()}):
 * <ul>
 *   <li>{@code quorum-voter-lagging/voter=N} WARNING: a voter that has not caught up with the metadata log
 *       for longer than the timeout (stopped, partitioned, or too slow); value = seconds behind;</li>
 *   <li>{@code quorum-majority-at-risk} CRITICAL: with the lagging voters counted as lost, one more voter
 *       failure (or fewer) leaves the quorum without a majority, and then no metadata change, leader election
 *       or broker registration happens; value = further failures tolerated;</li>
 *   <li>{@code quorum-even-voters} WARNING: an even number of voters tolerates no more failures than one
 *       voter fewer, and splits evenly more easily; value = voters.</li>
 * </ul>
 * A quorum without a leader is {@code controller-missing} ({@link BrokerCheck}), not judged here. A single
 * voter has no redundancy to lose and is not reported.
 */
public final class QuorumCheck implements Check {

    public static final String NAME = "quorum";

    private final CheckSettings settings;

    public QuorumCheck(CheckSettings settings) {
        this.settings = Objects.requireNonNull(settings, "settings");
    }

    @Override
    public String name() {
        return NAME;
    }

    @Override
    public List<Finding> evaluate(SnapshotHistory history) {
        return QuorumHealth.of(history, settings.quorumCatchUpTimeout()).map(QuorumCheck::findings).orElse(List.of());
    }

    private static List<Finding> findings(QuorumHealth q) {
        List<Finding> findings = new ArrayList<>();
        List<QuorumHealth.Replica> lost = q.lostVoters();
        for (QuorumHealth.Replica v : lost) {
            findings.add(lagging(q, v));
        }
        int voters = q.voters().size();
        if (!lost.isEmpty() && q.failuresTolerated() <= 0) {
            String state = q.failuresTolerated() < 0 ? "has lost its majority" : "is one voter failure from losing its majority";
            findings.add(new Finding("quorum-majority-at-risk", "quorum-majority-at-risk", Severity.CRITICAL,
                    q.failuresTolerated(),
                    "KRaft quorum " + state + ": " + q.caughtUpVoters() + " of " + voters + " voters caught up, "
                            + q.majority() + " needed; not caught up: " + describe(lost)
                            + "; without a majority no metadata change, leader election or broker registration happens",
                    Map.of(), evidence(q)));
        }
        if (voters > 1 && voters % 2 == 0) {
            findings.add(new Finding("quorum-even-voters", "quorum-even-voters", Severity.WARNING, voters,
                    "KRaft quorum has " + voters + " voters: it tolerates " + (voters / 2 - 1) + " voter failure(s), no more than "
                            + (voters - 1) + (voters == 2 ? " voter" : " voters") + " would; run an odd number of controllers",
                    Map.of(), evidence(q)));
        }
        return findings;
    }

    private static Finding lagging(QuorumHealth q, QuorumHealth.Replica v) {
        Map<String, Object> evidence = evidence(q);
        evidence.put("voter", v.nodeId());
        return new Finding("quorum-voter-lagging/voter=" + v.nodeId(), "quorum-voter-lagging", Severity.WARNING,
                v.notCaughtUpMillis() / 1000.0,
                "KRaft voter " + describe(List.of(v)) + " (leader " + q.leaderId() + "); it does not count toward the"
                        + " quorum's majority: is the controller down, cut off or overloaded?",
                Map.of("voter", String.valueOf(v.nodeId())), evidence);
    }

    /** "3 not caught up for 45s, 120 records behind", for each voter. */
    static String describe(List<QuorumHealth.Replica> voters) {
        return voters.stream().map(v -> v.nodeId() + " not caught up for " + Humanize.duration(v.notCaughtUpMillis() / 1000.0)
                        + ", " + Humanize.count(v.lag()) + " records behind")
                .collect(Collectors.joining("; "));
    }

    private static Map<String, Object> evidence(QuorumHealth q) {
        Map<String, Object> evidence = new LinkedHashMap<>();
        evidence.put("leaderId", q.leaderId());
        evidence.put("leaderEpoch", q.leaderEpoch());
        evidence.put("voters", q.voters().size());
        evidence.put("caughtUpVoters", q.caughtUpVoters());
        evidence.put("majority", q.majority());
        evidence.put("failuresTolerated", q.failuresTolerated());
        evidence.put("catchUpTimeoutSeconds", q.catchUpTimeout().toSeconds());
        evidence.put("replication", q.voters());
        return evidence;
    }
}
