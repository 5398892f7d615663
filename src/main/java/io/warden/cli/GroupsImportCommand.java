package io.warden.cli;

import io.warden.runbook.groups.GroupOffsetsService;
import io.warden.runbook.groups.OffsetsCsv;
import io.warden.runbook.groups.ResetMode;
import java.nio.file.Path;
import java.util.List;
import java.util.concurrent.Callable;
import picocli.CommandLine.Command;
import picocli.CommandLine.Mixin;
import picocli.CommandLine.Model.CommandSpec;
import picocli.CommandLine.Option;
import picocli.CommandLine.Spec;

@Command(name = "import", mixinStandardHelpOptions = true, sortOptions = false,
        description = {"Commits offsets from a CSV file (what export or an undo file wrote): reset-offsets --from-file.",
            "Prints the plan and changes nothing without --execute."},
        footerHeading = "%nExamples:%n",
        footer = {"  warden groups import -b localhost:9092 -g billing --from-file billing.csv",
            "  warden groups import -b localhost:9092 --from-file all.csv --execute",
            "      # all.csv: group,topic,partition,offset"})
final class GroupsImportCommand implements Callable<Integer> {

    @Spec
    CommandSpec spec;

    @Mixin
    ConnectionOptions connection;

    @Option(names = {"-g", "--group"}, paramLabel = "GROUP", description = "Group a topic,partition,offset file is for (repeatable).")
    List<String> groups = List.of();

    @Option(names = "--from-file", required = true, paramLabel = "CSV", description = "topic,partition,offset or group,topic,partition,offset.")
    Path file;

    @Mixin
    ExecuteOptions change;

    @Option(names = "--undo-file", paramLabel = "FILE", description = "Where to save the previous offsets (default: <group>-offsets-<time>.csv here); must not exist yet.")
    Path undoFile;

    @Override
    public Integer call() {
        var mode = new ResetMode.FromFile(file.toString(), OffsetsCsv.read(file, groups));
        return OffsetResetRunner.run(spec.commandLine().getOut(), connection, change.config(), groups,
                new GroupOffsetsService.Scope(List.of(), false), mode, change.execute, undoFile, change.output);
    }
}
