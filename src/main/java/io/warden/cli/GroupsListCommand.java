package io.warden.cli;

import io.warden.kafka.KafkaConnection;
import org.apache.kafka.common.resource.ResourceType;
import io.warden.kafka.RecordText;
import io.warden.runbook.groups.GroupsService;
import java.io.PrintWriter;
import java.time.Clock;
import java.util.concurrent.Callable;
import picocli.CommandLine.Command;
import picocli.CommandLine.Mixin;
import picocli.CommandLine.Model.CommandSpec;
import picocli.CommandLine.Option;
import picocli.CommandLine.Spec;

@Command(name = "list", mixinStandardHelpOptions = true, sortOptions = false,
        description = {"Every group of every type (CLASSIC, CONSUMER, SHARE, STREAMS): state, members, topics",
            "and total lag. A group that cannot be described is listed with the reason."})
final class GroupsListCommand implements Callable<Integer> {

    @Spec
    CommandSpec spec;

    @Mixin
    ConnectionOptions connection;

    @Option(names = {"-o", "--output"}, defaultValue = "table", description = "table or json (default: ${DEFAULT-VALUE}).")
    Output output;

    @Override
    public Integer call() {
        try (var kafka = KafkaConnection.open(connection.settings())) {
            var groups = new GroupsService(kafka, Clock.systemUTC()).list();
            PrintWriter out = spec.commandLine().getOut();
            if (groups.isEmpty()) {
                kafka.hiddenByAcls(ResourceType.GROUP).ifPresent(note -> spec.commandLine().getErr().println("warden: warning: " + note));
            }
            if (output == Output.json) {
                Output.printJson(out, groups);
                return 0;
            }
            if (groups.isEmpty()) {
                out.println("No groups.");
                out.flush();
                return 0;
            }
            Table table = new Table("GROUP", "STATE", "TYPE", "MEMBERS", "TOPICS", "LAG", "PROBLEM");
            groups.forEach(g -> table.row(RecordText.escape(g.group()), g.state(), g.type(), g.members(),
                    g.topics().isEmpty() ? null : String.join(",", g.topics()), g.totalLag(), g.problem()));
            table.print(out, "");
            return 0;
        }
    }
}
