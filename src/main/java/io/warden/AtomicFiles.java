package io.warden;

import java.io.IOException;
import java.nio.ByteBuffer;
import java.nio.channels.FileChannel;
import java.nio.file.FileAlreadyExistsException;
import java.nio.file.Files;
import java.nio.file.LinkOption;
import java.nio.file.OpenOption;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import java.nio.file.StandardOpenOption;
import java.nio.file.attribute.FileAttribute;
import java.nio.file.attribute.PosixFilePermission;
import java.nio.file.attribute.PosixFilePermissions;
import java.util.Arrays;
import java.util.HashSet;
import java.util.List;
import java.util.Set;

/**
 * Writes a file so that a crash never leaves one that looks complete: the bytes go to
 * {@code NAME.tmp}, are fsynced, and the temp file is renamed over the final name. Files are
 * created readable by their owner only (0600) and directories 0700, where the file system has
 * POSIX permissions: they hold records, offsets and configs of the cluster.
 */
public final class AtomicFiles {

    public static final String TEMP_SUFFIX = ".tmp";
    private static final Set<PosixFilePermission> FILE = PosixFilePermissions.fromString("rw-------");
    private static final Set<PosixFilePermission> DIRECTORY = PosixFilePermissions.fromString("rwx------");

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
        createDirectories(target.toAbsolutePath().getParent());
        Path temp = temp(target);
        try (FileChannel ch = createTemp(temp)) {
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

    /**
     * A new, empty temp file open for writing, owner-only. A file left at that name by a crash is
     * deleted first (a link there is removed, never followed); the file is then created exclusively
     * and without following links, so one planted in between makes the open fail instead of
     * redirecting the write.
     */
    public static FileChannel createTemp(Path temp, OpenOption... more) throws IOException {
        Files.deleteIfExists(temp);
        Set<OpenOption> options = new HashSet<>(List.of(StandardOpenOption.CREATE_NEW, StandardOpenOption.WRITE,
                LinkOption.NOFOLLOW_LINKS));
        options.addAll(Arrays.asList(more));
        return FileChannel.open(temp, options, ownerOnly(temp, FILE));
    }

    /**
     * Creates the directory and its missing parents, each 0700, and fsyncs each new one's parent so
     * that the files renamed into it later are not lost with it. Existing directories are left as they are.
     */
    public static void createDirectories(Path dir) throws IOException {
        Path absolute = dir.toAbsolutePath();
        if (Files.isDirectory(absolute)) {
            return;
        }
        Path parent = absolute.getParent();
        if (parent != null) {
            createDirectories(parent);
        }
        try {
            Files.createDirectory(absolute, ownerOnly(absolute, DIRECTORY));
        } catch (FileAlreadyExistsException e) {
            if (Files.isDirectory(absolute)) {
                return; // another thread made it
            }
            throw e;
        }
        if (parent != null) {
            syncDirectory(parent);
        }
    }

    /** Renames a complete, fsynced temp file over the target and makes the rename durable. */
    public static void publish(Path temp, Path target) throws IOException {
        Files.move(temp, target, StandardCopyOption.ATOMIC_MOVE, StandardCopyOption.REPLACE_EXISTING);
        syncDirectory(target.toAbsolutePath().getParent());
    }

    /** Where the file system has no POSIX permissions (some network and Windows file systems), none are asked for. */
    private static FileAttribute<?>[] ownerOnly(Path path, Set<PosixFilePermission> permissions) {
        return path.getFileSystem().supportedFileAttributeViews().contains("posix")
                ? new FileAttribute<?>[] {PosixFilePermissions.asFileAttribute(permissions)} : new FileAttribute<?>[0];
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
