package io.warden.dr;

import static org.assertj.core.api.Assertions.assertThat;

import io.warden.dr.ExactPosition.Anchor;
import io.warden.dr.ExactPosition.Exact;
import io.warden.dr.ExactPosition.Fallback;
import io.warden.dr.ExactPosition.Outcome;
import java.util.ArrayList;
import java.util.List;
import java.util.Random;
import org.junit.jupiter.api.Test;

class ExactPositionTest {

    private static final long MAX = 100_000;

    /** Source record number i: content depends on i only, so its copy has the same content at another offset. */
    private static RecordDigest rec(long offset, long i) {
        return new RecordDigest(offset, 1_000 + i, 10 + i, 20 + i, 0);
    }

    /** Source records [from, to) with contents of their offsets. */
    private static List<RecordDigest> source(long from, long to) {
        List<RecordDigest> out = new ArrayList<>();
        for (long o = from; o < to; o++) {
            out.add(rec(o, o));
        }
        return out;
    }

    /** The replica copy of source [from, to), written from replica offset {@code at}. */
    private static List<RecordDigest> copy(long from, long to, long at) {
        List<RecordDigest> out = new ArrayList<>();
        for (long o = from; o < to; o++) {
            out.add(rec(at + (o - from), o));
        }
        return out;
    }

    @Test
    void aOneToOneCopyGivesTheReplicaOffsetOfTheFirstUnprocessedRecord() {
        // source 100 became replica 40; the group committed 137: records 100..136 processed
        Outcome o = ExactPosition.position(137, 41L, new Anchor(100, 40), source(100, 137), copy(100, 160, 40), MAX);

        assertThat(o).isEqualTo(new Exact(77, 37));
    }

    @Test
    void theCommittedOffsetOnTheSyncIsTheSyncsReplicaOffset() {
        Outcome o = ExactPosition.position(100, 40L, new Anchor(100, 40), List.of(), copy(100, 120, 40), MAX);

        assertThat(o).isEqualTo(new Exact(40, 0));
    }

    @Test
    void atThePartitionsStartNothingIsComparedAndNothingSkipped() {
        assertThat(ExactPosition.position(0, 0L, new Anchor(0, 0), List.of(), copy(0, 10, 0), MAX)).isEqualTo(new Exact(0, 0));
    }

    @Test
    void atThePartitionsEndThePositionIsTheReplicasEnd() {
        // the group read everything: 50 records, all replicated
        Outcome o = ExactPosition.position(50, 41L, new Anchor(40, 40), source(40, 50), copy(40, 50, 40), MAX);

        assertThat(o).isEqualTo(new Exact(50, 10));
    }

    @Test
    void transactionMarkersOnTheSourceLeaveOffsetGapsThatTheCopyClosesAndTheCopyIsStillExact() {
        // source offsets 12 and 15 are commit markers: read_committed never sees them and MirrorMaker never copies them
        List<RecordDigest> src = new ArrayList<>(source(10, 20));
        src.removeIf(r -> r.offset() == 12 || r.offset() == 15);
        List<RecordDigest> replica = new ArrayList<>();
        for (int i = 0; i < src.size(); i++) {
            replica.add(rec(5 + i, src.get(i).offset()));
        }
        replica.add(rec(5 + src.size(), 20));

        Outcome o = ExactPosition.position(20, 6L, new Anchor(10, 5), src, replica, MAX);

        assertThat(o).isEqualTo(new Exact(5 + 8, 8));
    }

    @Test
    void aRecordCompactedAwayOnTheSourceAfterReplicationIsAGapAndFallsBack() {
        List<RecordDigest> src = new ArrayList<>(source(10, 20));
        src.removeIf(r -> r.offset() == 14);

        Outcome o = ExactPosition.position(20, 6L, new Anchor(10, 5), src, copy(10, 25, 5), MAX);

        assertThat(o).isInstanceOf(Fallback.class);
        assertThat(((Fallback) o).reason()).contains("differ");
    }

    @Test
    void aRecordCompactedAwayOnTheReplicaFallsBack() {
        List<RecordDigest> replica = new ArrayList<>(copy(10, 25, 5));
        replica.remove(3);

        assertThat(ExactPosition.position(20, 6L, new Anchor(10, 5), source(10, 20), replica, MAX)).isInstanceOf(Fallback.class);
    }

    @Test
    void aDuplicateFromAMirrorMakerRetryFallsBack() {
        List<RecordDigest> replica = new ArrayList<>();
        long at = 5;
        for (long o = 10; o < 25; o++) {
            replica.add(rec(at++, o));
            if (o == 13) {
                replica.add(rec(at++, o)); // the producer retried: 13 written twice
            }
        }

        Outcome o = ExactPosition.position(20, 6L, new Anchor(10, 5), source(10, 20), replica, MAX);

        assertThat(o).isInstanceOf(Fallback.class);
        assertThat(((Fallback) o).reason()).contains("source record 14 and replica record 9 differ");
    }

    @Test
    void aDuplicateAfterThePositionIsReprocessedNotSkipped() {
        List<RecordDigest> replica = new ArrayList<>(copy(10, 20, 5));
        replica.add(rec(15, 19)); // 19 written again, then 20 onwards
        replica.addAll(copy(20, 25, 16));

        assertThat(ExactPosition.position(20, 6L, new Anchor(10, 5), source(10, 20), replica, MAX)).isEqualTo(new Exact(15, 10));
    }

    @Test
    void withoutAnOffsetSyncAtOrBeforeTheCommittedOffsetThereIsNothingToCompareFrom() {
        assertThat(ExactPosition.anchor(99, List.of(new Anchor(100, 40), new Anchor(150, 90)))).isEmpty();
        assertThat(ExactPosition.position(99, 30L, null, List.of(), List.of(), MAX)).isInstanceOf(Fallback.class);
    }

    @Test
    void theNewestSyncAtOrBeforeTheCommittedOffsetIsTheAnchor() {
        List<Anchor> syncs = List.of(new Anchor(0, 0), new Anchor(100, 40), new Anchor(137, 77), new Anchor(150, 90));

        assertThat(ExactPosition.anchor(137, syncs)).contains(new Anchor(137, 77));
        assertThat(ExactPosition.anchor(136, syncs)).contains(new Anchor(100, 40));
    }

    @Test
    void moreRecordsThanTheBoundFallBackAndSaySo() {
        Outcome o = ExactPosition.position(137, 41L, new Anchor(100, 40), source(100, 137), copy(100, 160, 40), 36);

        assertThat(o).isInstanceOf(Fallback.class);
        assertThat(((Fallback) o).bounded()).isTrue();
        assertThat(((Fallback) o).reason()).contains("--max-compare 36");
    }

    @Test
    void aSourceRecordGoneAtTheAnchorFallsBack() {
        Outcome o = ExactPosition.position(137, 41L, new Anchor(100, 40), source(110, 137), copy(100, 160, 40), MAX);

        assertThat(((Fallback) o).reason()).contains("source record 100").contains("gone");
    }

    @Test
    void aReplicaBehindTheCommittedOffsetFallsBack() {
        Outcome o = ExactPosition.position(137, 41L, new Anchor(100, 40), source(100, 137), copy(100, 120, 40), MAX);

        assertThat(((Fallback) o).reason()).contains("replication is behind");
    }

    @Test
    void anAnchorThatContradictsTheCheckpointFallsBack() {
        Outcome o = ExactPosition.position(137, 90L, new Anchor(100, 40), source(100, 137), copy(100, 160, 40), MAX);

        assertThat(((Fallback) o).reason()).contains("disagree");
        assertThat(((Fallback) o).conflict()).isTrue();
    }

    /** Whatever a replica went through, an exact position is never past the copy of the first unprocessed record. */
    @Test
    void neverPastTheRecordTheGroupHadReached() {
        Random random = new Random(42);
        int exact = 0;
        for (int round = 0; round < 5_000; round++) {
            long u = random.nextInt(50);
            long c = u + random.nextInt(40);
            long end = c + random.nextInt(10);
            // the replica: a copy of source [u, end) with random duplicates, drops and rewrites; tracks the source number
            List<RecordDigest> replica = new ArrayList<>();
            List<Long> origin = new ArrayList<>();
            long at = random.nextInt(30);
            long v = at;
            for (long o = u; o < end; o++) {
                int fate = random.nextInt(40);
                if (fate == 0 && o != u) {
                    continue; // lost
                }
                replica.add(fate == 1 ? new RecordDigest(at++, 1_000 + o, 10 + o, 99, 0) : rec(at++, o));
                origin.add(o);
                if (fate == 2) {
                    replica.add(rec(at++, o)); // retry duplicate
                    origin.add(o);
                }
                if (fate == 3 && o > u) {
                    replica.add(rec(at++, o - 1)); // an older record written again late
                    origin.add(o - 1);
                }
            }
            long truth = at; // the replica offset of the first copy of a record at or after c
            for (int i = 0; i < replica.size(); i++) {
                if (origin.get(i) >= c) {
                    truth = replica.get(i).offset();
                    break;
                }
            }
            Outcome o = ExactPosition.position(c, null, new Anchor(u, v), source(u, c), replica, MAX);
            if (o instanceof Exact e) {
                exact++;
                assertThat(e.position()).as("round %d: u=%d c=%d replica=%s", round, u, c, replica).isLessThanOrEqualTo(truth);
            }
        }
        assertThat(exact).isGreaterThan(500);
    }
}
