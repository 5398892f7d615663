package io.warden.runbook.groups;

import io.warden.AtomicFiles;
import io.warden.WardenException;
import io.warden.runbook.groups.ResetPlan.GroupReset;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.FileAlreadyExistsException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Clock;
import java.time.ZoneOffset;
import java.time.format.DateTimeFormatter;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import org.apache.kafka.common.TopicPartition;

/**
 * The undo file of an offset change (a reset, an import, a DR failover): the committed offsets it
 * replaces, as CSV that {@code warden groups import} takes back, written before anything is committed.
 */
public final class UndoFiles {

    private static final DateTimeFormatter STAMP = DateTimeFormatter.ofPattern("yyyyMMdd'T'HHmmss'Z'").withZone(ZoneOffset.UTC);

    private UndoFiles() {
    }

    /** A named undo file that could never be written is wrong before anything connects, in a dry run too. */
    public static void check(Path undoFile) {
        if (undoFile == null) {
            return;
        }
        Path dir = undoFile.toAbsolutePath().getParent();
        if (Files.exists(undoFile, java.nio.file.LinkOption.NOFOLLOW_LINKS)) {
            throw new WardenException(WardenException.CANT_CREATE, "the undo file " + undoFile
                    + " exists already; move it away or name another with --undo-file");
        }
        if (dir == null || !Files.isDirectory(dir)) {
            throw new WardenException(WardenException.CANT_CREATE, "cannot write the undo file " + undoFile + ": "
                    + dir + " is not a directory; name one in an existing directory with --undo-file");
        }
    }

    /**
     * Writes the offsets the plan replaces, before anything is committed; never over an existing file.
     *
     * @param undoFile one file for every group, or null for one file per group in the working directory
     * @return the files written, one per group unless {@code undoFile} was named
     */
    public static List<Path> save(ResetPlan plan, Path undoFile, Clock clock) {
        Map<Path, String> files = new LinkedHashMap<>();
        if (undoFile != null) {
            Map<String, Map<TopicPartition, Long>> all = new LinkedHashMap<>();
            plan.groups().forEach(g -> all.putAll(GroupOffsetsService.previousOffsets(g)));
            files.put(undoFile, OffsetsCsv.format(all, plan.groups().size() > 1));
        } else {
            String stamp = STAMP.format(clock.instant());
            for (GroupReset g : plan.groups()) {
                files.put(Path.of(fileName(g.group()) + "-offsets-" + stamp + ".csv"),
                        OffsetsCsv.format(GroupOffsetsService.previousOffsets(g), false));
            }
        }
        writeNew(files);
        return new ArrayList<>(files.keySet());
    }

    /**
     * Writes each file in full or not at all ({@link AtomicFiles}) and only where no file is yet: a
     * name that exists already is refused before anything is written, so an earlier undo file is
     * never replaced. When one file fails, the ones this call wrote are removed again.
     *
     * @param files path to CSV text
     * @throws WardenException 73 naming the file that exists or could not be written
     */
    private static void writeNew(Map<Path, String> files) {
        List<Path> reserved = new ArrayList<>();
        try {
            for (Path file : files.keySet()) {
                // a placeholder taken with CREATE_NEW semantics: two runs can never both claim one name
                Files.createFile(file);
                reserved.add(file);
            }
            for (var e : files.entrySet()) {
                AtomicFiles.write(e.getKey(), e.getValue().getBytes(StandardCharsets.UTF_8));
            }
        } catch (FileAlreadyExistsException e) {
            removeAll(reserved);
            throw new WardenException(WardenException.CANT_CREATE, "the undo file " + e.getFile()
                    + " exists already; move it away or name another with --undo-file");
        } catch (IOException e) {
            removeAll(reserved);
            String why = e instanceof java.nio.file.FileSystemException f ? f.getFile() + ": " + (f.getReason() != null
                    ? f.getReason() : e.getClass().getSimpleName()) : e.getMessage();
            throw new WardenException(WardenException.CANT_CREATE, "cannot write the undo file " + why);
        }
    }

    private static void removeAll(List<Path> files) {
        for (Path f : files) {
            try {
                Files.deleteIfExists(AtomicFiles.temp(f));
                Files.deleteIfExists(f);
            } catch (IOException ignored) {
                // best effort: the file is empty or complete, never half written
            }
        }
    }

    /** A group name as part of a file name here: a name like ../x or a/b must not write elsewhere. */
    static String fileName(String group) {
        String name = group.replaceAll("[^A-Za-z0-9._-]", "_");
        return name.startsWith(".") ? "_" + name.substring(1) : name;
    }
}
