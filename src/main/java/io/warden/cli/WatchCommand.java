package io.warden.cli;

import io.warden.InputFiles;
import io.warden.WardenException;
import io.warden.config.ConfigLoader;
import io.warden.config.LoadedConfig;
import io.warden.config.WardenConfig;
import io.warden.daemon.ClusterWatch;
import io.warden.daemon.DaemonParts;
import io.warden.daemon.WatchRunner;
import io.warden.watch.Severity;
import java.nio.file.Path;
import java.time.Clock;
import java.time.Duration;
import java.util.concurrent.Callable;
import picocli.CommandLine.Command;
import picocli.CommandLine.Mixin;
import picocli.CommandLine.Model.CommandSpec;
import picocli.CommandLine.Option;
import picocli.CommandLine.Spec;

@Command(name = "watch", mixinStandardHelpOptions = true, sortOptions = false,
        description = {"Run the watch daemon: check every configured cluster each interval.",
            "Serves /metrics, /health, the API and the web console at / (log in with an API token); alerts, notifies "
                + "and heals as configured.",
            "/health (and /health/ready) is 503 while any cluster does not answer; /health/live is 503 only "
                + "when Warden's own loops stall: restart on that one.",
            "Each cycle collects one snapshot, runs every check and prints what was raised and resolved.",
            "Command-line options override the config file.",
            "Before anything starts it checks what 'config validate' checks, and refuses to start on any problem: "
                + "exit 78, or 73 when its audit trail, silences, healing state or log file cannot be written."},
        footerHeading = "%nExamples:%n",
        footer = {"  warden watch --bootstrap-server localhost:9092",
            "  warden watch --config /etc/warden/warden.yaml",
            "  warden watch -b localhost:9092 --once      # one cycle, exit with the Nagios code of the worst finding",
            "  warden watch --config warden.yaml --dry-run  # evaluate rules, print what would be sent"})
final class WatchCommand implements Callable<Integer> {

    @Spec
    CommandSpec spec;

    @Mixin
    ConnectionOptions connection;

    @Option(names = "--config", paramLabel = "FILE", description = "warden.yaml (see deploy/warden.example.yaml).")
    Path config;

    @Option(names = "--interval", paramLabel = "DURATION", converter = DurationConverter.class,
            description = "Time between cycles (default 30s).")
    Duration interval;

    @Option(names = "--http-port", paramLabel = "PORT", description = "Port for /metrics and /health (default 9308; 0 picks one; -1 turns it off).")
    Integer httpPort;

    @Option(names = "--once", description = "Run one cycle, print every finding, exit with the worst finding's Nagios code.")
    boolean once;

    @Option(names = "--dry-run", description = "Evaluate and print what would be notified; send nothing.")
    boolean dryRun;

    @Override
    public Integer call() throws InterruptedException {
        LoadedConfig loaded = config == null ? LoadedConfig.of(WardenConfig.defaults()) : ConfigLoader.fromSystemEnvironment().read(config);
        WardenConfig cfg = override(loaded.config());
        // every part is built and checked before anything starts, exactly as 'config validate' does
        DaemonParts parts = DaemonParts.build(loaded, cfg, true);
        LogSetup.apply(cfg.logging());
        var out = spec.commandLine().getOut();
        if (once) {
            // one look is a check, not a watch: no HTTP endpoint, nothing healed
            try (var runner = new WatchRunner(parts, out, Clock.systemUTC(), dryRun, true)) {
                var results = runner.runOnce();
                Severity worst = Severity.OK;
                for (var e : results.entrySet()) {
                    if (results.size() > 1) {
                        out.printf("%n== %s ==%n", e.getKey());
                    }
                    StatusView.printFindings(out, e.getValue());
                    worst = worst.worst(e.getValue().worst());
                }
                return worst.exitCode();
            }
        }
        // the hook holds the JVM a little longer than the runner's own budget, so the budget decides
        try (var signal = new ShutdownSignal(cfg.watch().shutdownTimeout().plusSeconds(5));
             var runner = new WatchRunner(parts, out, Clock.systemUTC(), dryRun, false)) {
            runner.start(); // binds the HTTP port first, so the line below names the real one
            out.printf("Watching %s every %ds%s (Ctrl-C to stop)%n", watching(cfg),
                    cfg.watch().interval().toSeconds(),
                    runner.httpPort() < 0 ? "" : "; metrics on " + (cfg.http().tls() == null ? "http" : "https")
                            + "://localhost:" + runner.httpPort() + "/metrics");
            out.flush();
            if (runner.role() != null) {
                out.printf("Sharing them in fleet %s as instance %s: this instance watches the clusters the group gives it "
                        + "('warden ha status --config FILE' shows which)%n", runner.role().group(), runner.role().instance());
                out.flush();
            }
            signal.await(null);
        }
        return 0;
    }

    private static String watching(WardenConfig cfg) {
        if (cfg.watched().size() == 1) {
            return ClusterWatch.connection(cfg.watched().get(0), cfg.watch().timeout()).bootstrapServers();
        }
        return cfg.watched().size() + " clusters (" + cfg.watched().stream().map(c -> c.name() + " at " + c.bootstrapServers())
                .collect(java.util.stream.Collectors.joining(", ")) + ")";
    }

    private WardenConfig override(WardenConfig cfg) {
        if (interval != null && (interval.isZero() || interval.isNegative())) {
            throw new WardenException(WardenException.USAGE, "--interval must be longer than 0s");
        }
        Require.port("--http-port", httpPort);
        var watch = new WardenConfig.WatchConfig(interval == null ? cfg.watch().interval() : interval,
                connection.timeout == null ? cfg.watch().timeout() : connection.timeout, cfg.watch().window(),
                cfg.watch().shutdownTimeout());
        var http = httpPort == null ? cfg.http()
                : new WardenConfig.HttpConfig(cfg.http().host(), httpPort, cfg.http().auth(), cfg.http().tls());
        cfg = cfg.withWatch(watch).withHttp(http);
        if (connection.commandConfig != null) {
            InputFiles.readText(connection.commandConfig, "--command-config", InputFiles.SMALL); // named here: 66 or 65, not the config's 78
        }
        if (connection.bootstrapServer == null && connection.commandConfig == null) {
            return cfg;
        }
        if (cfg.watched().size() > 1) {
            throw new WardenException(WardenException.USAGE, "--bootstrap-server and --command-config name one cluster, but "
                    + config + " lists " + cfg.watched().size() + "; set each cluster's bootstrap-servers and command-config "
                    + "in the file instead");
        }
        var c = cfg.cluster();
        return cfg.withCluster(new WardenConfig.ClusterConfig(c.name(),
                connection.bootstrapServer != null ? connection.bootstrapServer : c.bootstrapServers(),
                connection.commandConfig != null ? connection.commandConfig.toString() : c.commandConfig(),
                c.client(), c.expectedBrokers(), c.connect(), c.schemaRegistry()));
    }
}
