package io.warden.cli;

import io.warden.AtomicFiles;
import io.warden.WardenException;
import io.warden.kafka.KafkaConnection;
import io.warden.runbook.groups.GroupOffsetsService;
import io.warden.runbook.groups.OffsetsCsv;
import io.warden.runbook.groups.ResetMode;
import io.warden.runbook.groups.ResetPlan;
import io.warden.runbook.groups.ResetPlan.GroupReset;
import java.io.IOException;
import java.io.PrintWriter;
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
 * What {@code groups reset-offsets} and {@code groups import} share: print the plan; with
 * execute, save the offsets it replaces to an undo file, commit, and write one audit record per group.
 */
final class OffsetResetRunner {

    private static final DateTimeFormatter STAMP = DateTimeFormatter.ofPattern("yyyyMMdd'T'HHmmss'Z'").withZone(ZoneOffset.UTC);

    private OffsetResetRunner() {
    }

    static int run(PrintWriter out, ConnectionOptions connection, Path config, List<String> groups,
                   GroupOffsetsService.Scope scope, ResetMode mode, boolean execute, Path undoFile, Output output) {
        Clock clock = Clock.systemUTC();
        checkUndoFile(undoFile);
        try (var audit = CommandAudit.open(execute, config, clock, connection.settings().bootstrapServers());
             var kafka = KafkaConnection.open(connection.settings())) {
            var service = new GroupOffsetsService(kafka, clock);
            ResetPlan plan = service.planReset(groups, scope, mode);
            List<Path> undoFiles = new ArrayList<>();
            boolean apply = execute && !plan.blocked();
            if (apply) {
                undoFiles = saveUndo(plan, undoFile, clock);
                service.applyReset(plan);
            }
            print(out, output, plan, apply, undoFiles);
            if (plan.blocked()) {
                GroupReset g = plan.groups().stream().filter(x -> !x.activeMembers().isEmpty()).findFirst().orElseThrow();
                throw new WardenException(WardenException.USAGE, "cannot reset offsets of group '" + g.group() + "': it has "
                        + g.activeMembers().size() + " active member(s): " + g.activeMembers()
                        + "; stop its consumers first (Kafka refuses to change an active group's offsets)");
            }
            for (int i = 0; apply && i < plan.groups().size(); i++) {
                GroupReset g = plan.groups().get(i);
                Path undo = undoFiles.get(undoFiles.size() == 1 ? 0 : i);
                Map<String, Object> data = new LinkedHashMap<>();
                data.put("mode", plan.mode());
                data.put("partitions", g.partitions().stream().map(p -> Map.of("topic", p.topic(), "partition",
                        p.partition(), "from", p.current() == null ? "none" : p.current(), "to", p.target())).toList());
                data.put("undoFile", undo.toString());
                audit.record("groups.reset-offsets", g.group(), data, "offsets of group " + g.group()
                        + " WERE reset (undo file " + undo + ")");
            }
            return 0;
        }
    }

    /** A named undo file that could never be written is wrong before anything connects, in a dry run too. */
    static void checkUndoFile(Path undoFile) {
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

    /** Writes the offsets the plan replaces, before anything is committed; never over an existing file. */
    static List<Path> saveUndo(ResetPlan plan, Path undoFile, Clock clock) {
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

    private static void print(PrintWriter out, Output output, ResetPlan plan, boolean applied, List<Path> undoFiles) {
        if (output == Output.json) {
            Map<String, Object> json = new LinkedHashMap<>();
            json.put("mode", plan.mode());
            json.put("executed", applied);
            json.put("undoFiles", undoFiles.stream().map(Path::toString).toList());
            json.put("groups", plan.groups().stream().map(g -> {
                Map<String, Object> m = new LinkedHashMap<>();
                m.put("group", g.group());
                m.put("state", g.state());
                m.put("activeMembers", g.activeMembers());
                m.put("partitions", g.partitions().stream().map(p -> {
                    Map<String, Object> row = new LinkedHashMap<>();
                    row.put("topic", p.topic());
                    row.put("partition", p.partition());
                    row.put("current", p.current());
                    row.put("target", p.target());
                    row.put("logStart", p.logStart());
                    row.put("logEnd", p.logEnd());
                    row.put("lagBefore", p.lagBefore());
                    row.put("lagAfter", p.lagAfter());
                    return row;
                }).toList());
                return m;
            }).toList());
            Output.printJson(out, json);
            return;
        }
        Table t = new Table("GROUP", "TOPIC", "PARTITION", "CURRENT-OFFSET", "NEW-OFFSET", "LAG-BEFORE", "LAG-AFTER");
        plan.groups().forEach(g -> g.partitions().forEach(p ->
                t.row(g.group(), p.topic(), p.partition(), p.current(), p.target(), p.lagBefore(), p.lagAfter())));
        out.println("Reset plan (" + plan.mode() + "):");
        if (t.isEmpty()) {
            out.println("  no partitions to reset");
        } else {
            t.print(out, "  ");
        }
        if (applied) {
            // one file per group needs --group to restore; one file for several groups has a group column
            boolean perGroup = undoFiles.size() == plan.groups().size();
            for (int i = 0; i < undoFiles.size(); i++) {
                String group = perGroup ? " --group " + plan.groups().get(i).group() : "";
                out.println("Previous offsets saved to " + undoFiles.get(i) + " (undo: warden groups import --from-file "
                        + undoFiles.get(i) + group + " --execute)");
            }
            long fresh = plan.groups().stream().flatMap(g -> g.partitions().stream()).filter(p -> p.current() == null).count();
            if (fresh > 0) {
                out.println("Note: " + fresh + " partition(s) had no committed offset before; the undo file cannot"
                        + " take those back (kafka-consumer-groups --delete-offsets can).");
            }
            out.println("Offsets committed.");
        } else if (!plan.blocked()) {
            out.println("Dry run: nothing changed. Add --execute to commit these offsets.");
        }
        out.flush();
    }
}
