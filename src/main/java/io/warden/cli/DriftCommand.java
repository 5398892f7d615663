package io.warden.cli;

import io.warden.OutputFiles;
import io.warden.kafka.KafkaConnection;
import io.warden.protect.drift.ClusterMetadata;
import io.warden.protect.drift.DriftChange;
import io.warden.protect.drift.DriftReport;
import io.warden.protect.drift.DriftService;
import io.warden.protect.drift.MetadataFile;
import io.warden.protect.drift.MetadataReader;
import java.nio.file.Path;
import java.time.Clock;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.concurrent.Callable;
import picocli.CommandLine.Command;
import picocli.CommandLine.Mixin;
import picocli.CommandLine.Model.CommandSpec;
import picocli.CommandLine.Option;
import picocli.CommandLine.Spec;

@Command(name = "drift", mixinStandardHelpOptions = true,
        description = "Save a baseline of the cluster's metadata (topics, broker configs, ACLs) and show what changed since.",
        subcommands = {DriftCommand.Snapshot.class, DriftCommand.Diff.class},
        footerHeading = "%nExamples:%n",
        footer = {"  warden drift snapshot -b kafka1:9092 --to baseline.json",
            "  warden drift diff -b kafka1:9092 --baseline baseline.json     # exit 1 when drifted"})
final class DriftCommand {

    @Command(name = "snapshot", mixinStandardHelpOptions = true,
            description = "Write the cluster's topics (partitions, RF, config overrides), broker configs and ACLs to a JSON file.")
    static final class Snapshot implements Callable<Integer> {
        @Spec
        CommandSpec spec;

        @Mixin
        ConnectionOptions connection;

        @Option(names = "--to", required = true, paramLabel = "FILE", description = "The baseline file to write.")
        Path to;

        @Override
        public Integer call() {
            OutputFiles.requireWritable(to, "--to"); // before connecting: a wrong --to is not an unreachable cluster
            try (var kafka = KafkaConnection.open(connection.settings())) {
                ClusterMetadata m = new DriftService(new MetadataReader(kafka), Clock.systemUTC()).snapshot(to);
                spec.commandLine().getOut().println("Saved " + m.topics().size() + " topics, " + m.brokers().size()
                        + " brokers, " + (m.acls() == null ? m.aclsUnavailable() : m.acls().size() + " ACLs") + " to " + to);
                return 0;
            }
        }
    }

    @Command(name = "diff", mixinStandardHelpOptions = true,
            description = {"What changed since a baseline: topics added or removed, partitions, config keys added, "
                + "removed or changed (old -> new), broker configs, ACLs.",
                "", "Exit code: 0 no drift, 1 drift."})
    static final class Diff implements Callable<Integer> {
        @Spec
        CommandSpec spec;

        @Mixin
        ConnectionOptions connection;

        @Option(names = "--baseline", required = true, paramLabel = "FILE", description = "A file written by drift snapshot.")
        Path baseline;

        @Option(names = {"-o", "--output"}, defaultValue = "table", description = "table or json (default: ${DEFAULT-VALUE}).")
        Output output;

        @Override
        public Integer call() {
            ClusterMetadata before = MetadataFile.readSnapshot(baseline); // before connecting: a bad baseline needs no cluster
            try (var kafka = KafkaConnection.open(connection.settings())) {
                DriftReport r = new DriftService(new MetadataReader(kafka), Clock.systemUTC()).diff(before);
                var out = spec.commandLine().getOut();
                if (output == Output.json) {
                    Map<String, Object> m = new LinkedHashMap<>();
                    m.put("baselineAt", r.baselineAt());
                    m.put("now", r.now());
                    m.put("drifted", r.drifted());
                    m.put("changes", r.changes());
                    Output.printJson(out, m);
                } else if (!r.drifted()) {
                    out.println("No drift since " + r.baselineAt() + ".");
                } else {
                    out.println(r.changes().size() + " changes since " + r.baselineAt() + ":");
                    r.changes().stream().map(DriftChange::summary).forEach(s -> out.println("  " + s));
                }
                return r.exitCode();
            }
        }
    }
}
