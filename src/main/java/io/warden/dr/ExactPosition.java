package io.warden.dr;

import java.util.Collection;
import java.util.List;
import java.util.Optional;

/**
 * The exact replica position of a group: the replica offset of the first record the group has not
 * processed on the source, where the replica is provably a one-to-one copy between a point
 * MirrorMaker vouches for (an offset-sync: source record U was written as replica record V) and the
 * group's committed offset C. Proof is by comparing, in order, the source records [U, C) with the
 * replica records from V: timestamp and digests of key, value and headers. Anything that does not
 * match — a record compacted or deleted on one side, a duplicate from a MirrorMaker retry, a
 * record rewritten — is a reason to keep MirrorMaker's translation instead; the position is never
 * past the copy of the record the group had reached, so nothing is skipped.
 *
 * <p>Pure: the caller reads the records.
 */
public final class ExactPosition {

    /** MirrorMaker's word that source offset {@code upstream} is replica offset {@code downstream} (an offset-sync). */
    public record Anchor(long upstream, long downstream) {
    }

    /** What the comparison concluded. */
    public sealed interface Outcome permits Exact, Fallback {
    }

    /**
     * @param position the replica offset of the first record the group has not processed
     * @param compared how many records were compared on each side
     */
    public record Exact(long position, long compared) implements Outcome {
    }

    /**
     * @param reason   why no exact position was proved, for the plan
     * @param bounded  true when only the bound on compared records stopped it
     * @param conflict true when the records prove a position before MirrorMaker's translation: one of the two is
     *                 wrong, so neither is safe to commit
     */
    public record Fallback(String reason, boolean bounded, boolean conflict) implements Outcome {
        public Fallback(String reason, boolean bounded) {
            this(reason, bounded, false);
        }
    }

    private ExactPosition() {
    }

    /** The newest anchor at or before {@code committed}: the fewest records to compare. */
    public static Optional<Anchor> anchor(long committed, Collection<Anchor> syncs) {
        return syncs.stream().filter(a -> a.upstream() <= committed && a.upstream() >= 0 && a.downstream() >= 0)
                .max(java.util.Comparator.comparingLong(Anchor::upstream).thenComparingLong(Anchor::downstream));
    }

    /** Whether comparing from {@code anchor} to {@code committed} stays within {@code maxCompare} records; null when it does. */
    public static Fallback beyondBound(long committed, Anchor anchor, long maxCompare) {
        long span = committed - anchor.upstream();
        return span > maxCompare ? new Fallback(span + " source records between MirrorMaker's offset-sync at " + anchor.upstream()
                + " and the committed offset " + committed + ": more than --max-compare " + maxCompare, true) : null;
    }

    /**
     * The exact position, or why there is none.
     *
     * @param committed   the group's committed offset C on the source partition
     * @param translation MirrorMaker's translation (the checkpoint's downstream offset), or null when there is no checkpoint
     * @param anchor      from {@link #anchor}, or null when MirrorMaker left no offset-sync at or before C
     * @param source      the source partition's records with offsets in [anchor.upstream, C), in offset order
     * @param replica     the replica partition's records from anchor.downstream on, in offset order (at least as
     *                    many as {@code source} when replication is not behind)
     * @param maxCompare  the most records to compare
     */
    public static Outcome position(long committed, Long translation, Anchor anchor, List<RecordDigest> source,
                                   List<RecordDigest> replica, long maxCompare) {
        if (anchor == null) {
            return new Fallback("MirrorMaker left no offset-sync at or before offset " + committed + " to compare from", false);
        }
        if (anchor.upstream() > committed) {
            return new Fallback("the offset-sync at " + anchor.upstream() + " is past the committed offset " + committed, false);
        }
        Fallback bound = beyondBound(committed, anchor, maxCompare);
        if (bound != null) {
            return bound;
        }
        long u = anchor.upstream();
        long v = anchor.downstream();
        int n = source.size();
        if (u < committed && (n == 0 || source.get(0).offset() != u)) {
            return new Fallback("source record " + u + " (MirrorMaker's offset-sync) is gone: retention or compaction", false);
        }
        if (!ordered(source, u, committed)) {
            return new Fallback("the source records read are not the offsets [" + u + ", " + committed + ") in order", false);
        }
        if (replica.size() < n) {
            return new Fallback("the replica holds " + replica.size() + " of the " + n + " records after replica offset " + v
                    + ": replication is behind or records were removed", false);
        }
        if (n > 0 && replica.get(0).offset() != v) {
            return new Fallback("replica record " + v + " (MirrorMaker's offset-sync) is gone: retention or compaction", false);
        }
        if (!ordered(replica.subList(0, n), v, Long.MAX_VALUE)) {
            return new Fallback("the replica records read are not in offset order from " + v, false);
        }
        for (int i = 0; i < n; i++) {
            if (!source.get(i).sameContent(replica.get(i))) {
                return new Fallback("source record " + source.get(i).offset() + " and replica record " + replica.get(i).offset()
                        + " differ: not a one-to-one copy (a gap, a duplicate from a retry, or a rewrite)", false);
            }
        }
        // the replica record after the copy of C-1 holds what the group had not processed
        long position = n == 0 ? v : replica.get(n - 1).offset() + 1;
        if (translation != null && position < translation) {
            return new Fallback("the comparison puts the position (" + position + ") before MirrorMaker's translation ("
                    + translation + "): the offset-sync and the checkpoint disagree (was the replica re-created?)", false, true);
        }
        return new Exact(position, n);
    }

    private static boolean ordered(List<RecordDigest> records, long from, long to) {
        long last = from - 1;
        for (RecordDigest r : records) {
            if (r.offset() <= last || r.offset() >= to) {
                return false;
            }
            last = r.offset();
        }
        return true;
    }
}
