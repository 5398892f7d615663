package io.warden.cli;

import io.warden.WardenException;
import io.warden.kafka.KafkaConnection;
import io.warden.runbook.cleanup.Candidate;
import io.warden.runbook.cleanup.CleanupReport;
import io.warden.runbook.cleanup.CleanupService;
import java.io.Console;
import java.nio.file.Path;
import java.time.Clock;
import java.time.Duration;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.concurrent.Callable;
import picocli.CommandLine.Command;
import picocli.CommandLine.Mixin;
import picocli.CommandLine.Model.CommandSpec;
import picocli.CommandLine.Option;
import picocli.CommandLine.Spec;

@Command(name = "cleanup", mixinStandardHelpOptions = true, description = "Find and remove what the cluster no longer uses.",
        subcommands = CleanupCommand.Report.class)
final class CleanupCommand {

    @Command(name = "report", mixinStandardHelpOptions = true, sortOptions = false,
            description = {"Topics and consumer groups that look unused, each with its evidence:",
                "  EMPTY_TOPIC     no record in any partition; no group has offsets on it",
                "  IDLE_TOPIC      no record newer than --idle-days (each partition's",
                "                  largest record timestamp); no group has offsets on it",
                "  INACTIVE_GROUP  EMPTY (no members), and its topics got no record within",
                "                  --idle-days. Kafka does not expose when a group last",
                "                  committed, so its topics' traffic is the evidence.",
                "Topics named __* are skipped. A topic created moments ago is empty too: read the list first. "
                + "With --execute it deletes exactly what the report lists, after confirmation (--yes skips the "
                + "prompt; without a terminal --yes is required), and audits each deletion."},
            footerHeading = "%nExamples:%n",
            footer = {"  warden cleanup report -b kafka1:9092 --idle-days 30",
                "  warden cleanup report -b kafka1:9092 --idle-days 30 --execute"})
    static final class Report implements Callable<Integer> {

        @Spec
        CommandSpec spec;

        @Mixin
        ConnectionOptions connection;

        @Option(names = "--idle-days", defaultValue = "7", paramLabel = "N",
                description = "Days without a new record after which a topic is idle (default: ${DEFAULT-VALUE}).")
        int idleDays;

        @Option(names = {"-o", "--output"}, defaultValue = "table", description = "table or json (default: ${DEFAULT-VALUE}).")
        Output output;

        @Option(names = "--execute", description = "Delete what the report lists (asks first).")
        boolean execute;

        @Option(names = "--yes", description = "Do not ask for confirmation.")
        boolean yes;

        @Option(names = "--config-file", paramLabel = "FILE", description = "warden.yaml naming audit.file for the audit records.")
        Path wardenConfig;

        @Override
        public Integer call() {
            if (idleDays < 0) {
                throw new WardenException(WardenException.USAGE, "--idle-days must be 0 or more");
            }
            Console console = System.console();
            if (execute && !yes && console == null) {
                throw new WardenException(WardenException.USAGE, "no terminal to confirm the deletion on; pass --yes to delete without asking");
            }
            var out = spec.commandLine().getOut();
            try (var audit = CommandAudit.open(execute, wardenConfig, Clock.systemUTC(), connection.settings().bootstrapServers());
                 var kafka = KafkaConnection.open(connection.settings())) {
                CleanupService service = new CleanupService(kafka, Clock.systemUTC());
                CleanupReport report = service.report(Duration.ofDays(idleDays));
                if (output == Output.json) {
                    Map<String, Object> m = new LinkedHashMap<>();
                    m.put("at", report.at());
                    m.put("idleDays", idleDays);
                    m.put("candidates", report.candidates());
                    Output.printJson(out, m);
                } else if (report.candidates().isEmpty()) {
                    out.println("Nothing unused found (idle threshold " + idleDays + " days).");
                } else {
                    Table t = new Table("KIND", "NAME", "EVIDENCE");
                    report.candidates().forEach(c -> t.row(c.kind(), c.name(), c.evidence()));
                    t.print(out, "");
                }
                if (!execute || report.candidates().isEmpty()) {
                    if (!execute && !report.candidates().isEmpty() && output != Output.json) {
                        out.println("Nothing was deleted. Run again with --execute to delete these.");
                    }
                    return 0;
                }
                if (!yes) {
                    String answer = console.readLine("Delete %d topic(s) and %d group(s) listed above? [y/N] ",
                            report.topics().size(), report.groups().size());
                    if (answer == null || !answer.trim().equalsIgnoreCase("y")) {
                        out.println("Nothing was deleted.");
                        return 0;
                    }
                }
                Map<String, String> failed = service.delete(report);
                for (Candidate c : report.candidates()) {
                    String error = failed.get(c.name());
                    if (output != Output.json) {
                        out.println((error == null ? "deleted " : "FAILED to delete ") + (c.kind().isTopic() ? "topic " : "group ")
                                + c.name() + (error == null ? "" : ": " + error));
                    }
                }
                out.flush();
                for (Candidate c : report.candidates()) {
                    String error = failed.get(c.name());
                    Map<String, Object> data = new LinkedHashMap<>();
                    data.put("kind", c.kind().name());
                    data.put("evidence", c.evidence());
                    data.put("idleDays", idleDays);
                    data.put("ok", error == null);
                    data.put("result", error == null ? "ok" : error);
                    audit.record(c.kind().isTopic() ? "topics.delete" : "groups.delete", c.name(), data,
                            error != null ? null : (c.kind().isTopic() ? "topic " : "group ") + c.name() + " WAS deleted");
                }
                return failed.isEmpty() ? 0 : 2;
            }
        }
    }
}
