package io.warden.protect;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.Future;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * Given segments asked for ahead of time, the read-ahead holds no more bytes of frames than its
 * budget whatever the number asked for, reads the rest in the order asked as frames are handed
 * back, and still reads at once a segment the restore waits for when the budget is full.
 */
class ReadAheadTest {

    static final int MIB = 1 << 20;
    /** What the fake reader asks for: a whole MiB with the array header, as the read-ahead rounds it. */
    static final int FRAMES = MIB - 16;

    @TempDir
    Path dir;
    final List<String> reads = new CopyOnWriteArrayList<>();
    ReadAhead readAhead;

    @AfterEach
    void close() {
        if (readAhead != null) {
            readAhead.close();
        }
    }

    /** One thread reading: segments are read one after another, in the order dispatched. */
    ReadAhead readAhead(long budget) throws IOException {
        Files.createDirectories(dir.resolve("t/0"));
        for (int i = 0; i < 10; i++) {
            Files.createFile(dir.resolve(segment(i).file())); // what the fake reader reads instead
        }
        readAhead = new ReadAhead(dir, 1, (store, segment, buffers) -> {
            reads.add(segment.file());
            return new Segment.Frames(store.named(segment.file()), buffers.apply(FRAMES), new int[0], new int[0]);
        }, budget);
        return readAhead;
    }

    static Manifest.SegmentFile segment(int i) {
        return new Manifest.SegmentFile("t/0/" + i + ".seg", i, i, 1, MIB, "0");
    }

    @Test
    void readsAheadOnlyWhatItsBudgetHoldsThenTheRestInTurnAsFramesAreHandedBack() throws Exception {
        ReadAhead r = readAhead(3L * MIB);
        List<Future<Segment.Frames>> asked = new ArrayList<>();
        for (int i = 0; i < 10; i++) {
            asked.add(r.read(segment(i)));
        }
        await().atMost(Duration.ofSeconds(10)).until(() -> asked.get(0).isDone() && asked.get(1).isDone() && asked.get(2).isDone());
        assertThat(reads).as("three segments of 1 MiB fit 3 MiB").containsExactly("t/0/0.seg", "t/0/1.seg", "t/0/2.seg");
        assertThat(asked.get(3).isDone()).isFalse();
        assertThat(r.held()).isEqualTo(3L * FRAMES);
        assertThat(r.checked(segment(3))).as("waiting for room: the backup's check reads it itself instead of waiting").isNull();
        assertThat(r.checked(segment(0)).get()).as("read and checked").isNull();

        Segment.Frames first = r.take(segment(0)).get();
        r.recycle(first);
        Segment.Frames fourth = asked.get(3).get();
        assertThat(reads).as("the next in the order asked").endsWith("t/0/3.seg").hasSize(4);
        assertThat(fourth.raw()).as("in the array handed back").isSameAs(first.raw());
        assertThat(r.held()).isLessThanOrEqualTo(3L * MIB);
    }

    @Test
    void arraysHandedBackAreUsedAgainByReadsUnderWayInsteadOfLetGo() throws Exception {
        ReadAhead r = readAhead(4L * MIB);
        List<Future<Segment.Frames>> asked = new ArrayList<>();
        for (int i = 0; i < 4; i++) {
            asked.add(r.read(segment(i)));
        }
        for (Future<Segment.Frames> f : asked) {
            f.get(); // all four in new arrays
        }
        Segment.Frames first = r.take(segment(0)).get();
        Segment.Frames second = r.take(segment(1)).get();
        r.recycle(first);
        r.recycle(second);
        Future<Segment.Frames> fifth;
        Future<Segment.Frames> sixth;
        synchronized (r) { // both reads under way before the reader thread may fill either
            fifth = r.read(segment(4));
            sixth = r.read(segment(5));
        }
        assertThat(fifth.get().raw()).as("the arrays handed back, in turn, no new ones").isSameAs(first.raw());
        assertThat(sixth.get().raw()).isSameAs(second.raw());
        assertThat(r.held()).isEqualTo(4L * FRAMES);
    }

    @Test
    void aSegmentTheRestoreWaitsForIsReadEvenWhenTheBudgetIsFull() throws Exception {
        ReadAhead r = readAhead(2L * MIB);
        List<Future<Segment.Frames>> asked = new ArrayList<>();
        for (int i = 0; i < 4; i++) {
            asked.add(r.read(segment(i)));
        }
        await().atMost(Duration.ofSeconds(10)).until(() -> asked.get(1).isDone());
        Future<Segment.Frames> waitedFor = r.take(segment(3));
        assertThat(waitedFor.get(10, TimeUnit.SECONDS).raw()).hasSize(FRAMES);
        assertThat(reads).as("the one waited for, before the one asked for earlier").containsExactly("t/0/0.seg", "t/0/1.seg", "t/0/3.seg");
        assertThat(asked.get(2).isDone()).isFalse();
    }

    @Test
    void takesUpOnePartitionUntilASegmentIsReadThenAsManyAsHoldTwoSegmentsEachOfTheLargestSizeRead() throws Exception {
        ReadAhead r = readAhead(64L * MIB);
        assertThat(r.partitionsAtOnce()).as("before a read").isEqualTo(1);
        r.take(segment(0)).get();
        assertThat(r.partitionsAtOnce()).as("frames of 1 MiB").isEqualTo(32);
    }

    @Test
    void aDiscardedSegmentGivesItsBytesBackOnceRead() throws Exception {
        ReadAhead r = readAhead(MIB);
        Future<Segment.Frames> early = r.read(segment(0));
        Future<Segment.Frames> next = r.read(segment(1));
        early.get();
        r.discard(segment(0));
        assertThat(r.partitionsAtOnce()).as("at least one, even when one segment fills the budget").isEqualTo(1);
        assertThat(next.get(10, TimeUnit.SECONDS).raw()).isSameAs(early.get().raw());
    }
}
