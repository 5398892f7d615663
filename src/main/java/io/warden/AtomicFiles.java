package io.warden;

import java.io.IOException;
import java.nio.ByteBuffer;
import java.nio.channels.FileChannel;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import java.nio.file.StandardOpenOption;

/**
 * Writes a file so that a crash never leaves one that looks complete: the bytes go to
 * {@code NAME.tmp}, are fsynced, and the temp file is renamed over the final name.
 */
public final class AtomicFiles {

    public static final String TEMP_SUFFIX = ".tmp";

    private AtomicFiles() {
    }

    /** One writer per file at a time: the temp name is fixed, so a leftover one can be found and removed. */
    public static void write(Path target, byte[]... parts) throws IOException {
        ByteBuffer[] buffers = new ByteBuffer[parts.length];
        for (int i = 0; i < parts.length; i++) {
            buffers[i] = ByteBuffer.wrap(parts[i]);
        }
        write(target, buffers);
    }

    /** As {@link #write(Path, byte[]...)}, from each buffer's position to its limit (which are consumed). */
    public static void write(Path target, ByteBuffer... parts) throws IOException {
        Files.createDirectories(target.toAbsolutePath().getParent());
        Path temp = temp(target);
        try (FileChannel ch = FileChannel.open(temp, StandardOpenOption.CREATE, StandardOpenOption.WRITE,
                StandardOpenOption.TRUNCATE_EXISTING)) {
            for (ByteBuffer buf : parts) {
                while (buf.hasRemaining()) {
                    ch.write(buf);
                }
            }
            ch.force(true);
        }
        publish(temp, target);
    }

    /** The temp file a writer fills before {@link #publish}: fixed, so a leftover one can be found and removed. */
    public static Path temp(Path target) {
        return target.resolveSibling(target.getFileName() + TEMP_SUFFIX);
    }

    /** Renames a complete, fsynced temp file over the target and makes the rename durable. */
    public static void publish(Path temp, Path target) throws IOException {
        Files.move(temp, target, StandardCopyOption.ATOMIC_MOVE, StandardCopyOption.REPLACE_EXISTING);
        syncDirectory(target.toAbsolutePath().getParent());
    }

    /** Makes the rename durable; some file systems refuse to open a directory, then the OS decides. */
    private static void syncDirectory(Path dir) {
        try (FileChannel ch = FileChannel.open(dir, StandardOpenOption.READ)) {
            ch.force(true);
        } catch (IOException | UnsupportedOperationException e) {
            // best effort
        }
    }
}
