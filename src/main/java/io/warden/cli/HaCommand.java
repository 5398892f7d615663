package io.warden.cli;

import io.warden.WardenException;
import io.warden.config.WardenConfig;
import io.warden.daemon.ClusterWatch;
import io.warden.daemon.ha.FleetStatus;
import io.warden.daemon.ha.FleetStatusService;
import io.warden.daemon.ha.HaLayout;
import io.warden.kafka.KafkaConnection;
import java.nio.file.Path;
import java.time.Duration;
import java.time.Instant;
import java.util.concurrent.Callable;
import org.apache.kafka.clients.admin.Admin;
import picocli.CommandLine.Command;
import picocli.CommandLine.Option;
import picocli.CommandLine.Spec;
import picocli.CommandLine.Model.CommandSpec;

@Command(name = "ha", mixinStandardHelpOptions = true,
        description = "High availability: the Warden instances that share the watched clusters (ha: in warden.yaml).",
        subcommands = {HaCommand.Status.class},
        footerHeading = "%nExamples:%n",
        footer = {"  warden ha status --config /etc/warden/warden.yaml",
            "  warden ha status --config /etc/warden/warden.yaml --output json"})
final class HaCommand {

    /**
     * The fleet's silences and healing pause switch, read to the end, when {@code cfg} has an
     * {@code ha:} section; null when this Warden watches alone and keeps them in files.
     */
    static io.warden.daemon.ha.SharedState shared(WardenConfig cfg) {
        if (!cfg.ha().enabled() || cfg.ha().home() == null) {
            return null;
        }
        return new io.warden.daemon.ha.SharedState(ClusterWatch.connection(cfg.ha().home(), cfg.watch().timeout()),
                HaLayout.of(cfg), java.time.Clock.systemUTC()).open(false);
    }

    @Command(name = "status", mixinStandardHelpOptions = true,
            description = "The fleet's members, which instance owns which cluster, when each cluster's state was last "
                    + "written and by whom, and the records after that write (writes refused or open).",
            footerHeading = "%nExit codes:%n",
            footer = {"  0 every cluster has an owner, 1 the group is rebalancing, 2 a cluster has no owner (nobody watches it)",
                "  or members watch other clusters than FILE lists,",
                "  69 the home cluster does not answer, 78 no ha: section."})
    static final class Status implements Callable<Integer> {
        @Spec
        CommandSpec spec;

        @Option(names = "--config", required = true, paramLabel = "FILE", description = "warden.yaml with the ha: section.")
        Path config;

        @Option(names = {"-o", "--output"}, defaultValue = "table", description = "table or json (default: ${DEFAULT-VALUE}).")
        Output output;

        @Override
        public Integer call() {
            WardenConfig cfg = ConfigOption.load(config);
            if (!cfg.ha().enabled() || cfg.ha().home() == null) {
                throw new WardenException(WardenException.CONFIG, config + ": no ha.group and ha.home: this Warden watches "
                        + "alone; add an ha: section (see deploy/warden.example.yaml) to share clusters between instances");
            }
            HaLayout layout = HaLayout.of(cfg);
            Duration timeout = cfg.watch().timeout();
            FleetStatus status;
            var settings = ClusterWatch.connection(cfg.ha().home(), timeout);
            try (Admin home = KafkaConnection.create(settings)) {
                status = new FleetStatusService().status(layout, settings, home, timeout);
            }
            var out = spec.commandLine().getOut();
            if (output == Output.json) {
                Output.printJson(out, status);
                return status.exitCode();
            }
            out.printf("Fleet %s on %s: group %s, %d member(s)%n", status.group(), status.stateTopic(), status.groupState(),
                    status.members().size());
            Table members = new Table("INSTANCE", "HOST", "OWNS");
            status.members().forEach(m -> members.row(io.warden.kafka.RecordText.escape(m.instance()), io.warden.kafka.RecordText.escape(m.host()), m.clusters().isEmpty() ? "(standby)"
                    : String.join(", ", m.clusters())));
            if (!status.members().isEmpty()) {
                members.print(out, "");
            }
            Table clusters = new Table("CLUSTER", "PARTITION", "OWNER", "LAST WRITE", "BY", "LAG");
            Instant now = java.time.Clock.systemUTC().instant();
            status.clusters().forEach(c -> clusters.row(c.cluster(), c.partition(), c.owner() == null ? "NONE" : io.warden.kafka.RecordText.escape(c.owner()),
                    c.lastWrite() == null ? "-" : c.lastWrite() + " (" + Duration.between(c.lastWrite(), now).toSeconds() + "s ago)",
                    c.lastWriter() == null ? "-" : io.warden.kafka.RecordText.escape(c.lastWriter()), c.lag() == null ? "?" : c.lag()));
            clusters.print(out, "");
            if (!status.differing().isEmpty()) {
                out.printf("%nCluster lists differ from %s (%s): %s; give every instance the same clusters%n", config,
                        String.join(", ", layout.clusters()), String.join("; ", status.differing()));
            }
            out.flush();
            return status.exitCode();
        }
    }
}
