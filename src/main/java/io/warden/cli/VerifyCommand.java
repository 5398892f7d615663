package io.warden.cli;

import io.warden.kafka.KafkaConnection;
import io.warden.kafka.RecordText;
import io.warden.runbook.verify.VerifyCheck;
import io.warden.runbook.verify.VerifyOptions;
import io.warden.runbook.verify.VerifyService;
import io.warden.watch.CheckSettings;
import java.time.Clock;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.concurrent.Callable;
import picocli.CommandLine.Command;
import picocli.CommandLine.Mixin;
import picocli.CommandLine.Model.CommandSpec;
import picocli.CommandLine.Option;
import picocli.CommandLine.Spec;

@Command(name = "verify", mixinStandardHelpOptions = true, sortOptions = false,
        description = {"The checklist after a change (restart, upgrade, reassignment), one line per check: "
            + "expected brokers up, controller present, every KRaft voter caught up (each voter's lag and last "
            + "caught-up time), no offline, under-replicated or under-min-ISR "
            + "partitions, a canary record produced (acks=all) and consumed back with its latency, consumer "
            + "lag within thresholds, disk below 80 %%, the certificates of the TLS listeners valid for more than 30 days "
            + "and naming their hosts. Each line PASS, WARN or FAIL with its evidence;",
            "a line that is not PASS is followed by why (a refused request with the kafka-acls line it needs).",
            "With --config the lines are judged with the file's checks: thresholds (lag, disk, quorum, certificates),",
            "as 'warden watch' judges, on the file's cluster.",
            "Exit code (Nagios): 0 all pass, 1 a warning, 2 a failure."},
        footerHeading = "%nExamples:%n",
        footer = {"  warden verify -b kafka1:9092 --expected-brokers 1,2,3",
            "  warden verify -b kafka1:9092 --canary-topic ops.canary -o json",
            "  warden verify --config /etc/warden/warden.yaml"})
final class VerifyCommand implements Callable<Integer> {

    @Spec
    CommandSpec spec;

    @Mixin
    ConnectionOptions connection;

    @Mixin
    ThresholdConfigOptions file;

    @Option(names = {"--expected-brokers", "--expect-brokers"}, split = ",", paramLabel = "ID",
            description = "Broker ids that must be up, e.g. 1,2,3 (brokers named as replicas are always expected).")
    List<Integer> expectedBrokers = List.of();

    @Option(names = "--canary-topic", defaultValue = VerifyOptions.DEFAULT_CANARY_TOPIC, paramLabel = "TOPIC",
            description = "Topic of the round trip, created (RF min(3, brokers)) if missing (default: ${DEFAULT-VALUE}).")
    String canaryTopic;

    @Option(names = "--lag-warning", paramLabel = "N",
            description = "Group lag that is a warning (default: checks.lag.warning of --config, else 10000).")
    Long lagWarning;

    @Option(names = "--lag-critical", paramLabel = "N",
            description = "Group lag that is a failure (default: checks.lag.critical of --config, else 100000).")
    Long lagCritical;

    @Option(names = {"-o", "--output"}, defaultValue = "table", description = "table or json (default: ${DEFAULT-VALUE}).")
    Output output;

    @Override
    public Integer call() {
        if (lagWarning != null) {
            Require.atLeast("--lag-warning", lagWarning, 0);
        }
        if (lagCritical != null) {
            Require.atLeast("--lag-critical", lagCritical, 0);
        }
        expectedBrokers.forEach(id -> Require.atLeast("--expected-brokers", id, 0));
        CheckSettings thresholds = file.checks().withLag(lagWarning, lagCritical);
        var options = new VerifyOptions(Set.copyOf(file.expectedBrokers(expectedBrokers)), canaryTopic, thresholds,
                file.certificates());
        try (var kafka = KafkaConnection.open(file.connection(connection))) {
            List<VerifyCheck> checks = new VerifyService(kafka, Clock.systemUTC()).verify(options);
            VerifyCheck.Status worst = VerifyService.worst(checks);
            var out = spec.commandLine().getOut();
            if (output == Output.json) {
                Map<String, Object> m = new LinkedHashMap<>();
                m.put("status", worst);
                m.put("checks", checks);
                Output.printJson(out, m);
            } else {
                Table t = new Table("STATUS", "CHECK", "EVIDENCE");
                checks.forEach(c -> t.row(c.status(), c.name(), c.evidence()));
                t.print(out, "");
                // a check that is not PASS shows why: e.g. each request that failed, with the ACL it needs
                checks.stream().filter(c -> c.status() != VerifyCheck.Status.PASS)
                        .forEach(c -> c.details().forEach(d -> out.println("  " + c.name() + ": " + RecordText.escape(d))));
                out.println("Verify: " + worst);
            }
            return worst.exitCode();
        }
    }
}
