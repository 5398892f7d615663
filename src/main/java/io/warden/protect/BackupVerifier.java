package io.warden.protect;

import io.warden.WardenException;
import java.io.IOException;
import java.nio.ByteBuffer;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import java.util.function.Function;

/**
 * Checks a backup without the cluster: every segment file exists with the size and CRC32C the
 * manifest names, decompresses, every frame's CRC32C and the segment's match, and the record
 * counts and offsets agree with the manifest.
 */
public final class BackupVerifier {

    /** The outcome: problems name the file and the byte or frame. */
    public record Result(Manifest manifest, int segments, long records, List<String> problems) {
        public boolean ok() {
            return problems.isEmpty();
        }
    }

    /** Segments checked at once: enough to keep a disk busy while others are checksummed. */
    private static final int THREADS = 3;

    private BackupVerifier() {
    }

    public static Manifest manifest(Path dir) {
        return Manifest.read(dir.resolve(Manifest.FILE));
    }

    public static Result verify(Path dir) {
        return walk(dir, s -> null, (file, s) -> {
            ByteBuffer all = DirectIo.read(file); // once: frames and the file's CRC32C from the same bytes
            List<BackupRecord> read = Segment.frames(file, all, byte[]::new).records();
            if (read.size() != s.records() || read.get(0).offset() != s.firstOffset()
                    || read.get(read.size() - 1).offset() != s.lastOffset()) {
                return file + ": holds " + read.size() + " records, the manifest says " + s.records();
            }
            return Segment.crc32c(all).equals(s.crc32c()) ? null : file + ": CRC32C of the file differs from the manifest";
        });
    }

    /**
     * The quick check a restore runs before it commits anything: every segment file exists with the
     * CRC32C of the whole file and the header (count, first and last offset) the manifest names. It
     * reads each file once and decompresses nothing; the restore checks every frame as it reads.
     *
     * @param done the outcome (a problem, or null) of a segment a reader already checked the same
     *             way, or null where none did: that file is not read again
     */
    static Result checkFiles(Path dir, Function<Manifest.SegmentFile, Future<String>> done) {
        return walk(dir, done, (file, s) -> fileProblem(file, DirectIo.read(file), s));
    }

    /** What is wrong with a segment file's bytes (position 0 to the limit) against the manifest, or null. */
    static String fileProblem(Path file, ByteBuffer all, Manifest.SegmentFile s) throws Segment.CorruptException {
        Segment.Info info = Segment.header(file, all);
        if (!Segment.crc32c(all).equals(s.crc32c())) {
            return file + ": CRC32C of the file differs from the manifest (" + all.limit() + " bytes, the manifest says "
                    + s.bytes() + ")";
        }
        if (info.records() != s.records() || info.firstOffset() != s.firstOffset() || info.lastOffset() != s.lastOffset()) {
            return file + ": byte 0: header says " + info.records() + " records " + info.firstOffset() + ".."
                    + info.lastOffset() + ", the manifest says " + s.records();
        }
        return null;
    }

    /** Checks one segment file: a problem, or null. */
    private interface SegmentCheck {
        String check(Path file, Manifest.SegmentFile segment) throws IOException, Segment.CorruptException;
    }

    /**
     * Checks every segment, several at once (reading a file and checking it overlap), and reports
     * the problems in the manifest's order.
     */
    private static Result walk(Path dir, Function<Manifest.SegmentFile, Future<String>> done, SegmentCheck check) {
        Manifest manifest = manifest(dir);
        List<Manifest.SegmentFile> all = new ArrayList<>();
        manifest.topics().forEach(t -> t.partitions().forEach(p -> all.addAll(p.segments())));
        ExecutorService pool = Executors.newFixedThreadPool(THREADS, r -> {
            Thread t = new Thread(r, "warden-backup-check");
            t.setDaemon(true);
            return t;
        });
        Map<Manifest.SegmentFile, Future<String>> problemOf = new HashMap<>();
        try {
            for (Manifest.SegmentFile s : all) {
                Future<String> known = done.apply(s);
                problemOf.put(s, known != null ? known : pool.submit(() -> problem(dir.resolve(s.file()), s, check)));
            }
            List<String> problems = new ArrayList<>();
            int segments = 0;
            long records = 0;
            for (Manifest.Topic t : manifest.topics()) {
                for (Manifest.Partition p : t.partitions()) {
                    long inPartition = 0;
                    for (Manifest.SegmentFile s : p.segments()) {
                        segments++;
                        inPartition += s.records();
                        String problem = problemOf.get(s).get();
                        if (problem != null) {
                            problems.add(problem);
                        } else {
                            records += s.records();
                        }
                    }
                    if (inPartition != p.records()) {
                        problems.add(t.name() + "-" + p.partition() + ": segments hold " + inPartition + " records, the manifest says "
                                + p.records());
                    }
                }
            }
            return new Result(manifest, segments, records, problems);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new WardenException(WardenException.SOFTWARE, "interrupted while checking " + dir, e);
        } catch (ExecutionException e) {
            throw new WardenException(WardenException.SOFTWARE, "checking " + dir + " failed: " + e.getCause(), e.getCause());
        } finally {
            pool.shutdownNow();
        }
    }

    private static String problem(Path file, Manifest.SegmentFile s, SegmentCheck check) {
        try {
            if (!Files.isRegularFile(file)) {
                return file + ": missing";
            }
            return check.check(file, s);
        } catch (Segment.CorruptException e) {
            return e.getMessage();
        } catch (IOException e) {
            return file + ": unreadable: " + e.getMessage();
        }
    }
}
