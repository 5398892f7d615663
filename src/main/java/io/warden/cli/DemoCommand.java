package io.warden.cli;

import io.warden.WardenException;
import io.warden.config.WardenConfig;
import io.warden.daemon.WatchRunner;
import io.warden.embedded.DemoWorkload;
import io.warden.embedded.EmbeddedKafka;
import java.time.Clock;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import java.util.concurrent.Callable;
import java.util.concurrent.TimeUnit;
import picocli.CommandLine.Command;
import picocli.CommandLine.Model.CommandSpec;
import picocli.CommandLine.Option;
import picocli.CommandLine.Spec;

@Command(name = "demo", mixinStandardHelpOptions = true, sortOptions = false,
        description = {"Watch a real embedded 3-broker Kafka with live traffic and a broker failure.",
            "Starts Kafka (KRaft) in this process, creates topics (one a DLQ), runs a producer, a consumer",
            "group that keeps up and one that falls behind, and watches it all. Midway one broker is stopped",
            "and started again. Ctrl-C stops everything and removes the data."},
        footerHeading = "%nExamples:%n",
        footer = {"  ./warden demo", "  ./warden demo --duration 2m --interval 5s"})
final class DemoCommand implements Callable<Integer> {

    @Spec
    CommandSpec spec;

    @Option(names = "--brokers", defaultValue = "3", description = "Brokers to start (default: ${DEFAULT-VALUE}).")
    int brokers;

    @Option(names = "--interval", defaultValue = "5s", converter = DurationConverter.class,
            description = "Time between watch cycles (default: ${DEFAULT-VALUE}).")
    Duration interval;

    @Option(names = "--duration", converter = DurationConverter.class,
            description = "Stop by itself after this long (default: run until Ctrl-C).")
    Duration duration;

    @Option(names = "--http-port", defaultValue = "0", description = "Port for the console, /metrics and /health (default: a free one).")
    int httpPort;

    @Option(names = "--no-failure", negatable = false, description = "Do not stop a broker midway.")
    boolean noFailure;

    @Override
    public Integer call() throws Exception {
        Require.atLeast("--brokers", brokers, 1);
        Require.port("--http-port", httpPort);
        if (interval.isZero() || duration != null && duration.isZero()) {
            throw new WardenException(WardenException.USAGE, "--interval and --duration must be longer than 0s");
        }
        var out = spec.commandLine().getOut();
        out.printf("Starting a %d-broker Kafka %s (KRaft) ...%n", brokers, org.apache.kafka.common.utils.AppInfoParser.getVersion());
        out.flush();
        var scenario = new java.util.concurrent.ScheduledThreadPoolExecutor(1, r -> {
            Thread t = new Thread(r, "demo-scenario");
            t.setDaemon(true);
            return t;
        });
        scenario.setExecuteExistingDelayedTasksAfterShutdownPolicy(false);
        try (var signal = new ShutdownSignal(Duration.ofSeconds(60))) {
            run(out, signal, scenario);
            out.println("Stopped; the demo's Kafka data was removed.");
            out.flush();
        } finally {
            scenario.shutdownNow();
        }
        return 0;
    }

    private void run(java.io.PrintWriter out, ShutdownSignal signal, java.util.concurrent.ScheduledExecutorService scenario)
            throws Exception {
        try (var kafka = EmbeddedKafka.start(brokers, Map.of());
             var workload = new DemoWorkload(kafka.bootstrapServers())) {
            out.printf("Kafka is up at %s (brokers %s); data in %s%n", kafka.bootstrapServers(), kafka.brokerIds(), kafka.dataDir());
            workload.createTopics(Math.min(3, brokers));
            workload.start(200);
            out.println("Topics orders, payments, orders.dlq; producing ~200 msg/s; groups billing (keeps up), analytics (falls behind), share group payments-queue");
            var config = WardenConfig.defaults()
                    .withCluster(new WardenConfig.ClusterConfig("demo", kafka.bootstrapServers(), null, null, null))
                    .withWatch(new WardenConfig.WatchConfig(interval, Duration.ofSeconds(5), interval.multipliedBy(6)))
                    // low lag thresholds so the falling-behind group is flagged within a minute
                    .withChecks(new WardenConfig.ChecksConfig(new WardenConfig.Thresholds(2_000.0, 50_000.0),
                            null, null, null, null, null, null, null))
                    // the demo's API is open on loopback; a real config sets http.auth.tokens
                    .withHttp(new WardenConfig.HttpConfig("127.0.0.1", httpPort,
                            new WardenConfig.AuthConfig(false, null, null), null))
                    .withAudit(new WardenConfig.AuditConfig(kafka.dataDir().resolve("warden-audit.jsonl").toString(), null, null))
                    // leadership left on other replicas by the broker restart alerts at once, not after 10 minutes
                    .withAlerts(new WardenConfig.AlertsConfig(List.of(new WardenConfig.RuleConfig("leaders-now", "preferred-leader",
                            null, null, null, null, null, null, null, null, null, null)), null,
                            kafka.dataDir().resolve("silences.json").toString()))
                    .withHeal(demoHealing(kafka.dataDir().toString()));
            try (var runner = new WatchRunner(config, out, Clock.systemUTC())) {
                runner.start(); // binds the HTTP port first, so the line below names the real one
                out.printf("Console: http://127.0.0.1:%d/ (open it in a browser; no login on the demo's loopback)%n",
                        runner.httpPort());
                out.printf("Watching every %ds; metrics on http://127.0.0.1:%d/metrics, health on /health. Ctrl-C to stop.%n%n",
                        interval.toSeconds(), runner.httpPort());
                out.flush();
                if (!noFailure && brokers > 1) {
                    int victim = kafka.brokerIds().get(kafka.brokerIds().size() - 1);
                    long after = interval.multipliedBy(4).toMillis();
                    scenario.schedule(() -> {
                        out.printf("%n>>> demo: stopping broker %d to show failure detection%n", victim);
                        out.flush();
                        kafka.stopBroker(victim);
                    }, after, TimeUnit.MILLISECONDS);
                    scenario.schedule(() -> {
                        out.printf("%n>>> demo: starting broker %d again%n", victim);
                        out.flush();
                        kafka.startBroker(victim);
                    }, after * 2, TimeUnit.MILLISECONDS);
                }
                signal.await(duration);
                // a broker the scenario is starting finishes starting: interrupted, it would fail half-way with
                // Kafka's stack traces; steps not yet due are dropped
                scenario.shutdown();
                if (!scenario.awaitTermination(60, TimeUnit.SECONDS)) {
                    scenario.shutdownNow();
                }
            }
            out.printf("%nStopped watching; stopping the workload (%,d records produced) and Kafka ...%n",
                    workload.produced());
            out.flush();
        }
    }

    /**
     * Two playbooks: the stopped broker gets a dry-run restart (the demo's brokers live in this
     * process, so there is nothing to run), and leadership left on other replicas after the
     * broker returns is moved back for real by a preferred leader election.
     */
    private WardenConfig.HealConfig demoHealing(String stateDir) {
        var restart = new WardenConfig.PlaybookConfig("restart-stopped-broker", "broker-down", null, "dry-run", null,
                List.of(new WardenConfig.StepConfig("restart-broker", List.of("systemctl", "restart", "kafka"), null, null, null,
                        null, null, null)));
        var leaders = new WardenConfig.PlaybookConfig("rebalance-leaders", "preferred-leader", null, "on", null,
                List.of(new WardenConfig.StepConfig("elect-preferred-leaders", null, null, null, null, null, null, null)));
        return new WardenConfig.HealConfig(null, stateDir, interval, null, null, null, null, List.of(restart, leaders));
    }
}
