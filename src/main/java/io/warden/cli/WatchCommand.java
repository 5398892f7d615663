package io.warden.cli;

import io.warden.WardenException;
import io.warden.config.ConfigLoader;
import io.warden.config.WardenConfig;
import io.warden.kafka.ConnectionSettings;
import java.nio.file.Path;
import java.time.Clock;
import java.time.Duration;
import java.util.HashMap;
import java.util.Map;
import java.util.concurrent.Callable;
import picocli.CommandLine.Command;
import picocli.CommandLine.Mixin;
import picocli.CommandLine.Model.CommandSpec;
import picocli.CommandLine.Option;
import picocli.CommandLine.Spec;

@Command(name = "watch", mixinStandardHelpOptions = true, sortOptions = false,
        description = {"Run the watch daemon: check the cluster every interval, serve /metrics and /health.",
            "Each cycle collects one snapshot, runs every check and prints what was raised and resolved.",
            "Command-line options override the config file."},
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
        WardenConfig cfg = config == null ? WardenConfig.defaults() : ConfigLoader.fromSystemEnvironment().load(config);
        cfg = override(cfg);
        LogSetup.apply(cfg.logging());
        ConnectionSettings settings = settings(cfg);
        var out = spec.commandLine().getOut();
        if (once) {
            cfg = cfg.withHttp(new WardenConfig.HttpConfig(null, -1));
            try (var runner = new WatchRunner(cfg, settings, out, Clock.systemUTC(), dryRun)) {
                var result = runner.runOnce();
                StatusView.printFindings(out, result);
                return result.worst().exitCode();
            }
        }
        // the hook holds the JVM a little longer than the runner's own budget, so the budget decides
        try (var signal = new ShutdownSignal(cfg.watch().shutdownTimeout().plusSeconds(5));
             var runner = new WatchRunner(cfg, settings, out, Clock.systemUTC(), dryRun)) {
            out.printf("Watching %s every %ds%s (Ctrl-C to stop)%n", settings.bootstrapServers(),
                    cfg.watch().interval().toSeconds(),
                    runner.httpPort() < 0 ? "" : "; metrics on " + (cfg.http().tls() == null ? "http" : "https")
                            + "://localhost:" + runner.httpPort() + "/metrics");
            out.flush();
            runner.start();
            signal.await(null);
        }
        return 0;
    }

    private WardenConfig override(WardenConfig cfg) {
        var cluster = cfg.cluster();
        if (connection.bootstrapServer != null) {
            cluster = new WardenConfig.ClusterConfig(cluster.name(), connection.bootstrapServer, cluster.commandConfig(),
                    cluster.client(), cluster.expectedBrokers());
        }
        var watch = new WardenConfig.WatchConfig(interval == null ? cfg.watch().interval() : interval,
                connection.timeout == null ? cfg.watch().timeout() : connection.timeout, cfg.watch().window(),
                cfg.watch().shutdownTimeout());
        var http = httpPort == null ? cfg.http()
                : new WardenConfig.HttpConfig(cfg.http().host(), httpPort, cfg.http().auth(), cfg.http().tls());
        return cfg.withCluster(cluster).withWatch(watch).withHttp(http);
    }

    private ConnectionSettings settings(WardenConfig cfg) {
        var cluster = cfg.cluster();
        String bootstrap = cluster.bootstrapServers() != null ? cluster.bootstrapServers() : connection.settings().bootstrapServers();
        Map<String, String> props = new HashMap<>();
        Path file = connection.commandConfig != null ? connection.commandConfig
                : cluster.commandConfig() == null ? null : Path.of(cluster.commandConfig());
        if (file != null) {
            props.putAll(ConnectionSettings.of(bootstrap, file, cfg.watch().timeout()).clientProperties());
        }
        props.putAll(cluster.client());
        if (cfg.watch().interval().isZero()) {
            throw new WardenException(WardenException.CONFIG, "watch.interval must be longer than 0s");
        }
        return new ConnectionSettings(bootstrap, props, cfg.watch().timeout());
    }
}
