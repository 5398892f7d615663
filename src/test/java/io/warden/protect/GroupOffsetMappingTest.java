package io.warden.protect;

import static org.assertj.core.api.Assertions.assertThat;

import io.warden.protect.GroupOffsetRestore.Candidate;
import io.warden.protect.GroupOffsetRestore.Progress;
import io.warden.protect.RestoredGroupOffset.Action;
import io.warden.protect.metadata.GroupOffsetsReader;
import io.warden.protect.metadata.PartitionOffset;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.concurrent.CompletableFuture;
import org.apache.kafka.clients.consumer.OffsetAndMetadata;
import org.apache.kafka.clients.producer.RecordMetadata;
import org.apache.kafka.common.TopicPartition;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * A group offset X maps to the first restored record with source offset at least X (across gaps
 * and a moved log start), beyond the last record to the end of the restored data, and the mapping
 * a run commits is all a later run needs.
 */
class GroupOffsetMappingTest {

    static final TopicPartition TARGET = new TopicPartition("orders-r", 0);

    @TempDir
    Path dir;
    ReadAhead readAhead;

    @BeforeEach
    void start() {
        readAhead = new ReadAhead(dir, 1, ReadAhead.CHECKED);
    }

    @AfterEach
    void stop() {
        readAhead.close();
    }

    @Test
    void theMappingReadsBackAsWrittenAndAnythingElseIsNoMapping() {
        RestoredOffsets m = new RestoredOffsets(Map.of(3L, 100L, 9L, 104L), 120L);
        RestoredOffsets back = RestoredOffsets.decode(m.encode());
        assertThat(back.encode()).isEqualTo(m.encode()).isEqualTo("warden-restore/1 end=120 map=3:100,9:104");
        assertThat(back.target(3, 50)).isEqualTo(100);
        assertThat(back.target(9, 50)).isEqualTo(104);
        assertThat(back.target(51, 50)).as("beyond the last backed-up record: the end").isEqualTo(120);
        assertThat(back.target(5, 50)).as("never recorded").isNull();
        assertThat(RestoredOffsets.decode("").isEmpty()).isTrue();
        assertThat(RestoredOffsets.decode(null).isEmpty()).isTrue();
        assertThat(RestoredOffsets.decode("warden-restore/1 end=x map=1:").isEmpty()).isTrue();
        assertThat(RestoredOffsets.decode("warden-restore/1 map=").isEmpty()).isTrue();
    }

    @Test
    void groupOffsetsInGapsBeforeTheStartAndBeyondTheEndLandOnTheRightRecordsAcrossARestart() throws Exception {
        // source records at 5, 6, 9, 10, 14 (log start moved to 5, 7-8 and 11-13 compacted away)
        Manifest.Partition p = partition(5, 6, 9, 10, 14);
        long[] groups = {2, 5, 7, 11, 14, 15};
        PartitionCursor first = new PartitionCursor(readAhead, TARGET, p, null, groups);
        first.start();
        // the target already holds 40 records, and every transaction ends with a marker
        long[] target = {40, 41};
        send(first, target);
        OffsetAndMetadata progress = first.progress();
        first.committed();
        assertThat(progress.offset()).isEqualTo(7);
        assertThat(progress.metadata()).isEqualTo("warden-restore/1 map=2:40,5:40");

        // a new run knows only what committed
        PartitionCursor second = new PartitionCursor(readAhead, TARGET, p, progress, groups);
        second.start();
        send(second, new long[] {43, 44, 45});
        assertThat(second.peek()).isNull();
        assertThat(second.skipped()).isEqualTo(2);
        RestoredOffsets done = RestoredOffsets.decode(second.progress().metadata());
        long last = PartitionCursor.lastBackedUp(p);
        assertThat(last).isEqualTo(14);
        assertThat(done.target(2, last)).as("before the log start: the first record").isEqualTo(40);
        assertThat(done.target(5, last)).isEqualTo(40);
        assertThat(done.target(7, last)).as("in a gap: the next record, source 9").isEqualTo(43);
        assertThat(done.target(11, last)).as("source 14").isEqualTo(45);
        assertThat(done.target(14, last)).isEqualTo(45);
        assertThat(done.target(15, last)).as("at the end: after the last restored record").isEqualTo(46);
    }

    @Test
    void aPartitionWithoutGroupsCommitsNoMapping() throws Exception {
        PartitionCursor c = new PartitionCursor(readAhead, TARGET, partition(1, 2), null, new long[0]);
        c.start();
        send(c, new long[] {0, 1});
        assertThat(c.progress()).isEqualTo(new OffsetAndMetadata(3, ""));
    }

    @Test
    void aGroupIsSetOnlyWhenItHasNoOffsetOfItsOwnNoMembersAndItsPartitionIsRestored() {
        Candidate c = new Candidate("billing", TARGET, 7);
        Progress restored = new Progress(true, 43L);
        assertThat(GroupOffsetRestore.decide(c, restored, null, false, true).action()).isEqualTo(Action.SET);
        assertThat(GroupOffsetRestore.decide(c, restored, null, false, true).offset()).isEqualTo(43);
        assertThat(GroupOffsetRestore.decide(c, restored, new OffsetAndMetadata(43), true, true).action())
                .as("already there, even with members").isEqualTo(Action.UNCHANGED);
        assertThat(GroupOffsetRestore.decide(c, restored, null, true, true))
                .satisfies(d -> assertThat(d.action()).isEqualTo(Action.SKIP))
                .satisfies(d -> assertThat(d.reason()).contains("active members"));
        assertThat(GroupOffsetRestore.decide(c, restored, new OffsetAndMetadata(2), false, true))
                .satisfies(d -> assertThat(d.action()).isEqualTo(Action.SKIP))
                .satisfies(d -> assertThat(d.reason()).contains("offset 2 of its own"));
        assertThat(GroupOffsetRestore.decide(c, restored, new OffsetAndMetadata(7, GroupOffsetsReader.VERBATIM), false, true))
                .satisfies(d -> assertThat(d.action()).isEqualTo(Action.SET))
                .satisfies(d -> assertThat(d.reason()).contains("replaces the unmapped offset 7"));
        assertThat(GroupOffsetRestore.decide(c, restored, new OffsetAndMetadata(5, GroupOffsetRestore.MAPPED), false, true))
                .as("the base of an incremental backup set it and no consumer moved it since")
                .satisfies(d -> assertThat(d.action()).isEqualTo(Action.SET))
                .satisfies(d -> assertThat(d.reason()).contains("replaces offset 5 an earlier restore set"));
        Progress notYet = new Progress(false, null);
        assertThat(GroupOffsetRestore.decide(c, notYet, null, false, true).action()).isEqualTo(Action.PENDING);
        assertThat(GroupOffsetRestore.decide(c, notYet, null, false, false))
                .satisfies(d -> assertThat(d.action()).isEqualTo(Action.SET))
                .satisfies(d -> assertThat(d.reason()).isEqualTo("once orders-r-0 is restored"));
        assertThat(GroupOffsetRestore.decide(c, new Progress(true, null), null, false, true))
                .satisfies(d -> assertThat(d.action()).isEqualTo(Action.SKIP))
                .satisfies(d -> assertThat(d.reason()).contains("did not record"));
    }

    @Test
    void candidatesFollowTheSelectedTopicsUnderTheirTargetNames() {
        Manifest m = new Manifest(1, "t", "c", List.of(), Map.of("billing", List.of(new PartitionOffset("orders", 0, 7),
                new PartitionOffset("other", 1, 3))));
        assertThat(GroupOffsetRestore.candidates(m, Map.of("orders", "orders-r")))
                .containsExactly(new Candidate("billing", TARGET, 7));
    }

    @Test
    void anIncrementalBackupLeavesGroupsBeforeItsStartToItsBase() {
        Manifest.Partition p = new Manifest.Partition(0, 100, 120, 20, List.of());
        Map<String, List<PartitionOffset>> groups = Map.of("slow", List.of(new PartitionOffset("orders", 0, 90)),
                "fast", List.of(new PartitionOffset("orders", 0, 110)));
        Manifest incremental = new Manifest(1, "t", "c", List.of(new Manifest.Topic("orders", 1, Map.of(), List.of(p))),
                new Manifest.Base("base", "/b/base", "t0", "c"), null, null, groups);
        assertThat(GroupOffsetRestore.candidates(incremental, Map.of("orders", "orders-r")))
                .containsExactly(new Candidate("fast", TARGET, 110));
        Manifest full = new Manifest(1, "t", "c", incremental.topics(), groups);
        assertThat(GroupOffsetRestore.candidates(full, Map.of("orders", "orders-r"))).hasSize(2);
    }

    /** One segment file per two records, as a backup writes them. */
    private Manifest.Partition partition(long... offsets) throws Exception {
        List<Manifest.SegmentFile> segments = new ArrayList<>();
        for (int i = 0; i < offsets.length; i += 2) {
            List<BackupRecord> records = new ArrayList<>();
            for (int j = i; j < Math.min(i + 2, offsets.length); j++) {
                records.add(new BackupRecord(offsets[j], 1000 + offsets[j], (byte) 0, null, new byte[] {(byte) offsets[j]}, List.of()));
            }
            String file = Segment.fileName(offsets[i]);
            Segment.Written w = Segment.write(dir.resolve(file), records);
            segments.add(new Manifest.SegmentFile(file, offsets[i], records.get(records.size() - 1).offset(), records.size(),
                    w.bytes(), w.fileCrc32c()));
        }
        return new Manifest.Partition(0, offsets[0], offsets[offsets.length - 1] + 1, offsets.length, segments);
    }

    /** Sends as many records as target offsets are given, each acknowledged at its target offset. */
    private static void send(PartitionCursor c, long[] targetOffsets) throws Exception {
        for (long t : targetOffsets) {
            BackupRecord r = c.peek();
            c.sent(r, CompletableFuture.completedFuture(new RecordMetadata(TARGET, t, 0, 0, 0, 1)));
        }
    }
}
