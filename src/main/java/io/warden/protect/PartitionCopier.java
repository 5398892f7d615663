package io.warden.protect;

import io.warden.WardenException;
import io.warden.kafka.ConnectionSettings;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.ByteBuffer;
import java.time.Duration;
import java.util.ArrayDeque;
import java.util.ArrayList;
import java.util.Collections;
import java.util.Deque;
import java.util.HashMap;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CompletionException;
import java.util.concurrent.ConcurrentLinkedQueue;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Semaphore;
import java.util.concurrent.atomic.AtomicLong;
import org.apache.kafka.clients.consumer.CloseOptions;
import org.apache.kafka.clients.consumer.ConsumerRecord;
import org.apache.kafka.clients.consumer.ConsumerRecords;
import org.apache.kafka.clients.consumer.KafkaConsumer;
import org.apache.kafka.clients.consumer.OffsetOutOfRangeException;
import org.apache.kafka.common.TopicPartition;
import org.apache.kafka.common.serialization.ByteBufferDeserializer;

/**
 * Copies a share of the cut's partitions with one consumer, from after each partition's last
 * complete segment up to the cut. The polling thread only encodes frames; full segments go to the
 * writer threads (compression, checksum, fsync), one after the other per partition so that a
 * crash never leaves a later segment without the earlier ones, which resume relies on.
 */
final class PartitionCopier {

    /**
     * Partitions read at once, and fetch bytes, over all consumers: they bound the frames and fetch
     * buffers held in memory whatever the partition count and --parallelism (the launcher gives 1 GiB).
     */
    static final int OPEN_PARTITIONS = 16;
    static final int FETCH_BYTES = 24 << 20;

    private static final ThreadLocal<Segment.Compressor> COMPRESSOR = new ThreadLocal<>();

    /** The threads that compress and write segments, each with its own compressor. */
    static ExecutorService writers(int threads, Segment.Codec codec) {
        AtomicLong n = new AtomicLong();
        return Executors.newFixedThreadPool(threads, r -> {
            Thread t = new Thread(() -> {
                try (Segment.Compressor c = new Segment.Compressor(codec)) {
                    COMPRESSOR.set(c);
                    r.run();
                }
            }, "warden-backup-writer-" + n.incrementAndGet());
            t.setDaemon(true);
            return t;
        });
    }

    /** One partition of the cut, in its topic. */
    record Work(String topic, Manifest.Partition cut) {
    }

    private final ConnectionSettings settings;
    private final BackupStore store;
    private final int segmentRecords;
    private final int segmentBytes;
    private final ExecutorService writers;
    private final Semaphore inFlight;
    private final AtomicLong budget;
    private final BackupService.Counters counters;
    private final BackupService.Listener listener;
    private final ConcurrentLinkedQueue<SegmentFrames> spare = new ConcurrentLinkedQueue<>();
    private final int openPartitions;
    private final int fetchBytes;
    /** No segment before the cut file: a re-run must find the cut its segments belong to. */
    private final CompletableFuture<Void> cutWritten;
    private final LostOffsets lost;

    PartitionCopier(ConnectionSettings settings, BackupStore store, int segmentRecords, int segmentBytes, int consumers, ExecutorService writers,
                    Semaphore inFlight, AtomicLong budget, BackupService.Counters counters, BackupService.Listener listener,
                    CompletableFuture<Void> cutWritten, LostOffsets lost) {
        this.cutWritten = cutWritten;
        this.lost = lost;
        this.settings = settings;
        this.openPartitions = Math.max(2, OPEN_PARTITIONS / consumers);
        this.fetchBytes = Math.max(4 << 20, FETCH_BYTES / consumers);
        this.store = store;
        this.segmentRecords = segmentRecords;
        this.segmentBytes = segmentBytes;
        this.writers = writers;
        this.inFlight = inFlight;
        this.budget = budget;
        this.counters = counters;
        this.listener = listener;
    }

    /** Each partition with all its segments, or null when the budget ran out before it reached the cut. */
    Map<Work, Manifest.Partition> run(List<Work> work) throws IOException {
        Map<Work, Manifest.Partition> out = new LinkedHashMap<>();
        Deque<Copy> waiting = new ArrayDeque<>();
        for (Work w : work) {
            Copy c = new Copy(w);
            if (c.next >= w.cut().endOffset()) {
                out.put(w, c.result());
            } else {
                waiting.add(c);
            }
        }
        listener.started(waiting.stream().mapToLong(c -> c.work.cut().endOffset() - c.next).sum());
        List<Copy> started = new ArrayList<>();
        if (!waiting.isEmpty()) {
            KafkaConsumer<ByteBuffer, ByteBuffer> consumer = new KafkaConsumer<>(properties(), new ByteBufferDeserializer(),
                    new ByteBufferDeserializer());
            try {
                poll(consumer, waiting, started);
            } finally {
                // no group to leave, no offsets to commit: not waiting for the last fetch, which the broker holds
                // for fetch.max.wait.ms when the partitions have nothing more, saves half a second per run
                consumer.close(CloseOptions.timeout(Duration.ZERO));
                // what was read is written even when this run stops early: the next run continues after it
                started.stream().filter(c -> c.frames != null && c.frames.records() > 0).forEach(this::submit);
                for (Copy c : started) {
                    c.tail.join();
                }
            }
        }
        for (Copy c : started) {
            out.put(c.work, c.reachedCut ? c.result() : null);
        }
        for (Copy c : waiting) {
            out.put(c.work, null);
        }
        return out;
    }

    private Map<String, Object> properties() {
        Map<String, Object> props = new HashMap<>(settings.consumerProperties());
        props.put("isolation.level", "read_committed");
        // records deleted since the cut fail the fetch instead of moving it silently: the gap is recorded (see skipDeleted)
        props.put("auto.offset.reset", "none");
        props.put("client.id", "warden-backup");
        // fetches larger than the defaults (1 MiB per partition, 500 records per poll), which leave the broker idle
        // between round trips, but not so large that each response is a fresh block of heap: 8 MiB per partition
        // cost more in page faults and garbage collection than it saved in round trips
        props.putIfAbsent("max.partition.fetch.bytes", 2 << 20);
        props.putIfAbsent("fetch.max.bytes", fetchBytes);
        props.putIfAbsent("max.poll.records", 5_000);
        props.putIfAbsent("receive.buffer.bytes", 2 << 20);
        return props;
    }

    private void poll(KafkaConsumer<ByteBuffer, ByteBuffer> consumer, Deque<Copy> waiting, List<Copy> started) {
        Map<TopicPartition, Copy> open = new HashMap<>();
        long idleLimitMs = Math.max(30_000, settings.timeout().toMillis() * 3);
        long idleMs = 0;
        while (budget.get() > 0 && (!open.isEmpty() || !waiting.isEmpty())) {
            if (open.size() < openPartitions && !waiting.isEmpty()) {
                while (open.size() < openPartitions && !waiting.isEmpty()) {
                    Copy c = waiting.poll();
                    started.add(c);
                    open.put(c.tp, c);
                }
                consumer.assign(open.keySet());
                open.values().stream().filter(c -> !c.seeked).forEach(c -> {
                    consumer.seek(c.tp, c.next);
                    c.seeked = true;
                });
            }
            failed(started);
            ConsumerRecords<ByteBuffer, ByteBuffer> polled;
            try {
                polled = consumer.poll(Duration.ofMillis(200));
            } catch (OffsetOutOfRangeException e) {
                skipDeleted(consumer, open, e.offsetOutOfRangePartitions());
                continue;
            }
            idleMs = polled.isEmpty() ? idleMs + 200 : 0;
            for (TopicPartition tp : polled.partitions()) {
                Copy c = open.get(tp);
                long end = c.work.cut().endOffset();
                for (ConsumerRecord<ByteBuffer, ByteBuffer> r : polled.records(tp)) {
                    if (r.offset() >= end) {
                        break;
                    }
                    c.frames().add(r.offset(), r.timestamp(), (byte) r.timestampType().id, r.key(), r.value(), r.headers());
                    if (c.frames.records() >= segmentRecords || c.frames.size() >= segmentBytes) {
                        submit(c);
                        if (budget.get() <= 0) {
                            return; // the records polled after this one are dropped: the positions no longer say what was copied
                        }
                    }
                }
            }
            boolean finished = false;
            for (var it = open.values().iterator(); it.hasNext(); ) {
                Copy c = it.next();
                if (consumer.position(c.tp) >= c.work.cut().endOffset()) {
                    c.reachedCut = true;
                    if (c.frames != null && c.frames.records() > 0) {
                        submit(c);
                    }
                    it.remove();
                    finished = true;
                }
            }
            if (finished && waiting.isEmpty() && !open.isEmpty()) {
                consumer.assign(open.keySet()); // stop fetching finished partitions
            }
            if (idleMs > idleLimitMs && !open.isEmpty()) {
                throw new WardenException(WardenException.UNAVAILABLE, "no records from " + open.keySet() + " at offsets "
                        + open.values().stream().map(c -> Long.toString(consumer.position(c.tp))).toList() + " for "
                        + idleLimitMs / 1000 + " s; run the backup again to continue");
            }
        }
    }

    /**
     * Where the source deleted offsets the copy had not read yet (the log start moved past its
     * position after the cut), records them as lost and continues at the new log start. A position
     * out of range above the log start is no deletion: the partition was truncated (an unclean
     * leader election) or the topic created again, and the backup stops.
     */
    private void skipDeleted(KafkaConsumer<ByteBuffer, ByteBuffer> consumer, Map<TopicPartition, Copy> open,
                             Map<TopicPartition, Long> outOfRange) {
        Map<TopicPartition, Long> starts = consumer.beginningOffsets(outOfRange.keySet(), settings.timeout());
        for (Map.Entry<TopicPartition, Long> e : outOfRange.entrySet()) {
            TopicPartition tp = e.getKey();
            Copy c = open.get(tp);
            long at = e.getValue();
            long logStart = starts.get(tp);
            if (c == null) {
                consumer.pause(List.of(tp)); // finished already: nothing more is read from it
                continue;
            }
            if (logStart <= at) {
                throw new WardenException(WardenException.UNAVAILABLE, tp + ": offset " + at + " is beyond the log end although the"
                        + " log starts at " + logStart + ": the partition was truncated (an unclean leader election) or the topic"
                        + " deleted and created again since the cut; take a new backup with another --to");
            }
            long end = c.work.cut().endOffset();
            try {
                if (at < end) {
                    lost.add(c.work.topic(), c.work.cut().partition(), at, Math.min(logStart, end) - 1);
                }
            } catch (IOException io) {
                throw new UncheckedIOException(io);
            }
            consumer.seek(tp, logStart);
        }
    }

    /** Stops reading as soon as a segment could not be written: the cause is the error to report. */
    private static void failed(List<Copy> started) {
        for (Copy c : started) {
            if (c.tail.isCompletedExceptionally()) {
                c.tail.join();
            }
        }
    }

    /** Hands the partition's frames to the writers, after its earlier segments, and gives it fresh ones. */
    private void submit(Copy c) {
        SegmentFrames frames = c.frames;
        c.frames = null;
        try {
            inFlight.acquire();
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new WardenException(WardenException.SOFTWARE, "backup interrupted; run it again to continue", e);
        }
        budget.addAndGet(-frames.records());
        // after a failed write the partition's later segments are not written (resume needs them in order), but the
        // permit and the buffer still come back, or the polling thread would wait for them for ever
        c.tail = c.tail.handleAsync((ignored, earlier) -> {
            try {
                if (earlier != null) {
                    throw earlier instanceof CompletionException ce ? ce : new CompletionException(earlier);
                }
                c.write(frames);
                return null;
            } catch (IOException e) {
                throw new UncheckedIOException(e);
            } finally {
                frames.clear();
                spare.add(frames);
                inFlight.release();
            }
        }, writers);
    }

    /** The state of one partition's copy; frames belong to the polling thread, segments to the writers. */
    private final class Copy {
        final Work work;
        final TopicPartition tp;
        final String folder;
        final List<Manifest.SegmentFile> segments;
        final long next;
        SegmentFrames frames;
        CompletableFuture<Object> tail = CompletableFuture.completedFuture(null);
        boolean seeked;
        boolean reachedCut;

        Copy(Work work) throws IOException {
            this.work = work;
            this.tp = new TopicPartition(work.topic(), work.cut().partition());
            this.folder = work.topic() + "/" + work.cut().partition();
            this.segments = Collections.synchronizedList(existing(folder, work.cut()));
            this.next = segments.isEmpty() ? work.cut().startOffset() : segments.get(segments.size() - 1).lastOffset() + 1;
        }

        SegmentFrames frames() {
            if (frames == null) {
                SegmentFrames reused = spare.poll();
                frames = reused != null ? reused : new SegmentFrames(1 << 20, segmentBytes);
            }
            return frames;
        }

        void write(SegmentFrames f) throws IOException {
            cutWritten.join();
            String file = folder + "/" + Segment.fileName(f.firstOffset());
            Segment.Written w = Segment.write(store, file, f, COMPRESSOR.get());
            segments.add(new Manifest.SegmentFile(file, w.info().firstOffset(), w.info().lastOffset(), f.records(),
                    w.bytes(), w.fileCrc32c(), f.minTimestamp(), f.maxTimestamp()));
            counters.records.addAndGet(f.records());
            counters.bytes.addAndGet(w.bytes());
            counters.segments.incrementAndGet();
            listener.segmentWritten(f.records(), w.bytes());
        }

        Manifest.Partition result() {
            long records = segments.stream().mapToLong(Manifest.SegmentFile::records).sum();
            Manifest.Partition cut = work.cut();
            return cut.withSegments(records, List.copyOf(segments));
        }
    }

    /**
     * The complete segments an earlier run left, in offset order. Each must be a segment whose
     * header fits the cut after the one before it: anything else did not come from this backup, and
     * the run stops before appending to it.
     */
    private List<Manifest.SegmentFile> existing(String folder, Manifest.Partition cut) throws IOException {
        List<Manifest.SegmentFile> out = new ArrayList<>();
        long after = cut.startOffset() - 1;
        for (String f : store.list(folder)) {
            String name = f.substring(f.lastIndexOf('/') + 1);
            if (!name.endsWith(Segment.SUFFIX)) {
                continue;
            }
            String again = "; delete it and the partition's later segments to copy them again";
            ByteBuffer all;
            Segment.Info info;
            try {
                all = store.read(f, null);
                info = Segment.header(store.named(f), all);
            } catch (Segment.CorruptException e) {
                throw new WardenException(WardenException.DATA, e.getMessage() + again);
            }
            if (!name.equals(Segment.fileName(info.firstOffset())) || info.firstOffset() <= after
                    || info.lastOffset() >= cut.endOffset()) {
                throw new WardenException(WardenException.DATA, store.named(f) + ": holds offsets " + info.firstOffset() + " to "
                        + info.lastOffset() + ", not of this backup's cut (" + (after + 1) + " to " + (cut.endOffset() - 1) + ")"
                        + again);
            }
            after = info.lastOffset();
            out.add(new Manifest.SegmentFile(f, info.firstOffset(), info.lastOffset(), info.records(), all.limit(),
                    Segment.crc32c(all)));
        }
        return out;
    }
}
