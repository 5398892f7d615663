package io.warden.protect;

import io.warden.WardenException;
import java.io.IOException;
import java.nio.file.FileVisitResult;
import java.nio.file.Files;
import java.nio.file.InvalidPathException;
import java.nio.file.LinkOption;
import java.nio.file.Path;
import java.nio.file.SimpleFileVisitor;
import java.nio.file.attribute.BasicFileAttributes;
import java.util.ArrayList;
import java.util.HashSet;
import java.util.List;
import java.util.Set;

/**
 * The files of one backup directory. Paths named by {@code manifest.json} are untrusted: each is
 * confined to the directory (relative, no {@code ..}, and its real path, links resolved, inside the
 * directory's real path) and must be a regular file, so a damaged or planted manifest can make
 * Warden read neither a file elsewhere nor a device or pipe that never ends.
 */
final class BackupDirectory {

    private final Path dir;
    private final Path real;

    BackupDirectory(Path dir) {
        this.dir = dir;
        try {
            this.real = dir.toRealPath();
        } catch (IOException e) {
            throw new WardenException(WardenException.NO_INPUT, dir + ": cannot be read (" + e.getMessage() + ")", e);
        }
    }

    /** A file the manifest names, as named: for messages. */
    Path named(String relative) {
        return dir.resolve(String.valueOf(relative));
    }

    /** A file the manifest names, relative to the directory, as a real path inside it; refused when it leads elsewhere. */
    Path file(String relative) throws Segment.CorruptException {
        Path named = dir.resolve(String.valueOf(relative));
        Path rel;
        try {
            rel = Path.of(relative);
        } catch (InvalidPathException | NullPointerException e) {
            throw new Segment.CorruptException(named + ": not a file name");
        }
        if (rel.isAbsolute() || rel.getRoot() != null || rel.normalize().startsWith("..") || contains(rel, "..")) {
            throw new Segment.CorruptException(named + ": the path leads out of the backup directory " + dir);
        }
        Path file = dir.resolve(rel.normalize());
        if (!Files.exists(file, LinkOption.NOFOLLOW_LINKS)) {
            throw new Segment.CorruptException(file + ": missing");
        }
        Path resolved;
        try {
            resolved = file.toRealPath();
        } catch (IOException e) {
            throw new Segment.CorruptException(file + ": a link that leads nowhere (" + e.getMessage() + ")");
        }
        if (!resolved.startsWith(real)) {
            throw new Segment.CorruptException(file + ": a link that leads out of the backup directory, to " + resolved);
        }
        if (!Files.isRegularFile(resolved, LinkOption.NOFOLLOW_LINKS)) {
            throw new Segment.CorruptException(file + ": not a regular file");
        }
        return resolved;
    }

    private static boolean contains(Path p, String name) {
        for (Path element : p) {
            if (element.toString().equals(name)) {
                return true;
            }
        }
        return false;
    }

    /** Refuses a manifest or cut file that is a link out of its directory. */
    static void confined(Path file) throws IOException {
        Path parent = file.toAbsolutePath().getParent();
        if (!file.toRealPath().startsWith(parent.toRealPath())) {
            throw new WardenException(WardenException.DATA, file + ": a link that leads out of the backup directory, to "
                    + file.toRealPath() + "; the backup directory holds only files Warden wrote");
        }
    }

    /**
     * What lies in the directory besides the manifest, the cut and the files the manifest lists (in
     * their topic and partition directories): each one a problem, so that a file put in by hand or left
     * by another backup is seen. Links are listed, never followed.
     */
    List<String> foreign(Manifest manifest) {
        Set<Path> expected = new HashSet<>();
        expected.add(Path.of(Manifest.FILE));
        expected.add(Path.of(Manifest.CUT_FILE));
        Set<Path> directories = new HashSet<>();
        for (Manifest.Topic t : manifest.topics()) {
            directories.add(Path.of(t.name()));
            for (Manifest.Partition p : t.partitions()) {
                directories.add(Path.of(t.name(), Integer.toString(p.partition())));
                p.segments().forEach(s -> expected.add(Path.of(s.file()).normalize()));
            }
        }
        List<String> out = new ArrayList<>();
        try {
            Files.walkFileTree(dir, new SimpleFileVisitor<>() {
                @Override
                public FileVisitResult preVisitDirectory(Path d, BasicFileAttributes attrs) {
                    Path rel = dir.relativize(d);
                    if (rel.toString().equals("lost+found")) { // the backup directory may be a file system of its own
                        return FileVisitResult.SKIP_SUBTREE;
                    }
                    if (rel.toString().isEmpty() || directories.contains(rel)) {
                        return FileVisitResult.CONTINUE;
                    }
                    out.add(d + ": a directory that is not part of the backup (not in " + Manifest.FILE + ")");
                    return FileVisitResult.SKIP_SUBTREE;
                }

                @Override
                public FileVisitResult visitFile(Path f, BasicFileAttributes attrs) {
                    if (!expected.contains(dir.relativize(f))) {
                        out.add(f + ": " + (attrs.isSymbolicLink() ? "a link" : attrs.isRegularFile() ? "a file" : "an entry")
                                + " that is not part of the backup (not in " + Manifest.FILE + "): remove it, or use an intact copy");
                    }
                    return FileVisitResult.CONTINUE;
                }

                @Override
                public FileVisitResult visitFileFailed(Path f, IOException e) {
                    out.add(f + ": unreadable (" + e.getMessage() + ")");
                    return FileVisitResult.CONTINUE;
                }
            });
        } catch (IOException e) {
            out.add(dir + ": cannot be listed (" + e.getMessage() + ")");
        }
        return out;
    }
}
