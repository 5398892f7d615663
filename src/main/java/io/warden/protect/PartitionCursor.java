package io.warden.protect;

import java.io.IOException;
import java.nio.file.Path;
import java.util.ArrayDeque;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.Deque;
import java.util.List;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.ExecutorService;
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
    private final Path dir;
    private final ExecutorService readAhead;
    private final Deque<Manifest.SegmentFile> unread = new ArrayDeque<>();
    private Future<List<BackupRecord>> nextSegment;
    private List<BackupRecord> records = List.of();
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

    /**
     * @param progress     the committed progress of earlier runs, or null
     * @param groupOffsets the source offsets groups had committed on this partition; empty to map none
     */
    PartitionCursor(Path dir, ExecutorService readAhead, TopicPartition target, Manifest.Partition source,
                    OffsetAndMetadata progress, long[] groupOffsets) {
        this.dir = dir;
        this.readAhead = readAhead;
        this.target = target;
        this.source = source;
        this.next = progress == null ? Long.MIN_VALUE : progress.offset();
        this.mapping = RestoredOffsets.decode(progress == null ? null : progress.metadata());
        this.keepsMapping = groupOffsets.length > 0 || !mapping.isEmpty();
        long resume = next;
        this.groupOffsets = Arrays.stream(groupOffsets).filter(x -> x >= resume).distinct().sorted().toArray();
        for (Manifest.SegmentFile s : source.segments()) {
            if (s.lastOffset() < next) {
                skipped += s.records();
            } else {
                unread.add(s);
            }
        }
    }

    /** Source offset of the partition's last backed-up record, or -1 when it has none. */
    static long lastBackedUp(Manifest.Partition p) {
        return p.segments().isEmpty() ? -1 : p.segments().get(p.segments().size() - 1).lastOffset();
    }

    /** Starts reading the first segment; called for every partition before any waits, so they read in turn. */
    void start() {
        requestNext();
    }

    private void requestNext() {
        Manifest.SegmentFile s = unread.poll();
        nextSegment = s == null ? null : readAhead.submit(() -> Segment.read(dir.resolve(s.file())));
    }

    /** The next record to restore, or null when the partition is done. */
    BackupRecord peek() throws IOException, Segment.CorruptException, InterruptedException {
        while (index >= records.size()) {
            if (nextSegment == null) {
                return null;
            }
            records = await(nextSegment);
            index = 0;
            requestNext();
            while (index < records.size() && records.get(index).offset() < next) {
                index++;
                skipped++;
            }
        }
        return records.get(index);
    }

    private static List<BackupRecord> await(Future<List<BackupRecord>> f)
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
            throw new IllegalStateException(e.getCause());
        }
    }

    /** The record {@link #peek()} returned was handed to the producer. */
    void sent(BackupRecord r, Future<RecordMetadata> result) {
        index++;
        lastSent = r.offset();
        if (pending < groupOffsets.length) {
            while (pending < groupOffsets.length && groupOffsets[pending] <= r.offset()) {
                sentGroupOffsets.add(groupOffsets[pending++]);
                sentRecords.add(result);
            }
            lastRecord = result; // the end of the restored data, for offsets beyond the last record
        }
    }

    /** Whether this transaction needs the target offsets of its records (the producer must flush first). */
    boolean mapsGroupOffsets() {
        return lastRecord != null;
    }

    /** The progress to commit with this transaction: the next source offset, and the mapping so far. */
    OffsetAndMetadata progress() throws InterruptedException, ExecutionException {
        for (int i = 0; i < sentGroupOffsets.size(); i++) {
            mapping.found(sentGroupOffsets.get(i), sentRecords.get(i).get().offset());
        }
        if (lastRecord != null) {
            mapping.restoredUpTo(lastRecord.get().offset());
        }
        return new OffsetAndMetadata(lastSent + 1, keepsMapping ? mapping.encode() : "");
    }

    /** The transaction committed. */
    void committed() {
        next = lastSent + 1;
        sentGroupOffsets.clear();
        sentRecords.clear();
        lastRecord = null;
    }

    long skipped() {
        return skipped;
    }
}
