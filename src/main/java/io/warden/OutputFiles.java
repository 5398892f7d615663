package io.warden;

import java.nio.file.Files;
import java.nio.file.Path;

/**
 * Checking, before any work is done, that a file an operator named as output can be written: a
 * command that reads a cluster for a minute and then cannot write its result has wasted the
 * minute, and one that changed something first has left no record of it.
 */
public final class OutputFiles {

    private OutputFiles() {
    }

    /**
     * The file can be created or replaced: it is not a directory, and its directory exists and is
     * writable, or can be created because the nearest one that exists is a writable directory.
     */
    public static void requireWritable(Path file, String what) {
        if (file.toString().isEmpty()) {
            throw new WardenException(WardenException.CANT_CREATE, what + " is an empty path: name a file");
        }
        if (Files.isDirectory(file)) {
            throw new WardenException(WardenException.CANT_CREATE, what + " " + file + " is a directory: name a file");
        }
        Path dir = file.toAbsolutePath().getParent();
        while (dir != null && !Files.exists(dir)) {
            dir = dir.getParent();
        }
        if (dir == null || !Files.isDirectory(dir)) {
            throw new WardenException(WardenException.CANT_CREATE, what + " " + file + " cannot be written: " + dir
                    + " is not a directory");
        }
        if (!Files.isWritable(dir) || Files.exists(file) && !Files.isWritable(file)) {
            throw new WardenException(WardenException.CANT_CREATE, what + " " + file + " cannot be written: permission denied");
        }
    }
}
