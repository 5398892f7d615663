package io.warden.cli;

import io.warden.WardenException;
import io.warden.kafka.KafkaConnection;
import io.warden.runbook.groups.GroupOffsetsService;
import io.warden.runbook.groups.OffsetsCsv;
import java.io.PrintWriter;
import java.time.Clock;
import java.util.List;
import java.util.concurrent.Callable;
import picocli.CommandLine.Command;
import picocli.CommandLine.Mixin;
import picocli.CommandLine.Model.CommandSpec;
import picocli.CommandLine.Option;
import picocli.CommandLine.Spec;

@Command(name = "export", mixinStandardHelpOptions = true, sortOptions = false,
        description = {"Prints groups' committed offsets as CSV: topic,partition,offset for one group (Kafka's format),",
            "group,topic,partition,offset for several. 'groups import --from-file' reads it back."},
        footerHeading = "%nExamples:%n",
        footer = {"  warden groups export -b localhost:9092 --group billing > billing.csv"})
final class GroupsExportCommand implements Callable<Integer> {

    @Spec
    CommandSpec spec;

    @Mixin
    ConnectionOptions connection;

    @Option(names = {"-g", "--group"}, required = true, paramLabel = "GROUP", description = "Group to export (repeatable).")
    List<String> groups;

    @Override
    public Integer call() {
        try (var kafka = KafkaConnection.open(connection.settings())) {
            var service = new GroupOffsetsService(kafka, Clock.systemUTC());
            service.refuseOtherTypes(groups, "export the offsets of");
            var offsets = service.committed(groups);
            offsets.forEach((g, o) -> {
                if (o.isEmpty()) {
                    throw new WardenException(WardenException.USAGE, "group '" + g + "' has no committed offsets");
                }
            });
            PrintWriter out = spec.commandLine().getOut();
            out.print(OffsetsCsv.format(offsets, false));
            out.flush();
            return 0;
        }
    }
}
