package io.warden.protect;

import java.io.IOException;
import java.nio.ByteBuffer;
import java.nio.file.Path;
import java.util.Map;
import java.util.Queue;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.ConcurrentLinkedQueue;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import java.util.function.IntFunction;

/**
 * Reads, decompresses and checks segments on their own threads, so the producing thread only
 * parses and sends. Each read also checks the file against the manifest as the backup's check
 * does, so that check need not read it again. A restore asks for each partition's first segment
 * at its start, while it still waits for the cluster; a segment asked for twice is read once. The
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

    /** Spare arrays kept at most; arrays are allocated in whole MiB so that one fits the next segment. */
    private static final int SPARE = 8;
    private static final int ROUND = 1 << 20;

    private final BackupStore files;
    private final Reader reader;
    private final ExecutorService pool;
    private final Map<String, Future<Segment.Frames>> started = new ConcurrentHashMap<>();
    private final Queue<byte[]> spare = new ConcurrentLinkedQueue<>();
    /** Every segment asked for, with the outcome of its checks: small, kept after its frames are gone. */
    private final Map<String, CompletableFuture<String>> checked = new ConcurrentHashMap<>();

    ReadAhead(Path dir, int threads, Reader reader) {
        this(new BackupDirectory(dir), threads, reader);
    }

    ReadAhead(BackupStore files, int threads, Reader reader) {
        this.files = files;
        this.reader = reader;
        this.pool = Executors.newFixedThreadPool(threads, r -> {
            Thread t = new Thread(r, "warden-restore-read");
            t.setDaemon(true);
            return t;
        });
    }

    /**
     * The segment's frames, read once and checked as the backup's check checks the file (see {@link
     * #checked}); the caller that takes it should be the only one.
     */
    Future<Segment.Frames> read(Manifest.SegmentFile segment) {
        return started.computeIfAbsent(segment.file(), f -> {
            CompletableFuture<String> outcome = new CompletableFuture<>();
            checked.put(f, outcome);
            return pool.submit(() -> read(segment, outcome));
        });
    }

    /**
     * Reads a segment and settles its outcome whatever happens: the backup's check waits for it. An
     * Error (out of memory, a failed assertion) is no damage of the file: the outcome fails with it,
     * so the check fails too instead of reporting the backup damaged, or waiting for ever.
     */
    private Segment.Frames read(Manifest.SegmentFile segment, CompletableFuture<String> outcome)
            throws IOException, Segment.CorruptException {
        String named = files.named(segment.file());
        try {
            Segment.Frames frames = reader.read(files, segment, this::buffer);
            outcome.complete(null);
            return frames;
        } catch (Segment.CorruptException e) {
            outcome.complete(e.getMessage());
            throw e;
        } catch (IOException | RuntimeException e) {
            outcome.complete(named + ": unreadable: " + e.getMessage());
            throw e;
        } catch (Error e) {
            outcome.completeExceptionally(e);
            throw e;
        }
    }

    /**
     * What the read of a segment found, as {@link BackupVerifier#checkFiles} words it (a problem, or
     * null), once it is read; null if it was not asked for.
     */
    Future<String> checked(Manifest.SegmentFile segment) {
        return checked.get(segment.file());
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
        checked.values().forEach(f -> f.complete(files.named("") + ": the restore stopped before this segment was read"));
    }
}
