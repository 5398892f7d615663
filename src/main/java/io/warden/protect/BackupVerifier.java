package io.warden.protect;

import io.warden.WardenException;
import java.io.IOException;
import java.nio.ByteBuffer;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import java.util.function.Function;

/**
 * Checks a backup without the cluster: the manifest is consistent (see {@link ManifestCheck}),
 * every segment file it names lies inside the directory with the size and CRC32C the manifest
 * names, decompresses, every frame's CRC32C and the segment's match, the record counts, offsets
 * and timestamps agree with the manifest, and nothing else lies in the directory. A file's
 * checksum is compared before any length in it is used.
 */
public final class BackupVerifier {

    /**
     * The outcome: problems name the file and the byte or frame.
     *
     * @param timestamps per segment file the manifest names, its lowest and highest record timestamp, where it was read whole
     */
    public record Result(Manifest manifest, int segments, long records, List<String> problems, Map<String, long[]> timestamps) {
        public boolean ok() {
            return problems.isEmpty();
        }
    }

    /** Segments checked at once: enough to keep a disk busy while others are checksummed. */
    private static final int THREADS = 3;

    private BackupVerifier() {
    }

    public static Manifest manifest(Path dir) {
        return manifest(new BackupDirectory(dir));
    }

    public static Manifest manifest(BackupStore store) {
        return Manifest.read(store);
    }

    public static Result verify(Path dir) {
        return verify(new BackupDirectory(dir));
    }

    public static Result verify(BackupStore store) {
        Map<String, long[]> timestamps = new ConcurrentHashMap<>();
        return walk(store, s -> null, timestamps, (file, s) -> {
            ByteBuffer all = store.read(s.file(), null); // once: frames and the file's CRC32C from the same bytes
            String problem = fileProblem(file, all, s);
            if (problem != null) {
                return located(file, all, problem);
            }
            List<BackupRecord> read = Segment.frames(file, all, byte[]::new).records();
            if (read.size() != s.records() || read.get(0).offset() != s.firstOffset()
                    || read.get(read.size() - 1).offset() != s.lastOffset()) {
                return file + ": holds " + read.size() + " records, the manifest says " + s.records();
            }
            long min = read.stream().mapToLong(BackupRecord::timestamp).min().orElseThrow();
            long max = read.stream().mapToLong(BackupRecord::timestamp).max().orElseThrow();
            if (s.minTimestamp() != null && (s.minTimestamp() != min || s.maxTimestamp() != max)) {
                return file + ": records stamped " + min + " to " + max + ", the manifest says " + s.minTimestamp() + " to "
                        + s.maxTimestamp();
            }
            timestamps.put(s.file(), new long[] {min, max});
            return null;
        });
    }

    /**
     * Where in a file whose checksum differs the damage is, when its frames can tell (their sizes are
     * bounded by the file's, see {@link Segment#header}); else the checksum's word.
     */
    private static String located(String file, ByteBuffer all, String problem) {
        try {
            Segment.frames(file, all, byte[]::new);
            return problem;
        } catch (Segment.CorruptException e) {
            return e.getMessage() + "; " + problem.substring(problem.indexOf(": ") + 2);
        }
    }

    /**
     * The quick check a restore runs before it commits anything: every segment file exists with the
     * CRC32C of the whole file and the header (count, first and last offset) the manifest names. It
     * reads each file once and decompresses nothing; the restore checks every frame as it reads.
     *
     * @param done the outcome (a problem, or null) of a segment a reader already checked the same
     *             way, or null where none did: that file is not read again
     */
    static Result checkFiles(BackupStore store, Function<Manifest.SegmentFile, Future<String>> done) {
        return walk(store, done, Map.of(), (file, s) -> fileProblem(file, store.read(s.file(), null), s));
    }

    /**
     * What is wrong with a segment file's bytes (position 0 to the limit) against the manifest, or
     * null: its size and CRC32C first, so that nothing in a damaged file is believed.
     */
    static String fileProblem(String file, ByteBuffer all, Manifest.SegmentFile s) throws Segment.CorruptException {
        if (all.limit() != s.bytes()) {
            return file + ": the file has " + all.limit() + " bytes, the manifest says " + s.bytes();
        }
        if (!Segment.crc32c(all).equals(Long.toHexString(Long.parseLong(s.crc32c(), 16)))) {
            return file + ": CRC32C of the file differs from the manifest (its " + all.limit() + " bytes are as many as the manifest says)";
        }
        Segment.Info info = Segment.header(file, all);
        if (info.records() != s.records() || info.firstOffset() != s.firstOffset() || info.lastOffset() != s.lastOffset()) {
            return file + ": byte 0: header says " + info.records() + " records " + info.firstOffset() + ".."
                    + info.lastOffset() + ", the manifest says " + s.records() + " records " + s.firstOffset() + ".." + s.lastOffset();
        }
        return null;
    }

    /** Checks one segment file: a problem, or null. */
    private interface SegmentCheck {
        String check(String file, Manifest.SegmentFile segment) throws IOException, Segment.CorruptException;
    }

    /**
     * Checks every segment, several at once (reading a file and checking it overlap), and reports
     * the problems in the manifest's order, then anything in the directory the manifest does not name.
     */
    private static Result walk(BackupStore files, Function<Manifest.SegmentFile, Future<String>> done, Map<String, long[]> timestamps,
                               SegmentCheck check) {
        Manifest manifest = manifest(files);
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
                problemOf.put(s, known != null ? known : pool.submit(() -> problem(files, s, check)));
            }
            List<String> problems = new ArrayList<>();
            int segments = 0;
            long records = 0;
            for (Manifest.Topic t : manifest.topics()) {
                for (Manifest.Partition p : t.partitions()) {
                    for (Manifest.SegmentFile s : p.segments()) {
                        segments++;
                        String problem = problemOf.get(s).get();
                        if (problem != null) {
                            problems.add(problem);
                        } else {
                            records += s.records();
                        }
                    }
                }
            }
            problems.addAll(files.foreign(manifest));
            return new Result(manifest, segments, records, problems, Map.copyOf(timestamps));
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new WardenException(WardenException.SOFTWARE, "interrupted while checking " + files.location(), e);
        } catch (ExecutionException e) {
            if (e.getCause() instanceof WardenException w) {
                throw w; // the store's: unreachable, or refused
            }
            throw new WardenException(WardenException.SOFTWARE, "checking " + files.location() + " failed: " + e.getCause(), e.getCause());
        } finally {
            pool.shutdownNow();
        }
    }

    /** A segment's problem; whatever reading it throws short of an Error is the file's damage, named with it. */
    private static String problem(BackupStore files, Manifest.SegmentFile s, SegmentCheck check) {
        try {
            return check.check(files.named(s.file()), s);
        } catch (Segment.CorruptException e) {
            return e.getMessage();
        } catch (IOException e) {
            return files.named(s.file()) + ": unreadable: " + e.getMessage();
        } catch (WardenException e) {
            throw e; // the store's: unreachable, or refused, which says nothing about the file
        } catch (RuntimeException e) {
            return files.named(s.file()) + ": unreadable: " + e;
        }
    }
}
