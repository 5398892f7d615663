package io.warden.daemon;

import io.warden.Lifecycle;
import io.warden.alert.Alert;
import io.warden.alert.AlertRule;
import io.warden.alert.Alerter;
import io.warden.alert.Silence;
import io.warden.audit.AuditEvent;
import io.warden.audit.AuditTrail;
import io.warden.comply.CertificateCheck;
import io.warden.comply.CertificatePolicy;
import io.warden.comply.ListenerCheck;
import io.warden.comply.SecurityProbe;
import io.warden.comply.SecurityWatch;
import io.warden.config.WardenConfig.ClusterConfig;
import io.warden.config.WardenConfig;
import io.warden.connect.ConnectClient;
import io.warden.dr.DrPair;
import io.warden.dr.ReplicationCheck;
import io.warden.dr.ReplicationService;
import io.warden.dr.ReplicationStatus;
import io.warden.heal.HealListener;
import io.warden.heal.HealPause;
import io.warden.heal.HealPolicy;
import io.warden.heal.HealStateStore;
import io.warden.heal.Healer;
import io.warden.heal.Playbook;
import io.warden.kafka.ClusterProbe;
import io.warden.kafka.ConnectionSettings;
import io.warden.kafka.DeferredAdmin;
import io.warden.kafka.Futures;
import io.warden.kafka.ProbeScope;
import io.warden.kafka.RecordText;
import io.warden.notify.Dispatcher;
import io.warden.server.ClusterMetrics;
import io.warden.snapshot.Snapshot;
import io.warden.snapshot.SnapshotHistory;
import io.warden.watch.CheckSettings;
import io.warden.watch.Checks;
import io.warden.watch.CycleResult;
import io.warden.watch.LagEvaluator;
import io.warden.watch.Monitor;
import io.warden.watch.WatchLoop;
import java.io.PrintWriter;
import java.nio.file.Path;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.time.ZoneId;
import java.time.format.DateTimeFormatter;
import java.util.HashMap;
import java.util.HashSet;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import java.util.function.Supplier;
import org.apache.kafka.clients.admin.Admin;

/**
 * The watch of one cluster inside the daemon: its Kafka client, monitor, alert lifecycle and loop
 * thread. What the daemon's clusters share (dispatcher, audit trail, silences, metrics registry,
 * HTTP endpoint) is handed in by {@link WatchRunner}, which owns it. {@link #start()} starts the
 * healer, then the loop that feeds it; {@link #close(Duration)} stops them in reverse order, then
 * closes the cluster's clients.
 */
public final class ClusterWatch implements Lifecycle {

    private static final DateTimeFormatter TIME = DateTimeFormatter.ofPattern("HH:mm:ss").withZone(ZoneId.systemDefault());

    private final String name;
    private final DeferredAdmin clients;
    /** What {@code config.loaded} records when the watch starts. */
    private final Runnable loaded;
    private boolean opened;
    private final Alerter alerter;
    private final ClusterMetrics metrics;
    private final WatchLoop loop;
    private final Monitor monitor;
    private final Healer healer; // null when no playbook is configured
    private final ConnectClient connect; // null when no Connect is configured
    private final WatchSummaryListener summary;
    private final DrPair dr; // null when the cluster has no dr: section
    private final ReplicationService replication; // null when the cluster has no dr: section
    private final ConnectionSettings connection;
    private final ClusterProbe probe;
    private final Clock clock;

    /**
     * @param prefix put before every line printed for this cluster ("" when it is the only one)
     */
    ClusterWatch(DaemonParts.ClusterParts parts, WardenConfig config, List<AlertRule> rules, Supplier<List<Silence>> silences,
                 ClusterMetrics metrics, Dispatcher dispatcher, AuditTrail audit, PrintWriter out, String prefix,
                 Clock clock, boolean dryRun) {
        this(parts, config, rules, silences, metrics, dispatcher, audit, out, prefix, clock, dryRun, null);
    }

    /**
     * What a cluster's watch shares with the fleet when instances share the clusters: the lease
     * of this instance on it (what the previous owner kept, and the fenced way to keep more), the
     * fleet's healing pause switch, and the snapshots of this instance's previous watch of the
     * cluster to continue from (null for none).
     */
    record Fleet(io.warden.daemon.ha.ClusterLease lease, Supplier<String> pause, SnapshotHistory earlier) {
    }

    /** @param fleet null when this instance watches its clusters alone */
    ClusterWatch(DaemonParts.ClusterParts parts, WardenConfig config, List<AlertRule> rules, Supplier<List<Silence>> silences,
                 ClusterMetrics metrics, Dispatcher dispatcher, AuditTrail audit, PrintWriter out, String prefix,
                 Clock clock, boolean dryRun, Fleet fleet) {
        var watch = config.watch();
        ClusterConfig cluster = parts.config();
        this.name = cluster.name();
        this.metrics = metrics;
        this.clock = clock;
        this.alerter = new Alerter(name, rules, silences);
        if (fleet != null) {
            alerter.restore(fleet.lease().restoredAlerts());
        }
        ConnectionSettings connection = parts.connection();
        Map<String, Object> settings = Map.of("notifiers", dispatcher.channels(), "rules", config.alerts().rules().size(),
                "defaultRules", config.alerts().defaults(), "interval", watch.interval().toString(), "dryRun", dryRun);
        this.loaded = () -> audit.append(new AuditEvent(clock.instant(), "config.loaded", name, connection.bootstrapServers(),
                settings));
        CheckSettings checks = CheckSettings.of(config);
        this.clients = parts.admin();
        Admin admin = clients.client();
        ClusterProbe probe = new ClusterProbe(admin, watch.timeout(), clock, io.warden.kafka.AccessAdvice.of(connection));
        this.connection = connection;
        this.probe = probe;
        int capacity = (int) Math.max(30, watch.window().toMillis() / Math.max(1, watch.interval().toMillis()) + 2);
        LagEvaluator lag = new LagEvaluator(checks);
        this.connect = parts.connect();
        CertificatePolicy certificates = CertificatePolicy.of(config.checks().certificates());
        SecurityProbe securityProbe = new SecurityProbe(admin, connection, SecurityProbe.services(cluster), clock);
        SecurityWatch security = new SecurityWatch(securityProbe::read, certificates, clock);
        List<io.warden.watch.Check> all = new java.util.ArrayList<>(Checks.defaults(checks, lag));
        all.add(new CertificateCheck(certificates));
        all.add(new ListenerCheck());
        this.dr = parts.dr();
        this.replication = dr == null ? null : new ReplicationService();
        if (dr != null) {
            all.add(new ReplicationCheck());
        }
        Set<String> ownGroups = config.ha().enabled() ? Set.of(config.ha().group()) : Set.of();
        Monitor monitor = new Monitor(
                expected -> withReplication(security.attach(withConnect(probe.collect(ProbeScope.everything(expected))))),
                WithoutOwnGroups.of(all, ownGroups), lag, capacity, new HashSet<>(cluster.expectedBrokers()));
        if (fleet != null && fleet.earlier() != null) {
            monitor.continueFrom(fleet.earlier());
        }
        this.monitor = monitor;
        this.healer = parts.playbooks().isEmpty() ? null
                : healer(config.heal(), parts.playbooks(), dispatcher, audit, clock, dryRun, fleet);
        metrics.expectNotifications(dispatcher.channels());
        for (Playbook p : parts.playbooks()) {
            metrics.expectHealing(p.name(), p.steps().stream().filter(st -> !st.notifyOnly()).map(Playbook.Step::type)
                    .distinct().toList(), p.attemptOutcomes(dryRun));
        }
        this.summary = new WatchSummaryListener(name, audit, clock);
        this.loop = new WatchLoop(name, monitor, watch.interval(), List.<WatchLoop.Listener>of(new MetricsListener(metrics),
                new Printer(out, prefix), summary,
                new AlertingListener(name, alerter, dispatcher, audit, out, prefix, dryRun,
                        fleet == null ? null : fleet.lease()),
                (WatchLoop.Listener) (result, took) -> {
                    List<Alert> firing = alerter.firing();
                    metrics.recordFiringAlerts(firing.stream().map(Alert::severity).toList());
                    if (healer != null && (fleet == null || fleet.lease().held())) {
                        var now = result.history().latest().takenAt();
                        List<Silence> active = silences.get().stream().filter(s -> s.activeAt(now)).toList();
                        healer.onCycle(result.history().latest(), firing, firing.stream()
                                .filter(a -> active.stream().anyMatch(s -> s.matches(a))).map(Alert::key)
                                .collect(java.util.stream.Collectors.toSet()));
                    }
                }), clock);
    }

    private Healer healer(WardenConfig.HealConfig heal, List<Playbook> playbooks, Dispatcher dispatcher, AuditTrail audit,
                          Clock clock, boolean dryRun, Fleet fleet) {
        var limits = new HealPolicy.Limits(heal.cooldown(), heal.maxActionsPerHour(), heal.maxBrokersDown(),
                heal.maxBrokersDownPercent());
        Path dir = Path.of(heal.stateDir());
        var listener = new HealListener() {
            @Override
            public void attempt(String action, String outcome) {
                metrics.recordHealAttempt(action, outcome);
            }

            @Override
            public void escalation(String playbook) {
                metrics.recordEscalation(playbook);
            }

            @Override
            public void recovered(String playbook, Duration detectToRecover) {
                metrics.recordRecovery(playbook, detectToRecover);
            }

            @Override
            public void paused(boolean paused) {
                metrics.recordHealPaused(paused);
            }
        };
        HealStateStore store = fleet == null ? new HealStateStore(dir.resolve("heal-" + name + ".json"))
                : new HealStateStore(fleet.lease().healPlace());
        return new Healer(name, playbooks, new HealPolicy(limits), store, fleet == null ? new HealPause(dir)
                : new HealPause(fleet.pause()), audit, dispatcher::dispatch, listener, clock, dryRun);
    }

    public static ConnectClient connectClient(WardenConfig.RestServiceConfig c) {
        if (c == null || c.urls().isEmpty()) {
            return null;
        }
        return new ConnectClient(io.warden.connect.ConnectSettings.of(c.urls(), c.username(), c.password(), c.timeout()));
    }

    /** The Connect cluster is asked in the same cycle, so its findings share the snapshot's instant. */
    private Snapshot withConnect(Snapshot snapshot) {
        if (connect == null) {
            return snapshot;
        }
        try {
            return snapshot.withConnect(connect.status());
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new IllegalStateException("interrupted while asking Kafka Connect", e);
        }
    }

    /** The DR pair's replication is read in the same cycle, so a stall shows between two consecutive snapshots. */
    private Snapshot withReplication(Snapshot snapshot) {
        if (replication == null) {
            return snapshot;
        }
        try {
            return snapshot.withReplication(replication.status(dr, clock));
        } catch (RuntimeException e) {
            // a reading that breaks is an unknown replication state, never a lost cycle
            return snapshot.withReplication(ReplicationStatus.unreadable(snapshot.takenAt(), dr.source().name(),
                    dr.target().name(), List.of("reading replication failed: " + Futures.describe(e))));
        }
    }

    /**
     * How to reach {@code cluster}: its bootstrap servers (else $WARDEN_BOOTSTRAP_SERVER, else
     * localhost:9092), the properties of its command-config file, then its inline client
     * properties, which win.
     */
    public static ConnectionSettings connection(ClusterConfig cluster, Duration timeout) {
        String bootstrap = cluster.bootstrapServers() != null ? cluster.bootstrapServers()
                : System.getenv().getOrDefault("WARDEN_BOOTSTRAP_SERVER", "localhost:9092");
        Map<String, String> props = new HashMap<>();
        if (cluster.commandConfig() != null) {
            props.putAll(ConnectionSettings.of(bootstrap, Path.of(cluster.commandConfig()), timeout).clientProperties());
        }
        props.putAll(cluster.client());
        return new ConnectionSettings(bootstrap, props, timeout);
    }

    String name() {
        return name;
    }

    Alerter alerter() {
        return alerter;
    }

    ClusterMetrics metrics() {
        return metrics;
    }

    /** How to reach the cluster, for a read beside the watch (a DLQ's records). */
    ConnectionSettings connection() {
        return connection;
    }

    /** The watch's own probe, over its Admin client: usable while the watch runs, from any thread. */
    ClusterProbe probe() {
        return probe;
    }

    /** The snapshots this watch holds; read once its loop has stopped. */
    SnapshotHistory history() {
        return monitor.history();
    }

    /**
     * Makes the cluster's Kafka client and records the configuration this watch runs with, once:
     * before the first cycle, whether the watch runs ({@link #start()}) or looks once ({@link #runOnce()}).
     */
    private synchronized void open() {
        if (!opened) {
            clients.open();
            loaded.run();
            opened = true;
        }
    }

    @Override
    public ClusterWatch start() {
        open();
        if (healer != null) {
            healer.start();
        }
        loop.start();
        return this;
    }

    /** Why this cluster's loop or healer does not run, empty when both do. */
    @Override
    public Optional<String> stalled(Duration limit) {
        List<String> why = new java.util.ArrayList<>();
        loop.stalled(limit).ifPresent(w -> why.add("watch loop: " + w));
        if (healer != null) {
            healer.stalled(limit).ifPresent(w -> why.add("healer: " + w));
        }
        return why.isEmpty() ? Optional.empty() : Optional.of(String.join("; ", why));
    }

    /**
     * Stops the loop (its running cycle may finish), then healing, then closes the clients, all
     * within {@code timeout}.
     */
    @Override
    public boolean close(Duration timeout) {
        Instant deadline = clock.instant().plus(timeout);
        boolean clean = stop(timeout);
        clean &= stopHealing(remaining(deadline));
        closeClient(min(remaining(deadline), Duration.ofSeconds(5)));
        return clean;
    }

    private Duration remaining(Instant deadline) {
        Duration left = Duration.between(clock.instant(), deadline);
        return left.isNegative() ? Duration.ZERO : left;
    }

    private static Duration min(Duration a, Duration b) {
        return a.compareTo(b) <= 0 ? a : b;
    }

    CycleResult runOnce() {
        open();
        return loop.runOnce();
    }

    /**
     * Lets the running cycle finish within {@code wait}; no new one starts. Then the part-hour of
     * cycle timings is written, while the audit trail is still open (the runner closes it last).
     */
    boolean stop(Duration wait) {
        boolean clean = loop.close(wait);
        summary.close();
        return clean;
    }

    /**
     * Stops self-healing within {@code wait}: a running action is awaited, then stopped, and its
     * outcome recorded.
     */
    boolean stopHealing(Duration wait) {
        return healer == null || healer.close(wait);
    }

    void closeClient(Duration wait) {
        clients.close(wait);
        if (connect != null) {
            connect.close();
        }
        if (replication != null) {
            replication.close();
        }
    }

    private record MetricsListener(ClusterMetrics metrics) implements WatchLoop.Listener {
        @Override
        public void onCycle(CycleResult result, Duration took) {
            metrics.publish(result);
            metrics.recordProbeFailures(result.history().latest().failures().size());
            metrics.recordCycle(took, false);
        }

        @Override
        public void onCycleFailed(RuntimeException error, Duration took) {
            metrics.recordFailedCycle(took, String.valueOf(error.getMessage()));
        }
    }

    /** Prints one summary line per cycle; what changed follows from the alerting listener. */
    static final class Printer implements WatchLoop.Listener {
        private final PrintWriter out;
        private final String prefix;

        /** @param prefix put before each line, e.g. the cluster's name when the daemon watches several */
        Printer(PrintWriter out, String prefix) {
            this.out = out;
            this.prefix = prefix;
        }

        @Override
        public void onCycle(CycleResult result, Duration took) {
            var s = result.history().latest();
            long urp = s.partitions().stream().filter(p -> p.underReplicated()).count();
            long offline = s.partitions().stream().filter(p -> p.offline()).count();
            var worst = result.lags().stream().max(java.util.Comparator.comparingLong(g -> g.totalLag()));
            out.printf("%s%s cycle %d ms: brokers %d up %d down, partitions %d (%d offline, %d under-replicated), "
                            + "groups %d%s%s, findings %d%n",
                    prefix, TIME.format(s.takenAt()), took.toMillis(), s.cluster().brokers().size(),
                    s.cluster().missingBrokerIds().size(), s.partitions().size(), offline, urp, result.lags().size(),
                    worst.filter(g -> g.totalLag() > 0).map(g -> String.format(" (most behind: %s %,d msgs%s %s)", g.group(),
                            g.totalLag(), g.maxLagSeconds() == null ? "" : String.format(", %.0fs", g.maxLagSeconds()),
                            g.status())).orElse(""),
                    replication(s.replication()), result.findings().size());
            out.flush();
        }

        /** {@code ", dr lag 30 msgs, RPO critical BREACHED 95s/60s"}: the pair's lag and each tier's estimate. */
        private static String replication(ReplicationStatus r) {
            if (r == null) {
                return "";
            }
            if (!r.unreadable().isEmpty()) {
                return ", dr unreadable";
            }
            StringBuilder sb = new StringBuilder(String.format(", dr lag %,d msgs", r.topics().stream()
                    .mapToLong(ReplicationStatus.TopicReplication::lagRecords).sum()));
            r.tiers().forEach(t -> sb.append(String.format(", RPO %s %s %s/%.0fs", RecordText.escape(t.tier()),
                    t.state(), t.rpoSeconds() == null ? "?" : String.format("%.0fs", t.rpoSeconds()), t.targetSeconds())));
            return sb.toString();
        }

        @Override
        public void onCycleFailed(RuntimeException error, Duration took) {
            out.printf("%scycle failed after %d ms: %s%n", prefix, took.toMillis(), error.getMessage());
            out.flush();
        }
    }
}
