package io.warden.cli;

import io.warden.WardenException;
import io.warden.kafka.KafkaConnection;
import io.warden.kafka.RecordText;
import io.warden.runbook.InfrastructureTopics;
import io.warden.runbook.cleanup.Candidate;
import io.warden.runbook.cleanup.CleanupReport;
import io.warden.runbook.cleanup.CleanupService;
import io.warden.runbook.cleanup.Outcome;
import java.io.Console;
import java.nio.file.Path;
import java.time.Clock;
import java.time.Duration;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.regex.Pattern;
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
            description = {"Topics and groups (classic, consumer, share, streams) that look unused, each with its evidence:",
                "  EMPTY_TOPIC     no record in any partition; no group has offsets on it",
                "  IDLE_TOPIC      no record newer than --idle-days (each partition's",
                "                  largest record timestamp); no group has offsets on it",
                "  INACTIVE_GROUP  EMPTY (no members), and its topics got no record within",
                "                  --idle-days. Kafka does not expose when a group last",
                "                  committed, so its topics' traffic is the evidence. A share",
                "                  group counts by its start offsets; each type is deleted",
                "                  with its own Admin call.",
                "Skipped, and listed with the reason: topics other systems keep their state in, which are read "
                + "without committed offsets (__* and .*, _schemas and _*, connect-configs/-offsets/-status and the "
                + "storage topics of --connect-worker-config, Streams' *-changelog and *-repartition, MirrorMaker 2's "
                + "mm2-*, *.internal, heartbeats, *.heartbeats and the replicas X.* of a mirrored cluster X, and every "
                + "compacted topic), and Warden's own progress groups (warden-replay-*, warden-restore-*). "
                + "--include REGEX makes a skipped one a candidate on purpose.",
                "A topic created moments ago is empty too: read the list first. With --execute it deletes what the "
                + "report lists, after confirmation (--yes skips the prompt; without a terminal --yes is required): "
                + "each candidate is checked again first, and one written to, re-created, read or joined since the "
                + "report is skipped and named. Topics are deleted by the id the report saw. Each deletion is audited."},
            footerHeading = "%nExamples:%n",
            footer = {"  warden cleanup report -b kafka1:9092 --idle-days 30",
                "  warden cleanup report -b kafka1:9092 --idle-days 30 --execute",
                "  warden cleanup report -b kafka1:9092 --connect-worker-config /etc/kafka/connect-distributed.properties",
                "  warden cleanup report -b kafka1:9092 --include 'old-app-changelog' --execute"})
    static final class Report implements Callable<Integer> {

        @Spec
        CommandSpec spec;

        @Mixin
        ConnectionOptions connection;

        @Option(names = "--idle-days", defaultValue = "7", paramLabel = "N",
                description = "Days without a new record after which a topic is idle (default: ${DEFAULT-VALUE}).")
        int idleDays;

        @Option(names = "--include", paramLabel = "REGEX",
                description = "A topic or group whose whole name matches is a candidate even if the rules above skip it (repeatable).")
        List<String> include = List.of();

        @Option(names = "--connect-worker-config", paramLabel = "FILE",
                description = "A Kafka Connect worker's properties file: its config/offset/status.storage.topic are skipped (repeatable).")
        List<Path> connectWorkers = List.of();

        @Mixin
        ExecuteOptions change;

        @Option(names = "--yes", description = "Do not ask for confirmation.")
        boolean yes;

        @Override
        public Integer call() {
            Require.atLeast("--idle-days", idleDays, 0);
            List<Pattern> includes = include.stream().map(r -> RegexOption.compile("--include", r)).toList();
            Map<String, String> declared = new LinkedHashMap<>();
            connectWorkers.forEach(f -> declared.putAll(InfrastructureTopics.connectWorker(f)));
            Console console = System.console();
            if (change.execute && !yes && (console == null || change.output == Output.json)) {
                throw new WardenException(WardenException.USAGE, (change.output == Output.json ? "-o json prints the report after the "
                        + "deletion, so there is nothing to confirm on" : "no terminal to confirm the deletion on")
                        + "; pass --yes to delete without asking");
            }
            var out = spec.commandLine().getOut();
            Clock clock = Clock.systemUTC();
            try (var audit = CommandAudit.open(change.execute, change.config(), clock, connection.settings().bootstrapServers());
                 var kafka = KafkaConnection.open(connection.settings())) {
                CleanupService service = new CleanupService(kafka, clock);
                CleanupReport report = service.report(new CleanupService.Options(Duration.ofDays(idleDays), includes, declared));
                // a principal that may not DESCRIBE every topic and group finds nothing unused among what it cannot see
                for (var type : List.of(org.apache.kafka.common.resource.ResourceType.TOPIC,
                        org.apache.kafka.common.resource.ResourceType.GROUP)) {
                    kafka.seesOnlySome(type).ifPresent(acl -> spec.commandLine().getErr().println("warden: warning: cleanup saw "
                            + "only the " + type.name().toLowerCase(Locale.ROOT) + "s " + kafka.access().principal()
                            + " may DESCRIBE; to see every one: " + acl));
                }
                if (change.output != Output.json) {
                    print(out, report);
                }
                if (!change.execute || report.candidates().isEmpty()) {
                    if (change.output == Output.json) {
                        Output.printJson(out, json(report, null));
                    } else if (!report.candidates().isEmpty()) {
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
                List<Outcome> outcomes = service.delete(report);
                if (change.output == Output.json) {
                    Output.printJson(out, json(report, outcomes));
                } else {
                    outcomes.forEach(o -> out.println(line(o)));
                }
                out.flush();
                for (Outcome o : outcomes) {
                    Candidate c = o.candidate();
                    Map<String, Object> data = new LinkedHashMap<>();
                    data.put("kind", c.kind().name());
                    data.put("evidence", c.evidence());
                    data.put("idleDays", idleDays);
                    data.put("ok", o.status() == Outcome.Status.DELETED);
                    data.put("result", o.status() == Outcome.Status.DELETED ? "ok" : o.status().name().toLowerCase(Locale.ROOT)
                            + ": " + o.reason());
                    audit.record(c.kind().isTopic() ? "topics.delete" : "groups.delete", c.name(), data,
                            o.status() == Outcome.Status.DELETED ? noun(c) + " WAS deleted" : null);
                }
                return outcomes.stream().anyMatch(o -> o.status() == Outcome.Status.FAILED) ? 2 : 0;
            }
        }

        private void print(java.io.PrintWriter out, CleanupReport report) {
            if (report.candidates().isEmpty()) {
                out.println("Nothing unused found (idle threshold " + idleDays + " days).");
            } else {
                Table t = new Table("KIND", "NAME", "EVIDENCE");
                report.candidates().forEach(c -> t.row(c.kind(), RecordText.escape(c.name()), c.evidence()));
                t.print(out, "");
            }
            if (!report.skipped().isEmpty()) {
                out.println("Skipped, though unused (--include REGEX makes one a candidate):");
                Table t = new Table("KIND", "NAME", "REASON");
                report.skipped().forEach(s -> t.row(s.kind(), RecordText.escape(s.name()), s.reason()));
                t.print(out, "  ");
            }
        }

        private Map<String, Object> json(CleanupReport report, List<Outcome> outcomes) {
            Map<String, Object> m = new LinkedHashMap<>();
            m.put("at", report.at());
            m.put("idleDays", idleDays);
            m.put("candidates", report.candidates());
            m.put("skipped", report.skipped());
            if (outcomes != null) {
                m.put("results", outcomes.stream().map(o -> {
                    Map<String, Object> r = new LinkedHashMap<>();
                    r.put("kind", o.candidate().kind());
                    r.put("name", o.candidate().name());
                    r.put("status", o.status());
                    r.put("reason", o.reason());
                    return r;
                }).toList());
            }
            return m;
        }

        private static String line(Outcome o) {
            return switch (o.status()) {
                case DELETED -> "deleted " + noun(o.candidate());
                case FAILED -> "FAILED to delete " + noun(o.candidate()) + ": " + o.reason();
                case SKIPPED -> "skipped: " + noun(o.candidate()) + " " + o.reason();
            };
        }

        private static String noun(Candidate c) {
            return (c.kind().isTopic() ? "topic " : "group ") + RecordText.escape(c.name());
        }
    }
}
