package io.warden.daemon;

import io.warden.Lifecycle;
import io.warden.alert.Silence;
import io.warden.alert.SilenceStore;
import io.warden.alert.Silences;
import io.warden.audit.AuditEvent;
import io.warden.audit.AuditTrail;
import io.warden.config.LoadedConfig;
import io.warden.config.WardenConfig;
import io.warden.notify.DeliveryResult;
import io.warden.notify.Dispatcher;
import io.warden.notify.Notification;
import io.warden.notify.Notifiers;
import io.warden.notify.RetrySettings;
import io.warden.server.ApiBackend;
import io.warden.server.ApiSettings;
import io.warden.server.ClusterFinding;
import io.warden.server.HealthStatus;
import io.warden.server.WardenMetrics;
import io.warden.server.WardenServer;
import io.warden.watch.CycleResult;
import java.io.PrintWriter;
import java.nio.file.Path;
import java.time.Clock;
import java.time.Duration;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/**
 * Assembles the watch daemon from a config: one {@link ClusterWatch} (Kafka client, monitor,
 * alerter, loop thread) per configured cluster, sharing one metrics registry, notification
 * dispatcher, audit trail, silence store and HTTP endpoint. Building it starts nothing;
 * {@link #start()} starts the dispatcher, the HTTP endpoint, then each cluster's watch, and
 * {@link #close(Duration)} stops them in reverse order. Shared by {@code warden watch} and
 * {@code warden demo}.
 */
public final class WatchRunner implements Lifecycle, AutoCloseable {

    /** As long as the healer waits for an interrupted action to end, so its outcome is recorded. */
    private static final Duration RECORD_GRACE = Duration.ofSeconds(10);

    private final WardenMetrics metrics;
    private final WardenServer server;
    /** The clusters watched now: all of them, or in a fleet those this instance owns (changed by the member's thread). */
    private final List<ClusterWatch> clusters = new java.util.concurrent.CopyOnWriteArrayList<>();
    private final AuditTrail audit;
    private final Dispatcher dispatcher;
    private final io.warden.alert.Silences silences;
    private final DaemonParts parts;
    private final io.warden.daemon.ha.FleetMember fleet; // null when this instance watches every cluster alone
    private final io.warden.daemon.ha.SharedState shared; // null when this instance watches every cluster alone
    private final Clock clock;
    private final ConsoleReads reads;
    private final Duration shutdownTimeout;
    private final Duration liveAfter;
    private boolean started;
    private boolean closed;

    public WatchRunner(WardenConfig config, PrintWriter out, Clock clock) {
        this(config, out, clock, false);
    }

    /** @param dryRun evaluate and report what would be notified, but send nothing */
    public WatchRunner(WardenConfig config, PrintWriter out, Clock clock, boolean dryRun) {
        this(DaemonParts.build(LoadedConfig.of(config), config, true), out, clock, dryRun, false);
    }

    /**
     * A daemon of parts built (and checked) from its config; it owns them from here on.
     *
     * @param dryRun evaluate and report what would be notified, but send nothing
     * @param once   one look at each cluster ({@link #runOnce}): no HTTP endpoint, nothing healed (an
     *               attempt could not be verified anyway)
     */
    public WatchRunner(DaemonParts parts, PrintWriter out, Clock clock, boolean dryRun, boolean once) {
        WardenConfig config = parts.config;
        this.clock = clock;
        this.shutdownTimeout = config.watch().shutdownTimeout();
        this.liveAfter = readyAfter(config.watch()).multipliedBy(2);
        this.audit = AuditTrail.open(Path.of(config.audit().file()), config.audit().maxBytes(), config.audit().keep());
        this.parts = parts;
        this.reads = new ConsoleReads(io.warden.watch.CheckSettings.of(config), clock);
        boolean inFleet = parts.ha != null && !once && !dryRun; // a dry run or one look must not take clusters from the fleet
        this.shared = inFleet ? new io.warden.daemon.ha.SharedState(parts.ha.home(), parts.ha.layout(), clock) : null;
        this.silences = inFleet ? shared : new SilenceStore(Path.of(config.alerts().silencesFile()), clock);
        Notifiers.warnIfNoneConfigured(config.notifiers());
        this.metrics = new WardenMetrics(clock, parts.partitionSeries);
        this.dispatcher = new Dispatcher(parts.notifiers, RetrySettings.DEFAULT, clock,
                (notification, result) -> {
                    metrics.cluster(notification.cluster()).recordNotification(result.channel(), result.delivered());
                    audit.append(delivery(notification, result));
                });
        try {
            this.fleet = inFleet ? new io.warden.daemon.ha.FleetMember(parts.ha.layout(), parts.ha.instance(), parts.ha.home(),
                    parts.ha.admin().client(), parts.ha.sessionTimeout(), clock, new FleetWatches(out), shared) : null;
            for (DaemonParts.ClusterParts cluster : inFleet ? List.<DaemonParts.ClusterParts>of() : parts.clusters) {
                String name = cluster.config().name();
                DaemonParts.ClusterParts watched = once ? new DaemonParts.ClusterParts(cluster.config(), cluster.connection(),
                        cluster.admin(), cluster.connect(), List.of(), cluster.dr()) : cluster;
                clusters.add(new ClusterWatch(watched, config, parts.rules, this::activeSilences, metrics.cluster(name),
                        dispatcher, audit, out, parts.clusters.size() == 1 ? "" : "[" + name + "] ", clock, dryRun));
            }
            this.server = once || parts.server == null ? null : server(parts);
        } catch (RuntimeException e) {
            parts.close();
            dispatcher.close(Duration.ZERO);
            audit.close();
            throw e;
        }
    }

    /** Starts the watch of each cluster the fleet gives this instance, and stops it when the fleet takes it away. */
    private final class FleetWatches implements io.warden.daemon.ha.FleetMember.Watches {
        private final PrintWriter out;
        private final KeptHistories kept = new KeptHistories(parts.config.watch().window());

        FleetWatches(PrintWriter out) {
            this.out = out;
        }

        @Override
        public void start(io.warden.daemon.ha.ClusterLease lease) {
            DaemonParts.ClusterParts cluster = parts.clusters.stream().filter(c -> c.config().name().equals(lease.cluster()))
                    .findFirst().orElseThrow();
            String name = lease.cluster();
            ClusterWatch watch = new ClusterWatch(cluster, parts.config, parts.rules, WatchRunner.this::activeSilences,
                    metrics.cluster(name), dispatcher, audit, out, parts.clusters.size() == 1 ? "" : "[" + name + "] ", clock,
                    false, new ClusterWatch.Fleet(lease, shared::pauseReason, kept.take(name, clock.instant())));
            audit.append(new AuditEvent(clock.instant(), "ha.cluster.acquired", name, parts.ha.instance(),
                    Map.of("alertsRestored", lease.restoredAlerts().size())));
            clusters.add(watch);
            watch.start();
        }

        @Override
        public void stop(String cluster, String why) {
            for (ClusterWatch c : clusters) {
                if (c.name().equals(cluster)) {
                    clusters.remove(c);
                    Duration wait = min(shutdownTimeout, parts.ha.sessionTimeout());
                    kept.stopped(cluster, why, c.stop(wait) ? c.history() : null);
                    c.stopHealing(wait);
                    c.closeClient(min(wait, Duration.ofSeconds(5))); // made again if this instance owns the cluster again
                    metrics.forget(cluster);
                    audit.append(new AuditEvent(clock.instant(), "ha.cluster.released", cluster, parts.ha.instance(),
                            Map.of("reason", why)));
                }
            }
        }

        @Override
        public void backingOff(String why, Duration wait) {
            out.printf("ha: %s; this instance stays out of the fleet, leaving its clusters to the others, and tries again in %ds%n", why, wait.toSeconds());
            out.flush();
            audit.append(new AuditEvent(clock.instant(), "ha.backing-off", null, parts.ha.instance(),
                    Map.of("reason", why, "waitSeconds", wait.toSeconds())));
        }
    }

    /** This instance's place in its fleet; null when it watches every cluster alone. */
    public io.warden.daemon.ha.FleetMember.Role role() {
        return fleet == null ? null : fleet.role();
    }

    /** This instance's membership in its fleet, null without one. */
    public io.warden.daemon.ha.FleetMember fleet() {
        return fleet;
    }

    private WardenServer server(DaemonParts parts) {
        var health = new HealthStatus(metrics, clock, readyAfter(parts.config.watch()), this::stalledParts);
        if (fleet != null) {
            health = health.withRole(fleet::role, fleet::problem);
        }
        if (!parts.api.servesApi()) {
            org.slf4j.LoggerFactory.getLogger(WatchRunner.class).info(
                    "event=api-off reason=\"no http.auth.tokens configured; /metrics and /health only\"");
        }
        return new WardenServer(parts.server, metrics, health, parts.api, new Backend());
    }

    /** How old a cluster's latest cycle may be before it is not ready: a few intervals, so one slow cycle does not flap it. */
    private static Duration readyAfter(WardenConfig.WatchConfig watch) {
        return watch.interval().multipliedBy(3).plus(watch.timeout());
    }

    /**
     * The parts that do not run, for {@code /health/live}. A loop counts as stalled only after twice
     * the readiness limit without a cycle ending, so a slow cluster makes Warden unready long before a
     * supervisor would restart it.
     */
    private Map<String, String> stalledParts() {
        Map<String, String> stalled = new LinkedHashMap<>();
        dispatcher.stalled(liveAfter).ifPresent(why -> stalled.put("dispatcher", why));
        clusters.forEach(c -> c.stalled(liveAfter).ifPresent(why -> stalled.put("cluster " + c.name(), why)));
        return stalled;
    }

    /** What the HTTP API reads and changes; called from HTTP threads, so it returns copies. */
    private final class Backend implements ApiBackend {
        private final io.warden.watch.CheckSettings dlqs = io.warden.watch.CheckSettings.of(parts.config);

        @Override
        public List<io.warden.alert.Alert> alerts() {
            return clusters.stream().flatMap(c -> c.alerter().active().stream()).toList();
        }

        @Override
        public List<ClusterFinding> findings() {
            return clusters.stream().flatMap(c -> c.metrics().latest().map(CycleResult::findings).orElse(List.of()).stream()
                    .map(f -> new ClusterFinding(c.name(), f))).toList();
        }

        @Override
        public List<Silence> silences() {
            return silences.active();
        }

        @Override
        public Silence addSilence(Map<String, String> matchers, Duration duration, String createdBy, String comment) {
            return new io.warden.alert.SilenceService(silences, audit, clock).add(matchers, duration, createdBy, comment);
        }

        @Override
        public boolean expireSilence(String id) {
            return new io.warden.alert.SilenceService(silences, audit, clock).expire(id);
        }

        @Override
        public io.warden.audit.AuditLog audit(java.util.function.Predicate<AuditEvent> filter) {
            return io.warden.audit.AuditReader.read(Path.of(parts.config.audit().file()), filter);
        }

        @Override
        public boolean isDlq(String topic) {
            return dlqs.isDlq(topic);
        }

        @Override
        public io.warden.server.LagTrail lagTrail(String cluster) {
            return watch(cluster).map(c -> c.metrics().lagTrail()).orElse(null);
        }

        @Override
        public io.warden.server.DlqDetail dlqDetail(String cluster, String topic) {
            return watch(cluster).map(c -> reads.dlq(c, topic)).orElse(null);
        }

        @Override
        public io.warden.server.GroupDiagnosis diagnosis(String cluster, String group) {
            return watch(cluster).map(c -> reads.diagnose(c, group)).orElse(null);
        }

        private java.util.Optional<ClusterWatch> watch(String cluster) {
            return clusters.stream().filter(c -> c.name().equals(cluster)).findFirst();
        }

        @Override
        public Map<String, CycleResult> cycles() {
            Map<String, CycleResult> latest = new LinkedHashMap<>();
            clusters.forEach(c -> c.metrics().latest().ifPresent(r -> latest.put(c.name(), r)));
            return latest;
        }
    }

    /** A broken silences file must not stop alerting: then nothing is silenced, and the log says why. */
    private List<Silence> activeSilences() {
        try {
            return silences.active();
        } catch (RuntimeException e) {
            org.slf4j.LoggerFactory.getLogger(WatchRunner.class).error("event=silences-unreadable error=\"{}\"", e.getMessage());
            return List.of();
        }
    }

    private static AuditEvent delivery(Notification n, DeliveryResult r) {
        Map<String, Object> data = new java.util.LinkedHashMap<>();
        data.put("events", n.events().size());
        data.put("keys", n.events().stream().map(e -> e.alert().key()).toList());
        data.put("attempts", r.attempts());
        data.put("tookMillis", r.took().toMillis());
        if (!r.delivered()) {
            data.put("error", r.reason());
        }
        return new AuditEvent(n.at(), r.delivered() ? "notification.sent" : "notification.failed", n.cluster(), r.channel(), data);
    }

    public io.warden.alert.Silences silences() {
        return silences;
    }

    /** The bound HTTP port, or -1 when the endpoint is off. */
    public int httpPort() {
        return server == null ? -1 : server.port();
    }

    public WardenMetrics metrics() {
        return metrics;
    }

    /**
     * Starts the dispatcher, the HTTP endpoint (so a bind failure stops the start before any cluster
     * is watched), then each cluster's watch. On a failure what started is closed again.
     *
     * @throws io.warden.WardenException when the HTTP address cannot be bound
     */
    @Override
    public synchronized WatchRunner start() {
        if (started || closed) {
            throw new IllegalStateException("the watch daemon was already started");
        }
        started = true;
        try {
            dispatcher.start();
            if (server != null) {
                server.start();
            }
            if (fleet != null) {
                // the clusters come when the group gives them: each watch starts then (FleetWatches)
                parts.ha.admin().open();
                fleet.start();
                shared.open(true);
                try {
                    shared.announce(parts.ha.instance(), parts.ha.layout().clusters());
                } catch (io.warden.WardenException e) {
                    // the others then cannot compare their clusters with this one's; the watch itself does not need it
                    org.slf4j.LoggerFactory.getLogger(WatchRunner.class).warn("event=ha-announce-failed error=\"{}\"",
                            e.getMessage());
                }
                io.warden.daemon.ha.HaMetrics.register(metrics.registry(), fleet::role);
            } else {
                // in a fleet the watches are FleetWatches' own, started as the group gives each cluster,
                // possibly before this line: starting them here again would start one twice
                clusters.forEach(ClusterWatch::start);
            }
        } catch (RuntimeException e) {
            close();
            throw e;
        }
        return this;
    }

    /**
     * Runs one cycle of every cluster, all at once so an unreachable cluster costs its timeout
     * only once, and returns the results by cluster name in config order.
     */
    public Map<String, CycleResult> runOnce() {
        synchronized (this) {
            if (!started) { // a look without a watch: its notifications still go out
                started = true;
                dispatcher.start();
            }
        }
        Map<String, java.util.concurrent.CompletableFuture<CycleResult>> running = new LinkedHashMap<>();
        for (ClusterWatch c : clusters) {
            running.put(c.name(), java.util.concurrent.CompletableFuture.supplyAsync(c::runOnce, runnable -> {
                Thread t = new Thread(runnable, "warden-once-" + c.name());
                t.setDaemon(true);
                t.start();
            }));
        }
        Map<String, CycleResult> results = new LinkedHashMap<>();
        for (var e : running.entrySet()) {
            try {
                results.put(e.getKey(), e.getValue().join());
            } catch (java.util.concurrent.CompletionException failed) {
                // the cycle's own error, so the command maps it to its message and exit code as before
                throw failed.getCause() instanceof RuntimeException r ? r : failed;
            }
        }
        return results;
    }

    /** Stops within the configured shutdown timeout; see {@link #close(Duration)}. */
    @Override
    public void close() {
        close(shutdownTimeout);
    }

    /**
     * Stops within {@code timeout}, in reverse order of {@link #start()}: every cluster's watch (its
     * running cycle finishes, healing stops, its clients close), then the HTTP endpoint, then the
     * dispatcher, which delivers what is queued; the audit trail records the stop last.
     *
     * @return true when every part finished cleanly in time
     */
    @Override
    public boolean close(Duration timeout) {
        synchronized (this) {
            if (closed) {
                return true;
            }
            closed = true;
        }
        java.time.Instant deadline = clock.instant().plus(timeout);
        reads.close(); // a diagnosis sampling a group ends now, before the clients it reads through close
        List<String> watched = clusters.stream().map(ClusterWatch::name).toList();
        if (fleet != null) {
            // every owned cluster's watch stops before the group hears this instance left
            fleet.close(remaining(deadline));
            try {
                if (shared.announced().containsKey(parts.ha.instance())) {
                    shared.withdraw(parts.ha.instance());
                }
            } catch (RuntimeException e) {
                // the home does not answer: the others keep comparing with this instance's list until it starts again
            }
            shared.close();
        }
        // the clusters stop together: each lets its own cycle finish within what is left
        List<Thread> stopping = new ArrayList<>();
        java.util.concurrent.atomic.AtomicBoolean clean = new java.util.concurrent.atomic.AtomicBoolean(true);
        for (ClusterWatch c : clusters) {
            Thread t = new Thread(() -> {
                if (!c.close(remaining(deadline))) {
                    clean.set(false);
                }
            }, "warden-stop-" + c.name());
            t.start();
            stopping.add(t);
        }
        for (Thread t : stopping) {
            try {
                // what was cut short at the deadline gets a moment to record how it ended before the audit trail closes
                t.join(Math.max(1, remaining(deadline).plus(RECORD_GRACE).toMillis()));
                if (t.isAlive()) {
                    clean.set(false);
                }
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
                clean.set(false);
            }
        }
        if (server != null && !server.close(remaining(deadline))) {
            clean.set(false);
        }
        boolean flushed = dispatcher.close(remaining(deadline));
        if (parts.ha != null) {
            parts.ha.admin().close(Duration.ZERO);
        }
        List<String> names = fleet != null ? watched : clusters.stream().map(ClusterWatch::name).toList();
        audit.append(new AuditEvent(clock.instant(), "watch.stopped", names.size() == 1 ? names.get(0) : null, null,
                Map.of("clusters", names, "notificationsFlushed", flushed, "counts", dispatcher.counts().toString())));
        audit.close();
        return clean.get() && flushed;
    }

    private Duration remaining(java.time.Instant deadline) {
        Duration left = Duration.between(clock.instant(), deadline);
        return left.isNegative() ? Duration.ZERO : left;
    }

    private static Duration min(Duration a, Duration b) {
        return a.compareTo(b) <= 0 ? a : b;
    }
}
