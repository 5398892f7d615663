package io.warden.cli;

import io.warden.kafka.KafkaConnection;
import io.warden.comply.SecurityStatus;
import java.time.Clock;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.Callable;
import picocli.CommandLine.Command;
import picocli.CommandLine.Mixin;
import picocli.CommandLine.Model.CommandSpec;
import picocli.CommandLine.Option;
import picocli.CommandLine.Spec;

@Command(name = "status", mixinStandardHelpOptions = true, sortOptions = false,
        description = {"Cluster health at a glance, in one screen.",
            "Brokers (up/down, disk), controller and KRaft quorum, partitions by state, consumer groups by",
            "status and lag, the certificates of the TLS listeners (days left: warning below 30, critical below 7),",
            "and every problem found. Exits with the Nagios code of the worst finding.",
            "The quorum's voters and observers show the columns of kafka-metadata-quorum describe --replication",
            "(NodeId, LogEndOffset, Lag, LastFetchTimestamp, LastCaughtUpTimestamp, Status); a voter not caught",
            "up within 30s does not count toward the majority.",
            "With --config it judges with the file's checks: thresholds (lag, disk, DLQ, quorum catch-up,",
            "certificates), as 'warden watch' does, on the file's cluster (its expected-brokers too)."},
        footerHeading = "%nExamples:%n",
        footer = {"  warden status --bootstrap-server localhost:9092",
            "  warden status -b kafka1:9092 --expect-brokers 1,2,3 --output json",
            "  warden status --config /etc/warden/warden.yaml"})
final class StatusCommand implements Callable<Integer> {

    @Spec
    CommandSpec spec;

    @Mixin
    ConnectionOptions connection;

    @Mixin
    ThresholdConfigOptions file;

    @Option(names = "--expect-brokers", split = ",", paramLabel = "ID",
            description = "Broker ids that must be up, e.g. 1,2,3 (brokers named as replicas are always expected).")
    List<Integer> expectBrokers = List.of();

    @Option(names = {"-o", "--output"}, defaultValue = "table", description = "table or json (default: ${DEFAULT-VALUE}).")
    Output output;

    private static Map<String, Object> summary(io.warden.watch.GroupLag g) {
        Map<String, Object> m = new LinkedHashMap<>();
        m.put("group", g.group());
        m.put("type", g.type());
        m.put("state", g.state());
        m.put("members", g.members());
        m.put("status", g.status());
        m.put("lag", g.totalLag());
        m.put("maxLagSeconds", g.maxLagSeconds());
        if (g.problem() != null) {
            m.put("problem", g.problem());
        }
        return m;
    }

    @Override
    public Integer call() {
        expectBrokers.forEach(id -> Require.atLeast("--expect-brokers", id, 0));
        var expected = java.util.Set.copyOf(file.expectedBrokers(expectBrokers));
        var checks = file.checks();
        var certificates = file.certificates();
        try (var kafka = KafkaConnection.open(file.connection(connection))) {
            var result = SecurityStatus.service(kafka, checks, certificates, Clock.systemUTC()).status(expected);
            var out = spec.commandLine().getOut();
            if (output == Output.json) {
                var snapshot = result.history().latest();
                Map<String, Object> json = new LinkedHashMap<>();
                json.put("takenAt", snapshot.takenAt());
                json.put("severity", result.worst());
                json.put("cluster", snapshot.cluster());
                json.put("quorum", result.quorum());
                json.put("missingBrokers", snapshot.cluster().missingBrokerIds());
                json.put("partitions", StatusView.partitionCounts(snapshot));
                json.put("groups", result.lags().stream().map(StatusCommand::summary).toList());
                json.put("certificates", StatusView.certificates(snapshot));
                json.put("findings", result.findings());
                json.put("failures", snapshot.failures());
                Output.printJson(out, json);
            } else {
                StatusView.print(out, result);
            }
            return result.worst().exitCode();
        }
    }
}
