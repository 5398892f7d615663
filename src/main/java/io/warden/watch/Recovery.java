package io.warden.watch;

import io.warden.snapshot.PartitionInfo;
import java.util.List;

/**
 * How a partition can be led again without losing committed records, from its ISR and its eligible
 * leader replicas (KIP-966: replicas that left the ISR while it was below {@code min.insync.replicas},
 * so they hold every committed record and the controller may elect them cleanly).
 */
public enum Recovery {
    /** It has a leader: nothing to recover for availability. */
    LEADER_IN_SYNC("leader-in-sync"),
    /** No leader, but eligible leader replicas: bring one back and it leads without data loss. */
    ELIGIBLE_LEADER_REPLICAS("eligible-leader-replicas"),
    /** No leader, but a replica still in the ISR (a cluster without ELR keeps the last one there). */
    IN_SYNC_REPLICAS("in-sync-replicas"),
    /** No leader and no replica known to hold every committed record: only an unclean election helps. */
    UNCLEAN_ELECTION_ONLY("unclean-election-only");

    /**
     * Evidence key of partition findings: how many of its partitions only an unclean leader election would
     * bring back. The healer escalates such findings instead of acting.
     */
    public static final String WITHOUT_CLEAN_LEADER = "withoutCleanLeader";

    private final String code;

    Recovery(String code) {
        this.code = code;
    }

    /** The value in finding evidence, e.g. {@code unclean-election-only}. */
    public String code() {
        return code;
    }

    public static Recovery of(PartitionInfo p) {
        if (!p.offline()) {
            return LEADER_IN_SYNC;
        }
        if (p.elr() != null && !p.elr().isEmpty()) {
            return ELIGIBLE_LEADER_REPLICAS;
        }
        return p.isr().isEmpty() ? UNCLEAN_ELECTION_ONLY : IN_SYNC_REPLICAS;
    }

    /** One clause for a finding: the ISR, the eligible leader replicas and what they allow. */
    static String describe(PartitionInfo p) {
        List<Integer> elr = p.elr();
        return switch (of(p)) {
            case LEADER_IN_SYNC -> "(ISR " + p.isr() + (elr == null ? ")"
                    : elr.isEmpty() ? "; no eligible leader replica: if the ISR fails too, only an unclean leader election"
                            + " would bring it back, and Warden will not do that)"
                    : "; eligible leader replicas " + elr + " can take over without data loss)");
            case ELIGIBLE_LEADER_REPLICAS -> "(no leader; eligible leader replicas " + elr
                    + " hold every committed record: bring one back and it leads without data loss)";
            case IN_SYNC_REPLICAS -> "(no leader; bring back in-sync replica " + p.isr() + " and it leads without data loss)";
            case UNCLEAN_ELECTION_ONLY -> "(no leader and no eligible leader replica"
                    + (p.lastKnownElr() == null || p.lastKnownElr().isEmpty() ? "" : ", last known " + p.lastKnownElr())
                    + ": only an unclean leader election would bring it back, losing committed records,"
                    + " and Warden will not do that)";
        };
    }
}
