package io.warden.cli;

import io.warden.kafka.RecordText;
import io.warden.WardenException;
import io.warden.kafka.KafkaConnection;
import io.warden.watch.GroupLag;
import io.warden.watch.LagService;
import io.warden.watch.PartitionLag;
import io.warden.watch.Severity;
import java.io.PrintWriter;
import java.time.Clock;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.concurrent.Callable;
import picocli.CommandLine.Command;
import picocli.CommandLine.Mixin;
import picocli.CommandLine.Option;
import picocli.CommandLine.Spec;
import picocli.CommandLine.Model.CommandSpec;

@Command(name = "lag", mixinStandardHelpOptions = true, sortOptions = false,
        description = {"Lag per group and partition, in messages and in seconds, for every group type:",
            "classic and consumer (KIP-848) groups, share groups (KIP-932) and streams groups (KIP-1071).",
            "Shows offsets, lag, lag seconds, status and owner, like kafka-consumer-groups --describe.",
            "A share group shows its START-OFFSET and the lag its broker reports, as kafka-share-groups does.",
            "A group that cannot be described is still shown, with the reason.",
            "Lag seconds is the age of the next message each consumer will read, read from the partition",
            "(this needs READ on the topic; without it lag in messages is shown and a warning says which ACL is missing).",
            "With --warning/--critical it is a Nagios check: exit 0 OK, 1 warning, 2 critical, 3 unknown;",
            "with --config too, the file's checks.lag thresholds (or the daemon's defaults) are the ones not given."},
        footerHeading = "%nExamples:%n",
        footer = {"  warden lag --bootstrap-server localhost:9092",
            "  warden lag -b localhost:9092 --group billing --topic orders --output json",
            "  warden lag -b localhost:9092 --group billing --warning 10000 --critical 100000   # for cron/Nagios",
            "  warden lag --config /etc/warden/warden.yaml --group billing                         # its thresholds"})
final class LagCommand implements Callable<Integer> {

    @Spec
    CommandSpec spec;

    @Mixin
    ConnectionOptions connection;

    @Mixin
    ThresholdConfigOptions file;

    @Option(names = {"-g", "--group"}, paramLabel = "GROUP", description = "Only this group (repeatable).")
    Set<String> groups = Set.of();

    @Option(names = {"-t", "--topic"}, paramLabel = "TOPIC", description = "Only this topic (repeatable).")
    Set<String> topics = Set.of();

    @Option(names = {"-w", "--warning"}, paramLabel = "N", description = "Exit 1 when a group's total lag is at least N messages.")
    Long warning;

    @Option(names = {"-c", "--critical"}, paramLabel = "N", description = "Exit 2 when a group's total lag is at least N messages.")
    Long critical;

    @Option(names = {"-o", "--output"}, defaultValue = "table", description = "table or json (default: ${DEFAULT-VALUE}).")
    Output output;

    @Override
    public Integer call() {
        Require.thresholds(warning, critical);
        Long warn = file.lagWarning(warning);
        Long crit = file.lagCritical(critical);
        var checks = file.checks();
        try (var kafka = KafkaConnection.open(file.connection(connection))) {
            var result = new LagService(kafka, checks, Clock.systemUTC()).lag(groups, topics);
            PrintWriter out = spec.commandLine().getOut();
            Severity worst = severity(result.groups(), warn, crit);
            if (!result.snapshot().failures().isEmpty()) {
                worst = worst.worst(Severity.UNKNOWN);
            }
            if (output == Output.json) {
                Map<String, Object> json = new LinkedHashMap<>();
                json.put("takenAt", result.snapshot().takenAt());
                json.put("severity", worst);
                json.put("groups", result.groups());
                json.put("failures", result.snapshot().failures());
                Output.printJson(out, json);
            } else {
                if (!result.groups().isEmpty() || !result.snapshot().failed("groups")) {
                    print(out, result.groups());
                }
                result.snapshot().failures().forEach(f ->
                        out.println("warning: " + f.probe() + " " + RecordText.escape(f.target()) + ": " + f.message()));
                out.flush();
            }
            return worst.exitCode();
        }
    }

    private static Severity severity(List<GroupLag> lags, Long warning, Long critical) {
        Severity worst = Severity.OK;
        for (GroupLag g : lags) {
            if (critical != null && g.totalLag() >= critical) {
                worst = worst.worst(Severity.CRITICAL);
            } else if (warning != null && g.totalLag() >= warning) {
                worst = worst.worst(Severity.WARNING);
            }
        }
        return worst;
    }

    static void print(PrintWriter out, List<GroupLag> lags) {
        if (lags.isEmpty()) {
            out.println("No groups with offsets.");
            return;
        }
        for (GroupLag g : lags) {
            out.printf("GROUP %s  type=%s state=%s members=%d status=%s lag=%,d max-lag-seconds=%s%n", RecordText.escape(g.group()),
                    g.type(), g.state(), g.members(), g.status(), g.totalLag(), seconds(g.maxLagSeconds(), false));
            if (g.problem() != null) {
                out.println("  " + RecordText.escape(g.problem()));
            }
            Table table = new Table("TOPIC", "PARTITION", g.type().offsetColumn(), "LOG-END-OFFSET", "LAG", "LAG-SECONDS",
                    "STATUS", "CONSUMER-ID", "HOST", "CLIENT-ID");
            for (PartitionLag p : g.partitions()) {
                table.row(p.topic(), p.partition(), p.committed() < 0 ? null : p.committed(),
                        p.logEndOffset() < 0 ? null : p.logEndOffset(), p.lag() < 0 ? null : p.lag(),
                        seconds(p.lagSeconds(), p.lagSecondsAtLeast()), p.status(), p.memberId(), p.host(), p.clientId());
            }
            table.print(out, "  ");
            out.println();
        }
        out.flush();
    }

    static String seconds(Double s, boolean atLeast) {
        if (s == null) {
            return "-";
        }
        return (atLeast ? ">=" : "") + (s < 10 ? String.format("%.1f", s) : String.format("%.0f", s));
    }
}
