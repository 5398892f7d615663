package io.warden.cli;

import io.warden.kafka.KafkaConnection;
import io.warden.kafka.RecordText;
import io.warden.runbook.groups.GroupOffsetsService;
import java.io.PrintWriter;
import java.time.Clock;
import java.util.List;
import java.util.Map;
import java.util.concurrent.Callable;
import picocli.CommandLine.Command;
import picocli.CommandLine.Mixin;
import picocli.CommandLine.Model.CommandSpec;
import picocli.CommandLine.Option;
import picocli.CommandLine.Parameters;
import picocli.CommandLine.Spec;

@Command(name = "delete", mixinStandardHelpOptions = true, sortOptions = false,
        description = {"Deletes consumer groups and their committed offsets. Refused while a group has active members.",
            "Prints what it would delete and changes nothing without --execute.",
            "Classic and consumer groups only; warden cleanup deletes empty share and streams groups."},
        footerHeading = "%nExamples:%n",
        footer = {"  warden groups export -b localhost:9092 -g old-app > old-app.csv  # a copy",
            "  warden groups delete -b localhost:9092 old-app --execute"})
final class GroupsDeleteCommand implements Callable<Integer> {

    @Spec
    CommandSpec spec;

    @Mixin
    ConnectionOptions connection;

    @Parameters(paramLabel = "GROUP", arity = "1..*", description = "Groups to delete.")
    List<String> groups;

    @Option(names = "--execute", description = "Delete (default: print the plan only).")
    boolean execute;

    @Mixin
    ConfigOption config;

    @Override
    public Integer call() {
        Clock clock = Clock.systemUTC();
        try (var audit = CommandAudit.open(execute, config.file(), clock, connection.settings().bootstrapServers());
             var kafka = KafkaConnection.open(connection.settings())) {
            var service = new GroupOffsetsService(kafka, clock);
            var committed = service.committed(groups);
            service.checkDeletable(groups);
            PrintWriter out = spec.commandLine().getOut();
            Table t = new Table("GROUP", "COMMITTED-PARTITIONS");
            groups.forEach(g -> t.row(RecordText.escape(g), committed.get(g).size()));
            out.println(execute ? "Deleting:" : "Would delete:");
            t.print(out, "  ");
            if (!execute) {
                out.println("Dry run: nothing changed. Add --execute to delete.");
                out.flush();
                return 0;
            }
            service.delete(groups);
            out.println("Deleted " + groups.size() + " group(s).");
            out.flush();
            for (String g : groups) {
                audit.record("groups.delete", g, Map.of("committedPartitions", committed.get(g).size()),
                        "group " + RecordText.escape(g) + " WAS deleted");
            }
            return 0;
        }
    }
}
