package io.warden.protect;

import java.io.IOException;
import java.nio.ByteBuffer;
import java.nio.file.Path;
import java.util.ArrayDeque;
import java.util.Deque;
import java.util.HashMap;
import java.util.Iterator;
import java.util.Map;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.TimeoutException;
import java.util.function.IntFunction;

/**
 * Reads, decompresses and checks segments on their own threads, so the producing thread only
 * parses and sends. Each read also checks the file against the manifest as the backup's check
 * does, so that check need not read it again. A segment asked for twice is read once.
 *
 * <p>What it holds is bounded by bytes, not by the number of partitions: the uncompressed frames
 * of the segments being restored, those read ahead and the arrays kept for reuse together stay
 * within {@code budget}. A read asked for beyond it waits its turn, unless the restore waits for
 * it: then it starts at once, so a full budget slows the restore instead of stopping it. The
 * arrays of uncompressed frames are handed back once a segment is restored and used again: fresh
 * 8 MiB arrays that live for seconds made the collector copy and promote a gigabyte per gigabyte
 * restored (1.7 s of pauses in a 1 GiB restore).
 */
final class ReadAhead implements AutoCloseable {

    /** How a segment file of a backup becomes checked frames, in an array from {@code buffers}. */
    interface Reader {
        Segment.Frames read(BackupStore store, Manifest.SegmentFile segment, IntFunction<byte[]> buffers)
                throws IOException, Segment.CorruptException;
    }

    /** The file against the manifest (size and CRC32C before anything in it is believed), then every frame. */
    static final Reader CHECKED = (store, segment, buffers) -> {
        String file = store.named(segment.file());
        ByteBuffer all = Segment.readFile(store, segment.file());
        String problem = BackupVerifier.fileProblem(file, all, segment);
        if (problem != null) {
            throw new Segment.CorruptException(problem);
        }
        return Segment.frames(file, all, buffers);
    };

    /**
     * The default budget: three partitions at once, each with the segment being restored and the
     * next one (a default segment of just over 8 MiB takes a 9 MiB array). Two segments of every
     * partition, as before, held 240 MiB for the twelve partitions of a 1 GiB restore, and a
     * gigabyte for a hundred.
     */
    static final long BYTES = 64L << 20;
    /** Arrays are allocated in whole MiB, less the array header, so that one fits the next segment and G1's regions. */
    private static final int ROUND = 1 << 20;
    private static final int ARRAY_HEADER = 16;

    private final BackupStore files;
    private final Reader reader;
    private final ExecutorService pool;
    private final long budget;
    /** Every segment asked for, with the outcome of its checks: small, kept after its frames are gone. */
    private final Map<String, CompletableFuture<String>> checked = new ConcurrentHashMap<>();
    // guarded by this
    private final Map<String, Read> started = new HashMap<>();
    private final Deque<Read> queued = new ArrayDeque<>();
    private final Deque<byte[]> spare = new ArrayDeque<>();
    /** Bytes of the arrays of frames handed out and not recycled, or being filled. */
    private long arrays;
    /** Bytes of reads under way whose array is not known yet. */
    private long reserved;
    private long spareBytes;
    private long largest;
    private boolean closed;

    ReadAhead(Path dir, int threads, Reader reader) {
        this(new BackupDirectory(dir), threads, reader, BYTES);
    }

    ReadAhead(BackupStore files, int threads, Reader reader) {
        this(files, threads, reader, BYTES);
    }

    ReadAhead(Path dir, int threads, Reader reader, long budget) {
        this(new BackupDirectory(dir), threads, reader, budget);
    }

    /** @param budget bytes of uncompressed frames held at most, unless the restore waits for a read that does not fit */
    ReadAhead(BackupStore files, int threads, Reader reader, long budget) {
        this.files = files;
        this.reader = reader;
        this.budget = budget;
        this.pool = Executors.newFixedThreadPool(threads, r -> {
            Thread t = new Thread(r, "warden-restore-read");
            t.setDaemon(true);
            return t;
        });
    }

    /** One segment's read: queued, under way or done. */
    private final class Read implements Future<Segment.Frames> {
        final Manifest.SegmentFile segment;
        final CompletableFuture<Segment.Frames> frames = new CompletableFuture<>();
        final CompletableFuture<String> outcome = new CompletableFuture<>();
        /**
         * What this read counts in {@link #reserved} until it has its array (its file's size or the
         * largest array so far), then in {@link #arrays} until its frames are handed out.
         */
        long reservation;
        long array;
        boolean awaited;

        Read(Manifest.SegmentFile segment) {
            this.segment = segment;
        }

        @Override
        public Segment.Frames get() throws InterruptedException, ExecutionException {
            awaited(this);
            return frames.get();
        }

        @Override
        public Segment.Frames get(long timeout, TimeUnit unit) throws InterruptedException, ExecutionException, TimeoutException {
            awaited(this);
            return frames.get(timeout, unit);
        }

        @Override
        public boolean isDone() {
            return frames.isDone();
        }

        @Override
        public boolean cancel(boolean mayInterruptIfRunning) {
            return false;
        }

        @Override
        public boolean isCancelled() {
            return false;
        }
    }

    /**
     * The segment's frames, read once (in turn, within the budget) and checked as the backup's check
     * checks the file (see {@link #checked}); the caller that takes it should be the only one.
     */
    synchronized Future<Segment.Frames> read(Manifest.SegmentFile segment) {
        Read r = started.get(segment.file());
        if (r == null) {
            r = new Read(segment);
            started.put(segment.file(), r);
            checked.put(segment.file(), r.outcome);
            queued.add(r);
            dispatch();
        }
        return r;
    }

    /**
     * How many partitions a restore works on at once: each holds the segment being restored and the
     * next one, of the largest size read so far; one until a segment was read (a file's size says
     * little of its frames': zstd packs them to a third, and more).
     */
    synchronized int partitionsAtOnce() {
        return largest == 0 ? 1 : (int) Math.max(1, Math.min(Integer.MAX_VALUE, budget / (2 * largest)));
    }

    /** Starts the queued reads that fit the budget, in the order asked, and any read the restore waits for. */
    private synchronized void dispatch() {
        for (Iterator<Read> i = queued.iterator(); i.hasNext() && !closed; ) {
            Read r = i.next();
            long estimate = Math.max(1, Math.max(r.segment.bytes(), largest));
            if (!r.awaited && arrays + reserved + estimate > budget && arrays + reserved > 0) {
                continue;
            }
            i.remove();
            r.reservation = estimate;
            reserved += estimate;
            pool.execute(() -> run(r));
        }
    }

    private synchronized void awaited(Read r) {
        if (!r.awaited && !r.isDone()) {
            r.awaited = true;
            dispatch();
        }
    }

    /**
     * Reads a segment and settles its outcome whatever happens: the backup's check waits for it. An
     * Error (out of memory, a failed assertion) is no damage of the file: the outcome fails with it,
     * so the check fails too instead of reporting the backup damaged, or waiting for ever.
     */
    private void run(Read r) {
        String named = files.named(r.segment.file());
        try {
            Segment.Frames frames = reader.read(files, r.segment, size -> buffer(r, size));
            handedOut(r, frames);
            r.outcome.complete(null);
            r.frames.complete(frames);
            return;
        } catch (Segment.CorruptException e) {
            r.outcome.complete(e.getMessage());
            r.frames.completeExceptionally(e);
        } catch (IOException | RuntimeException e) {
            r.outcome.complete(named + ": unreadable: " + e.getMessage());
            r.frames.completeExceptionally(e);
        } catch (Error e) {
            r.outcome.completeExceptionally(e);
            r.frames.completeExceptionally(e);
        }
        failed(r);
    }

    private synchronized void handedOut(Read r, Segment.Frames frames) {
        reserved -= r.reservation;
        arrays += frames.raw().length - r.array; // the frames' array counts until it is recycled
        r.reservation = 0;
        r.array = 0;
    }

    private synchronized void failed(Read r) {
        reserved -= r.reservation;
        arrays -= r.array;
        r.reservation = 0;
        r.array = 0;
        dispatch();
    }

    /**
     * What the read of a segment found, as {@link BackupVerifier#checkFiles} words it (a problem, or
     * null), once it is read; null if it was not asked for, or waits for room in the budget (the
     * check reads it itself instead of waiting for the restore it holds up).
     */
    synchronized Future<String> checked(Manifest.SegmentFile segment) {
        return queued.stream().anyMatch(r -> r.segment.file().equals(segment.file())) ? null : checked.get(segment.file());
    }

    /** Lets go of a segment handed to its reader, so its frames can be collected after use. */
    synchronized Future<Segment.Frames> take(Manifest.SegmentFile segment) {
        Future<Segment.Frames> f = read(segment);
        started.remove(segment.file());
        return f;
    }

    /** A segment asked for that the restore does not need after all (restored by an earlier run): its frames are let go once read. */
    synchronized void discard(Manifest.SegmentFile segment) {
        Read r = started.remove(segment.file());
        if (r != null) {
            r.frames.thenAccept(this::recycle);
        }
    }

    /** The frames of a segment whose records were all taken: their array may hold the next segment's. */
    synchronized void recycle(Segment.Frames frames) {
        byte[] raw = frames.raw();
        arrays -= raw.length;
        spare.add(raw);
        spareBytes += raw.length;
        trimSpare();
        dispatch();
    }

    /** An array for {@code size} bytes of frames: a spare one that is large enough, else a new one. */
    private synchronized byte[] buffer(Read r, int size) {
        reserved -= r.reservation;
        r.reservation = 0;
        byte[] b = null;
        for (Iterator<byte[]> i = spare.iterator(); i.hasNext() && b == null; ) {
            byte[] s = i.next();
            if (s.length >= size) {
                i.remove();
                spareBytes -= s.length;
                b = s;
            }
        }
        if (b == null) {
            long rounded = ((long) size + ARRAY_HEADER + ROUND - 1) / ROUND * ROUND - ARRAY_HEADER;
            b = new byte[(int) Math.min(Integer.MAX_VALUE - 8, rounded)];
        }
        r.array = b.length;
        arrays += b.length;
        largest = Math.max(largest, b.length);
        trimSpare();
        return b;
    }

    /**
     * Spare arrays beyond the budget are let go, the smallest first (larger ones fit more segments).
     * Reads under way without an array do not count: they take the spare ones.
     */
    private void trimSpare() {
        while (!spare.isEmpty() && arrays + spareBytes > budget) {
            byte[] smallest = spare.stream().min(java.util.Comparator.comparingInt(a -> a.length)).orElseThrow();
            spare.remove(smallest);
            spareBytes -= smallest.length;
        }
    }

    /** Bytes held now: frames handed out and not recycled, reads under way, and spare arrays. */
    synchronized long held() {
        return arrays + reserved + spareBytes;
    }

    @Override
    public void close() {
        synchronized (this) {
            closed = true;
            queued.clear();
        }
        pool.shutdownNow();
        checked.values().forEach(f -> f.complete(files.named("") + ": the restore stopped before this segment was read"));
    }
}
