package io.warden.protect;

import io.warden.WardenException;
import java.io.IOException;
import java.util.ArrayDeque;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.Deque;
import java.util.List;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.Future;
import org.apache.kafka.clients.consumer.OffsetAndMetadata;
import org.apache.kafka.clients.producer.RecordMetadata;
import org.apache.kafka.common.TopicPartition;

/**
 * The records of one backed-up partition still to restore, in order. The next segment is read,
 * decompressed and checked on the read-ahead pool while this one is produced. It also notes,
 * per transaction, which sent record each group offset lands on, so the progress commit can
 * carry the mapping (see {@link RestoredOffsets}).
 */
final class PartitionCursor {

    final TopicPartition target;
    private final Manifest.Partition source;
    private final ReadAhead readAhead;
    private final Deque<Manifest.SegmentFile> unread = new ArrayDeque<>();
    private Future<Segment.Frames> nextSegment;
    private Manifest.SegmentFile nextFile;
    private Segment.Frames frames;
    private BackupRecord current;
    private int index;
    private long next;
    private long skipped;
    private final long[] groupOffsets;
    private int pending;
    private final RestoredOffsets mapping;
    private final boolean keepsMapping;
    private long lastSent = -1;
    private final List<Long> sentGroupOffsets = new ArrayList<>();
    private final List<Future<RecordMetadata>> sentRecords = new ArrayList<>();
    private Future<RecordMetadata> lastRecord;
    private OffsetAndMetadata committed;
    private OffsetAndMetadata committing;

    /**
     * @param progress     the committed progress of earlier runs, or null
     * @param groupOffsets the source offsets groups had committed on this partition; empty to map none
     */
    PartitionCursor(ReadAhead readAhead, TopicPartition target, Manifest.Partition source,
                    OffsetAndMetadata progress, long[] groupOffsets) {
        this.readAhead = readAhead;
        this.target = target;
        this.source = source;
        this.committed = progress;
        this.next = progress == null ? Long.MIN_VALUE : progress.offset();
        this.mapping = RestoredOffsets.decode(progress == null ? null : progress.metadata());
        this.keepsMapping = groupOffsets.length > 0 || !mapping.isEmpty();
        long resume = next;
        this.groupOffsets = Arrays.stream(groupOffsets).filter(x -> x >= resume).distinct().sorted().toArray();
        for (Manifest.SegmentFile s : source.segments()) {
            if (s.lastOffset() < next) {
                skipped += s.records();
                readAhead.discard(s); // read ahead at the start, before the progress was known
            } else {
                unread.add(s);
            }
        }
    }

    /** Source offset of the partition's last backed-up record, or -1 when it has none. */
    static long lastBackedUp(Manifest.Partition p) {
        return p.segments().isEmpty() ? -1 : p.segments().get(p.segments().size() - 1).lastOffset();
    }

    /** Starts reading the first segment; called when the restore takes the partition up. */
    void start() {
        requestNext();
    }

    private void requestNext() {
        Manifest.SegmentFile s = unread.poll();
        nextFile = s;
        nextSegment = s == null ? null : readAhead.take(s);
    }

    /** The next record to restore, or null when the partition is done. */
    BackupRecord peek() throws IOException, Segment.CorruptException, InterruptedException {
        while (current == null) {
            if (frames != null && index < frames.count()) {
                BackupRecord r = frames.record(index);
                if (r.offset() < next) {
                    index++;
                    skipped++;
                } else {
                    current = r;
                }
            } else {
                if (frames != null) {
                    readAhead.recycle(frames); // records are copies: nothing refers to the array any more
                    frames = null;
                    index = 0;
                }
                if (nextSegment == null) {
                    return null;
                }
                frames = await(nextSegment, nextFile);
                index = 0;
                requestNext();
            }
        }
        return current;
    }

    /** The frames read ahead; a reader that died of anything but damage or I/O stops the restore with what it died of. */
    private static Segment.Frames await(Future<Segment.Frames> f, Manifest.SegmentFile segment)
            throws IOException, Segment.CorruptException, InterruptedException {
        try {
            return f.get();
        } catch (ExecutionException e) {
            if (e.getCause() instanceof IOException io) {
                throw io;
            }
            if (e.getCause() instanceof Segment.CorruptException c) {
                throw c;
            }
            throw new WardenException(WardenException.SOFTWARE, "restore stopped: reading " + segment.file() + " failed with "
                    + Manifest.oneLine(String.valueOf(e.getCause())) + "; the open transaction is aborted, what committed stays: "
                    + "run the restore again to continue" + (e.getCause() instanceof OutOfMemoryError ? " (with a larger -Xmx)" : ""),
                    e.getCause());
        }
    }

    private boolean exhausted() {
        return current == null && (frames == null || index >= frames.count()) && nextSegment == null;
    }

    /** The record {@link #peek()} returned was handed to the producer. */
    void sent(BackupRecord r, Future<RecordMetadata> result) {
        index++;
        current = null;
        lastSent = r.offset();
        if (pending < groupOffsets.length) {
            while (pending < groupOffsets.length && groupOffsets[pending] <= r.offset()) {
                sentGroupOffsets.add(groupOffsets[pending++]);
                sentRecords.add(result);
            }
            lastRecord = result; // the end of the restored data, for offsets beyond the last record
        }
    }

    /**
     * The progress to commit with this transaction: the next source offset, and the mapping so far.
     * Waits only for the records that group offsets landed on (sent early, mostly acknowledged by
     * now) and, once the partition is done, its last record: the end of the restored data matters
     * only then, for group offsets beyond the last backed-up record.
     */
    OffsetAndMetadata progress() throws InterruptedException, ExecutionException {
        for (int i = 0; i < sentGroupOffsets.size(); i++) {
            mapping.found(sentGroupOffsets.get(i), sentRecords.get(i).get().offset());
        }
        if (lastRecord != null && exhausted()) {
            mapping.restoredUpTo(lastRecord.get().offset());
        }
        committing = new OffsetAndMetadata(lastSent + 1, keepsMapping ? mapping.encode() : "");
        return committing;
    }

    /** The transaction committed. */
    void committed() {
        committed = committing;
        next = lastSent + 1;
        sentGroupOffsets.clear();
        sentRecords.clear();
        lastRecord = null;
    }

    /** The progress committed for this partition so far (by any run), or null. */
    OffsetAndMetadata committedProgress() {
        return committed;
    }

    long skipped() {
        return skipped;
    }
}
