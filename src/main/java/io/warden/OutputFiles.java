package io.warden;

import java.io.IOException;
import java.nio.file.AccessDeniedException;
import java.nio.file.FileSystemException;
import java.nio.file.Files;
import java.nio.file.NoSuchFileException;
import java.nio.file.Path;
import java.nio.file.StandardOpenOption;

/**
 * Whether Warden can write a file: one an operator named as a command's output (checked before
 * any work, so a minute of reading a cluster is not wasted on a result that cannot be saved), or
 * one the daemon keeps (the audit trail, the healing state, the log, the silences). The file, if
 * there, is a regular file that may be written; its directory exists or can be made, and files can
 * be created in it (rotation and atomic saves create and rename files there). Asked by trying, not
 * by reading permission bits, which tell nothing about a read-only mount or a user with every
 * right. Nothing is left behind unless directories are to be made, and an existing file is opened
 * but not changed.
 */
public final class OutputFiles {

    private OutputFiles() {
    }

    /** Refuses, with {@link WardenException#CANT_CREATE}, a file named as {@code what} that cannot be written. */
    public static void requireWritable(Path file, String what) {
        if (file.toString().isEmpty()) {
            throw new WardenException(WardenException.CANT_CREATE, what + " is an empty path: name a file");
        }
        String problem = problem(file, false);
        if (problem != null) {
            throw new WardenException(WardenException.CANT_CREATE, what + " " + file + " cannot be written: " + problem);
        }
    }

    /**
     * What stops {@code file} from being written, or null.
     *
     * @param create make missing directories, as the daemon does at start (the file is left to its writer:
     *               an empty silences or state file would not parse)
     */
    public static String problem(Path file, boolean create) {
        Path path = file.toAbsolutePath().normalize();
        if (Files.isDirectory(path)) {
            return path + " is a directory; name a file in it";
        }
        if (Files.exists(path) && !Files.isRegularFile(path)) {
            return path + " is not a regular file";
        }
        Path dir = path.getParent();
        Path existing = dir;
        while (existing != null && !Files.exists(existing)) {
            existing = existing.getParent();
        }
        if (existing == null || !Files.isDirectory(existing)) {
            return "cannot create " + dir + ": " + existing + " is not a directory";
        }
        String where = existing.equals(dir) ? "cannot write in " + dir : "cannot create " + dir;
        try {
            probe(existing);
        } catch (IOException e) {
            return where + " (" + reason(e) + ")";
        }
        if (create && !existing.equals(dir)) {
            try {
                Files.createDirectories(dir);
                probe(dir);
            } catch (IOException e) {
                return where + " (" + reason(e) + ")";
            }
        }
        if (Files.exists(path)) {
            try (var channel = Files.newByteChannel(path, StandardOpenOption.WRITE, StandardOpenOption.APPEND)) {
                return null;
            } catch (IOException e) {
                return "cannot write " + path + " (" + reason(e) + ")";
            }
        }
        return null;
    }

    /** Can files be created (and so renamed) in {@code dir}? */
    private static void probe(Path dir) throws IOException {
        Files.delete(Files.createTempFile(dir, ".warden-", ".probe"));
    }

    private static String reason(IOException e) {
        if (e instanceof AccessDeniedException) {
            return "permission denied";
        }
        if (e instanceof NoSuchFileException) {
            return "files cannot be created there";
        }
        return e instanceof FileSystemException f && f.getReason() != null ? f.getReason() : e.getClass().getSimpleName();
    }
}
