package io.warden.protect;

import java.nio.file.Path;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;

/**
 * Reads, decompresses and checks segments on their own threads, so the producing thread only
 * parses and sends. A restore asks for each partition's first segment as soon as the backup is
 * checked, while it still waits for the cluster; a segment asked for twice is read once.
 */
final class ReadAhead implements AutoCloseable {

    private final Path dir;
    private final ExecutorService pool;
    private final Map<String, Future<Segment.Frames>> started = new ConcurrentHashMap<>();

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
        return started.computeIfAbsent(segment.file(), f -> pool.submit(() -> Segment.readFrames(dir.resolve(f))));
    }

    /** Lets go of a segment handed to its reader, so its frames can be collected after use. */
    Future<Segment.Frames> take(Manifest.SegmentFile segment) {
        Future<Segment.Frames> f = read(segment);
        started.remove(segment.file());
        return f;
    }

    @Override
    public void close() {
        pool.shutdownNow();
    }
}
