package io.warden.audit;

import java.io.IOException;
import java.nio.ByteBuffer;
import java.nio.channels.FileChannel;
import java.nio.file.DirectoryStream;
import java.nio.file.Files;
import java.nio.file.NoSuchFileException;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import java.nio.file.StandardOpenOption;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.List;
import java.util.Map;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Appends {@link AuditEvent}s to a JSON-lines file, one whole line per event, flushed (and by
 * default synced to disk) before {@link #append} returns, so a crash loses at most the line being
 * written. A line torn by a crash is left isolated on its own line, which {@link AuditReader}
 * skips. Files rotate by size: {@code audit.jsonl} becomes {@code audit.jsonl.1}, the previous
 * {@code .1} becomes {@code .2}, and so on up to {@code keepFiles}.
 *
 * <p>Appending never throws: the trail must not stop the watch loop. A failed write is logged
 * once per streak of failures, counted in {@link #failures()} (the event is lost), and the file is
 * opened afresh on the next append. Safe for concurrent use by several threads.
 */
public final class AuditTrail implements AuditSink, AutoCloseable {

    private static final Logger LOG = LoggerFactory.getLogger(AuditTrail.class);

    private final Path file;
    private final long maxBytes;
    private final int keepFiles;
    private final boolean sync;

    private FileChannel channel; // null until the first append, after a failure, and when closed
    private long size;
    private boolean closed;
    private long failures;
    private String lastFailure;
    private boolean writeFailing;
    private boolean rotateFailing;

    private AuditTrail(Path file, long maxBytes, int keepFiles, boolean sync) {
        this.file = file;
        this.maxBytes = maxBytes;
        this.keepFiles = keepFiles;
        this.sync = sync;
    }

    /** A trail that syncs every event to disk; see {@link #open(Path, long, int, boolean)}. */
    public static AuditTrail open(Path file, long maxBytes, int keepFiles) {
        return open(file, maxBytes, keepFiles, true);
    }

    /**
     * A trail writing to {@code file}. Nothing is opened yet, so a path that cannot be written
     * shows up as {@code event=audit-write-failed} at the first append rather than as an error here.
     *
     * @param maxBytes  rotate when the next line would make the file larger than this
     * @param keepFiles how many rotated files to keep besides the live one (0: none)
     * @param sync      fsync each event; off trades durability across a power cut for speed
     */
    public static AuditTrail open(Path file, long maxBytes, int keepFiles, boolean sync) {
        if (maxBytes <= 0 || keepFiles < 0) {
            throw new IllegalArgumentException("audit trail needs maxBytes > 0 and keepFiles >= 0, got "
                    + maxBytes + " and " + keepFiles);
        }
        return new AuditTrail(file.toAbsolutePath(), maxBytes, keepFiles, sync);
    }

    /** A trail that writes nothing, for when no audit file is configured. */
    public static AuditTrail disabled() {
        return new AuditTrail(null, Long.MAX_VALUE, 0, false);
    }

    /** Writes one event as one line, with secret-looking evidence hidden. Never throws. */
    @Override
    public void append(AuditEvent event) {
        if (file == null) {
            return;
        }
        byte[] line;
        try {
            line = AuditJson.line(new AuditEvent(event.time(), event.type(), event.cluster(), event.key(),
                    Redactor.redact(event.data())));
        } catch (IOException | RuntimeException e) {
            // a caller's bug (an evidence value Jackson cannot write), not a disk problem: say so every time
            synchronized (this) {
                failures++;
                lastFailure = e.toString();
            }
            LOG.warn("event=audit-event-unwritable file={} type={} error=\"{}\"", file, event.type(), e.toString());
            return;
        }
        synchronized (this) {
            write(line);
        }
    }

    private void write(byte[] line) {
        try {
            if (closed) {
                throw new IOException("the audit trail is closed");
            }
            if (channel == null) {
                openChannel();
            }
            if (size > 0 && size + line.length > maxBytes) {
                rotate();
            }
            ByteBuffer buffer = ByteBuffer.wrap(line);
            while (buffer.hasRemaining()) {
                size += channel.write(buffer);
            }
            if (sync) {
                channel.force(false);
            }
            if (writeFailing) {
                writeFailing = false;
                LOG.info("event=audit-write-recovered file={} failures={}", file, failures);
            }
        } catch (IOException | RuntimeException e) {
            failures++;
            lastFailure = e.getMessage() != null ? e.getMessage() : e.toString();
            if (!writeFailing) {
                writeFailing = true;
                LOG.warn("event=audit-write-failed file={} error=\"{}\"", file, e.toString());
            }
            // part of the line may be on disk; reopening puts the next event on a line of its own
            closeChannel();
        }
    }

    private void openChannel() throws IOException {
        if (file.getParent() != null) {
            Files.createDirectories(file.getParent());
        }
        boolean torn = endsTorn(file);
        channel = FileChannel.open(file, StandardOpenOption.CREATE, StandardOpenOption.WRITE, StandardOpenOption.APPEND);
        size = channel.size();
        if (torn) {
            ByteBuffer newline = ByteBuffer.wrap(new byte[] {'\n'});
            while (newline.hasRemaining()) {
                size += channel.write(newline);
            }
        }
    }

    /** Whether the file's last line has no newline: a crash interrupted the write. */
    private static boolean endsTorn(Path file) throws IOException {
        try (FileChannel in = FileChannel.open(file, StandardOpenOption.READ)) {
            long length = in.size();
            if (length == 0) {
                return false;
            }
            ByteBuffer last = ByteBuffer.allocate(1);
            in.read(last, length - 1);
            return last.get(0) != '\n';
        } catch (NoSuchFileException e) {
            return false;
        }
    }

    /** Shifts the rotated files up by one; when that fails the live file simply keeps growing, no event is lost. */
    private void rotate() throws IOException {
        closeChannel();
        try {
            List<Map.Entry<Integer, Path>> rotated = rotatedFiles(file);
            for (int i = rotated.size() - 1; i >= 0; i--) { // oldest first, so no move overwrites a file still to move
                int n = rotated.get(i).getKey();
                Path from = rotated.get(i).getValue();
                if (n >= keepFiles) {
                    Files.delete(from);
                } else {
                    Files.move(from, rotated(file, n + 1), StandardCopyOption.REPLACE_EXISTING);
                }
            }
            if (keepFiles == 0) {
                Files.delete(file);
            } else {
                Files.move(file, rotated(file, 1), StandardCopyOption.REPLACE_EXISTING);
            }
            rotateFailing = false;
        } catch (IOException e) {
            if (!rotateFailing) {
                rotateFailing = true;
                LOG.warn("event=audit-rotate-failed file={} size={} error=\"{}\"", file, size, e.toString());
            }
        }
        openChannel();
    }

    /** The rotated files of {@code file} that exist, as (n, path), newest ({@code .1}) first. */
    static List<Map.Entry<Integer, Path>> rotatedFiles(Path file) throws IOException {
        Path dir = file.toAbsolutePath().getParent();
        Pattern name = Pattern.compile(Pattern.quote(file.getFileName().toString()) + "\\.(\\d{1,9})");
        List<Map.Entry<Integer, Path>> found = new ArrayList<>();
        if (dir == null || !Files.isDirectory(dir)) {
            return found;
        }
        try (DirectoryStream<Path> entries = Files.newDirectoryStream(dir)) {
            for (Path p : entries) {
                Matcher m = name.matcher(p.getFileName().toString());
                if (m.matches() && Files.isRegularFile(p)) {
                    found.add(Map.entry(Integer.parseInt(m.group(1)), p));
                }
            }
        }
        found.sort(Comparator.comparing(Map.Entry::getKey));
        return found;
    }

    private static Path rotated(Path file, int n) {
        return file.resolveSibling(file.getFileName() + "." + n);
    }

    private void closeChannel() {
        if (channel != null) {
            try {
                channel.close();
            } catch (IOException ignored) {
                // closing after a failed write: the failure is already counted and logged
            }
            channel = null;
        }
    }

    /**
     * Opens the file now, creating it and its directory, so that a trail that cannot be written
     * fails before its caller changes anything rather than at the first append.
     */
    public synchronized void openNow() throws IOException {
        if (file != null && channel == null && !closed) {
            openChannel();
        }
    }

    /** Why the last lost event could not be written, or null when none was lost. */
    public synchronized String lastFailure() {
        return lastFailure;
    }

    /** Events lost so far because they could not be written (the log says why). */
    public synchronized long failures() {
        return failures;
    }

    /** The live file, or null for a disabled trail. */
    public Path file() {
        return file;
    }

    /** Closes the file; later appends are counted as failures, never thrown. */
    @Override
    public synchronized void close() {
        closed = true;
        closeChannel();
    }
}
