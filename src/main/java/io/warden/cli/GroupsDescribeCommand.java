package io.warden.cli;

import io.warden.kafka.RecordText;
import io.warden.WardenException;
import io.warden.kafka.KafkaConnection;
import io.warden.runbook.groups.GroupsService;
import io.warden.runbook.groups.GroupsService.GroupDetail;
import io.warden.snapshot.MemberInfo;
import io.warden.watch.PartitionLag;
import java.io.PrintWriter;
import java.time.Clock;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.concurrent.Callable;
import picocli.CommandLine.Command;
import picocli.CommandLine.Mixin;
import picocli.CommandLine.Model.CommandSpec;
import picocli.CommandLine.Option;
import picocli.CommandLine.Parameters;
import picocli.CommandLine.Spec;

@Command(name = "describe", mixinStandardHelpOptions = true, sortOptions = false,
        description = {"Groups as kafka-consumer-groups --describe shows them, plus LAG-SECONDS:",
            "the age of the next message the group will read, read from the partition.",
            "Every group type: a share group shows START-OFFSET and the broker's lag (as kafka-share-groups),",
            "a streams group its input partitions (as kafka-streams-groups). A group that cannot be",
            "described is shown with the reason.",
            "--members and --state give Kafka's other two views."},
        footerHeading = "%nExamples:%n",
        footer = {"  warden groups describe -b localhost:9092 billing analytics",
            "  warden groups describe -b localhost:9092 --all-groups --members"})
final class GroupsDescribeCommand implements Callable<Integer> {

    @Spec
    CommandSpec spec;

    @Mixin
    ConnectionOptions connection;

    @Parameters(paramLabel = "GROUP", arity = "0..*", description = "Groups to describe.")
    List<String> groups = List.of();

    @Option(names = "--all-groups", description = "Describe every group.")
    boolean allGroups;

    @Option(names = "--members", description = "One line per member: consumer id, host, client id, partitions.")
    boolean members;

    @Option(names = "--state", description = "One line per group: coordinator, type, state, members.")
    boolean state;

    @Option(names = {"-o", "--output"}, defaultValue = "table", description = "table or json (default: ${DEFAULT-VALUE}).")
    Output output;

    @Override
    public Integer call() {
        if (groups.isEmpty() == !allGroups) {
            throw new WardenException(WardenException.USAGE, "name the groups to describe, or give --all-groups (not both)");
        }
        try (var kafka = KafkaConnection.open(connection.settings())) {
            List<GroupDetail> details = new GroupsService(kafka, Clock.systemUTC())
                    .describe(allGroups ? java.util.Set.of() : new LinkedHashSet<>(groups));
            PrintWriter out = spec.commandLine().getOut();
            if (output == Output.json) {
                Output.printJson(out, details);
                return 0;
            }
            if (state) {
                Table t = new Table("GROUP", "COORDINATOR-ID", "TYPE", "STATE", "#MEMBERS", "EPOCH");
                details.forEach(d -> t.row(RecordText.escape(d.info().groupId()), d.info().coordinatorId(), d.info().type(), d.info().state(),
                        d.info().members().size(), d.info().epoch() < 0 ? null : d.info().epoch()));
                t.print(out, "");
            } else if (members) {
                Table t = new Table("GROUP", "CONSUMER-ID", "HOST", "CLIENT-ID", "#PARTITIONS", "ASSIGNMENT");
                for (GroupDetail d : details) {
                    for (MemberInfo m : d.info().members()) {
                        t.row(RecordText.escape(d.info().groupId()), RecordText.escape(m.memberId()), RecordText.escape(m.host()),
                                RecordText.escape(m.clientId()), m.assignment().size(),
                                m.assignment().isEmpty() ? null : m.assignment().stream().map(Object::toString).sorted()
                                        .reduce((a, b) -> a + "," + b).orElse(""));
                    }
                }
                if (t.isEmpty()) {
                    out.println("No active members.");
                } else {
                    t.print(out, "");
                }
            } else {
                offsets(out, details);
            }
            out.flush();
            return 0;
        }
    }

    private static void offsets(PrintWriter out, List<GroupDetail> details) {
        for (GroupDetail d : details) {
            List<PartitionLag> rows = new java.util.ArrayList<>(d.lag() == null ? List.of() : d.lag().partitions());
            rows.addAll(d.uncommitted());
            if (d.info().problem() != null) {
                out.printf("Group '%s' (%s): %s%n", RecordText.escape(d.info().groupId()), d.info().type(),
                        RecordText.escape(d.info().problem()));
            }
            if (rows.isEmpty()) {
                out.printf("Group '%s' (%s, %s, %d members) has no %ss.%n%n", RecordText.escape(d.info().groupId()),
                        d.info().type(), d.info().state(), d.info().members().size(), d.info().type().offsetName());
                continue;
            }
            Table t = new Table("GROUP", "TOPIC", "PARTITION", d.info().type().offsetColumn(), "LOG-END-OFFSET", "LAG", "LAG-SECONDS",
                    "CONSUMER-ID", "HOST", "CLIENT-ID");
            for (PartitionLag p : rows) {
                t.row(RecordText.escape(d.info().groupId()), p.topic(), p.partition(), p.committed() < 0 ? null : p.committed(),
                        p.logEndOffset() < 0 ? null : p.logEndOffset(), p.lag() < 0 ? null : p.lag(),
                        LagCommand.seconds(p.lagSeconds(), p.lagSecondsAtLeast()), RecordText.escape(p.memberId()),
                        RecordText.escape(p.host()), RecordText.escape(p.clientId()));
            }
            t.print(out, "");
            out.println();
        }
    }
}
