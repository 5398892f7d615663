package io.warden.protect;

import java.nio.file.Path;
import java.util.Map;
import java.util.Queue;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.ConcurrentLinkedQueue;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;

/**
 * Reads, decompresses and checks segments on their own threads, so the producing thread only
 * parses and sends. A restore asks for each partition's first segment as soon as the backup is
 * checked, while it still waits for the cluster; a segment asked for twice is read once. The
 * arrays of uncompressed frames are handed back once a segment is restored and used again: fresh
 * 8 MiB arrays that live for seconds made the collector copy and promote a gigabyte per gigabyte
 * restored (1.7 s of pauses in a 1 GiB restore).
 */
final class ReadAhead implements AutoCloseable {

    /** Spare arrays kept at most; arrays are allocated in whole MiB so that one fits the next segment. */
    private static final int SPARE = 8;
    private static final int ROUND = 1 << 20;

    private final Path dir;
    private final ExecutorService pool;
    private final Map<String, Future<Segment.Frames>> started = new ConcurrentHashMap<>();
    private final Queue<byte[]> spare = new ConcurrentLinkedQueue<>();

    ReadAhead(Path dir, int threads) {
        this.dir = dir;
        this.pool = Executors.newFixedThreadPool(threads, r -> {
            Thread t = new Thread(r, "warden-restore-read");
            t.setDaemon(true);
            return t;
        });
    }

    /** The segment's frames, read once; the caller that takes it should be the only one. */
    Future<Segment.Frames> read(Manifest.SegmentFile segment) {
        return started.computeIfAbsent(segment.file(), f -> pool.submit(() -> Segment.readFrames(dir.resolve(f), this::buffer)));
    }

    /** Lets go of a segment handed to its reader, so its frames can be collected after use. */
    Future<Segment.Frames> take(Manifest.SegmentFile segment) {
        Future<Segment.Frames> f = read(segment);
        started.remove(segment.file());
        return f;
    }

    /** The frames of a segment whose records were all taken: their array may hold the next segment's. */
    void recycle(Segment.Frames frames) {
        if (spare.size() < SPARE) {
            spare.add(frames.raw());
        }
    }

    private byte[] buffer(int size) {
        byte[] b;
        while ((b = spare.poll()) != null) {
            if (b.length >= size) {
                return b;
            }
        }
        return new byte[(int) Math.min(Integer.MAX_VALUE - 8, (size + (long) ROUND - 1) / ROUND * ROUND)];
    }

    @Override
    public void close() {
        pool.shutdownNow();
    }
}
