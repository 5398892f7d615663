package io.warden.protect;

import com.sun.nio.file.ExtendedOpenOption;
import io.warden.AtomicFiles;
import java.io.IOException;
import java.nio.ByteBuffer;
import java.nio.channels.FileChannel;
import java.nio.file.Files;
import java.nio.file.NoSuchFileException;
import java.nio.file.Path;
import java.nio.file.StandardOpenOption;

/**
 * Segment files go around the page cache (O_DIRECT) where the file system allows it, and through
 * it where it does not (tmpfs, some network file systems). A backup writes each segment once and a
 * restore reads it once: caching them only evicts the pages a broker on the same host serves its
 * consumers from, and copying them through the cache cost a 1 GiB backup as much CPU as
 * compressing it.
 */
final class DirectIo {

    /** Positions and lengths of direct transfers are multiples of this; a file system that needs more falls back. */
    static final int BLOCK = 4096;

    /** One aligned buffer per thread (writer threads, read-ahead threads), grown to the largest segment it moved. */
    private static final ThreadLocal<ByteBuffer> BUFFER = new ThreadLocal<>();

    private DirectIo() {
    }

    /** {@code length} rounded up to whole blocks. */
    static int padded(int length) {
        return (int) ((length + (long) BLOCK - 1) / BLOCK * BLOCK);
    }

    /**
     * Writes {@code data[0, length)} as {@link AtomicFiles#write} does (a fresh owner-only temp file,
     * fsync, rename), through this thread's aligned buffer.
     *
     * @return whether the file went around the page cache
     */
    static boolean writeAtomically(Path target, byte[] data, int length) throws IOException {
        Path temp = AtomicFiles.temp(target);
        ByteBuffer b = buffer(length);
        b.put(data, 0, length).position(0).limit(padded(length));
        try (FileChannel ch = AtomicFiles.createTemp(temp, ExtendedOpenOption.DIRECT)) {
            while (b.hasRemaining()) {
                ch.write(b);
            }
            ch.truncate(length);
            ch.force(true);
        } catch (IOException | UnsupportedOperationException e) {
            // no direct I/O here: the buffered write reports any error that is not about that
            Files.deleteIfExists(temp);
            AtomicFiles.write(target, ByteBuffer.wrap(data, 0, length));
            return false;
        }
        AtomicFiles.publish(temp, target);
        return true;
    }

    /** The whole file, from position 0 to the limit. */
    static ByteBuffer read(Path file) throws IOException {
        return read(file, null);
    }

    /** The whole file, from position 0 to the limit, in {@code reuse} when it is long enough, else in a new array. */
    static ByteBuffer read(Path file, byte[] reuse) throws IOException {
        try (FileChannel ch = FileChannel.open(file, StandardOpenOption.READ, ExtendedOpenOption.DIRECT)) {
            long size = ch.size();
            if (size > Integer.MAX_VALUE - 2 * BLOCK) {
                throw new IOException(file + ": " + size + " bytes, too large for a segment");
            }
            // one block more than the size: a file that grows while it is read shows as longer, not as complete
            ByteBuffer b = buffer((int) size + BLOCK);
            while (ch.read(b) > 0 && b.position() % BLOCK == 0 && b.hasRemaining()) {
                // whole blocks: there may be more; a short read is the end of the file
            }
            b.flip();
            int length = b.remaining();
            byte[] out = reuse != null && reuse.length >= length ? reuse : new byte[length];
            b.get(out, 0, length);
            return ByteBuffer.wrap(out, 0, length);
        } catch (IOException | UnsupportedOperationException e) {
            if (e instanceof NoSuchFileException) {
                throw e;
            }
            return ByteBuffer.wrap(Files.readAllBytes(file));
        }
    }

    /** This thread's direct buffer, aligned, cleared, with room for at least {@code length} bytes padded to whole blocks. */
    private static ByteBuffer buffer(int length) {
        ByteBuffer b = BUFFER.get();
        int needed = padded(length);
        if (b == null || b.capacity() < needed) {
            b = ByteBuffer.allocateDirect(needed + BLOCK).alignedSlice(BLOCK);
            BUFFER.set(b);
        }
        b.clear();
        // zeros behind the data, not the previous file's bytes, in the padding that is written and then cut off
        int end = Math.min(b.capacity(), needed);
        for (int i = length; i < end; i++) {
            b.put(i, (byte) 0);
        }
        return b;
    }
}
