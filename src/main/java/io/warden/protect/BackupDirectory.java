package io.warden.protect;

import io.warden.AtomicFiles;
import io.warden.WardenException;
import java.io.IOException;
import java.nio.ByteBuffer;
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
import java.util.OptionalLong;
import java.util.Set;
import java.util.stream.Stream;

/**
 * The files of one backup directory. Paths named by {@code manifest.json} are untrusted: each is
 * confined to the directory (relative, no {@code ..}, and its real path, links resolved, inside the
 * directory's real path) and must be a regular file, so a damaged or planted manifest can make
 * Warden read neither a file elsewhere nor a device or pipe that never ends.
 */
public final class BackupDirectory implements BackupStore {

    private final Path dir;
    private Path real;

    public BackupDirectory(Path dir) {
        this.dir = dir;
    }

    /** The directory's real path, once it exists. */
    private synchronized Path real() {
        if (real == null) {
            try {
                real = dir.toRealPath();
            } catch (IOException e) {
                throw new WardenException(WardenException.NO_INPUT, dir + ": cannot be read (" + e.getMessage() + ")", e);
            }
        }
        return real;
    }

    @Override
    public String location() {
        return dir.toString();
    }

    @Override
    public String named(String relative) {
        return dir.resolve(String.valueOf(relative)).toString();
    }

    @Override
    public Path localDir() {
        return dir;
    }

    /** Refuses a --to that is a file, or whose nearest existing directory cannot be written. */
    @Override
    public void checkWritable() {
        Path existing = dir.toAbsolutePath();
        while (existing != null && !Files.exists(existing)) {
            existing = existing.getParent();
        }
        if (existing != null && !Files.isDirectory(existing)) {
            throw new WardenException(WardenException.CANT_CREATE, "--to " + dir + ": " + existing + " is a file, not a directory: "
                    + "name a new directory, or an unfinished backup to continue");
        }
        if (existing != null && !Files.isWritable(existing)) {
            throw new WardenException(WardenException.CANT_CREATE, "--to " + dir + ": " + existing + " cannot be written by this user");
        }
    }

    @Override
    public OptionalLong size(String name) throws IOException {
        Path file = dir.resolve(name);
        if (!Files.isRegularFile(file)) {
            return OptionalLong.empty();
        }
        confined(file);
        return OptionalLong.of(Files.size(file));
    }

    @Override
    public ByteBuffer read(String name, byte[] reuse) throws IOException, Segment.CorruptException {
        return DirectIo.read(file(name), reuse);
    }

    @Override
    public void write(String name, byte[] data, int length) throws IOException {
        Path file = dir.resolve(name);
        AtomicFiles.createDirectories(file.getParent());
        if (name.endsWith(Segment.SUFFIX)) {
            DirectIo.writeAtomically(file, data, length);
        } else {
            AtomicFiles.write(file, ByteBuffer.wrap(data, 0, length));
        }
    }

    /** Made if missing, and refused when it leads out of the directory; a leftover temp file is deleted. */
    @Override
    public List<String> list(String folder) throws IOException {
        Path pdir = dir.resolve(folder);
        AtomicFiles.createDirectories(pdir);
        if (!pdir.toRealPath().startsWith(real())) {
            throw new WardenException(WardenException.DATA, pdir + " leads out of the backup directory, to " + pdir.toRealPath()
                    + ": a backup directory holds only what Warden wrote; use another --to");
        }
        List<String> out = new ArrayList<>();
        try (Stream<Path> files = Files.list(pdir)) {
            for (Path f : files.sorted().toList()) {
                String name = f.getFileName().toString();
                if (name.endsWith(AtomicFiles.TEMP_SUFFIX)) {
                    Files.delete(f); // an interrupted write, never renamed; a link is removed, not followed
                    continue;
                }
                if (name.endsWith(Segment.SUFFIX) && !Files.isRegularFile(f, LinkOption.NOFOLLOW_LINKS)) {
                    throw new WardenException(WardenException.DATA, f + ": not a segment file Warden wrote (a link, or not a"
                            + " regular file); delete it and the partition's later segments to copy them again");
                }
                out.add(folder + "/" + name);
            }
        }
        return out;
    }

    @Override
    public void close() {
    }

    @Override
    public String toString() {
        return location();
    }

    /** A file the manifest names, relative to the directory, as a real path inside it; refused when it leads elsewhere. */
    private Path file(String relative) throws Segment.CorruptException {
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
        if (!resolved.startsWith(real())) {
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
    @Override
    public List<String> foreign(Manifest manifest) {
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
