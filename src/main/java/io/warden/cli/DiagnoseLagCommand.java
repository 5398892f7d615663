package io.warden.cli;

import io.warden.kafka.RecordText;
import io.warden.WardenException;
import io.warden.kafka.KafkaConnection;
import io.warden.runbook.groups.DiagnoseService;
import io.warden.runbook.groups.LagDiagnosis;
import java.io.PrintWriter;
import java.time.Clock;
import java.time.Duration;
import java.util.concurrent.Callable;
import picocli.CommandLine.Command;
import picocli.CommandLine.Mixin;
import picocli.CommandLine.Model.CommandSpec;
import picocli.CommandLine.Option;
import picocli.CommandLine.Spec;

@Command(name = "lag", mixinStandardHelpOptions = true, sortOptions = false,
        description = {"The high-lag runbook for one group: lag per partition (uniform or skewed), members vs",
            "partitions, rebalances, produce vs consume rate over a short sample, time to drain, and what to do.",
            "Any group type; a share group is judged by the lag its broker reports, not by its START-OFFSET.",
            "With --warning/--critical the exit code is 0 OK, 1 warning, 2 critical by total lag;",
            "with --config too, the file's checks.lag thresholds (or the daemon's defaults) are the ones not given."},
        footerHeading = "%nExamples:%n",
        footer = {"  warden diagnose lag -b localhost:9092 --group billing",
            "  warden diagnose lag -b localhost:9092 -g billing --sample 10s \\",
            "      --warning 10000 --critical 100000"})
final class DiagnoseLagCommand implements Callable<Integer> {

    @Spec
    CommandSpec spec;

    @Mixin
    ConnectionOptions connection;

    @Mixin
    ThresholdConfigOptions file;

    @Option(names = {"-g", "--group"}, required = true, paramLabel = "GROUP", description = "The group to diagnose.")
    String group;

    @Option(names = "--sample", paramLabel = "DURATION", converter = DurationConverter.class, defaultValue = "5s",
            description = "Time between the two reads that measure rates (default: ${DEFAULT-VALUE}).")
    Duration sample;

    @Option(names = {"-w", "--warning"}, paramLabel = "N", description = "Exit 1 when total lag is at least N messages.")
    Long warning;

    @Option(names = {"-c", "--critical"}, paramLabel = "N", description = "Exit 2 when total lag is at least N messages.")
    Long critical;

    @Option(names = {"-o", "--output"}, defaultValue = "table", description = "table or json (default: ${DEFAULT-VALUE}).")
    Output output;

    @Override
    public Integer call() {
        Require.thresholds(warning, critical);
        if (sample.isZero()) {
            throw new WardenException(WardenException.USAGE, "--sample must be longer than 0s: rates need two readings apart");
        }
        Long warn = file.lagWarning(warning);
        Long crit = file.lagCritical(critical);
        try (var kafka = KafkaConnection.open(file.connection(connection))) {
            LagDiagnosis d = new DiagnoseService(kafka, Clock.systemUTC(), pause -> Thread.sleep(pause.toMillis()))
                    .diagnoseLag(group, sample, warn, crit);
            PrintWriter out = spec.commandLine().getOut();
            if (output == Output.json) {
                Output.printJson(out, d);
            } else {
                print(out, d);
            }
            return d.severity().exitCode();
        }
    }

    private static void print(PrintWriter out, LagDiagnosis d) {
        out.printf("Group %s (%s, %s): total lag %,d, severity %s%n%n", RecordText.escape(d.group()), d.type(), d.state(),
                d.totalLag(), d.severity());
        Table t = new Table("TOPIC", "PARTITION", d.type().offsetColumn(), "LOG-END-OFFSET", "LAG", "CONSUMER-ID");
        d.partitions().forEach(p -> t.row(p.topic(), p.partition(), p.committed(), p.logEnd(), p.lag(), p.owner()));
        t.print(out, "  ");
        out.println();
        d.steps().forEach(out::println);
        out.println();
        out.println("Recommendation:");
        d.recommendations().forEach(r -> out.println("  - " + r));
        out.flush();
    }
}
