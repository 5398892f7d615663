package io.warden.cli;

import io.warden.config.WardenConfig;
import io.warden.kafka.ClusterProbe;
import io.warden.kafka.ConnectionSettings;
import io.warden.kafka.KafkaConnection;
import io.warden.kafka.ProbeScope;
import io.warden.server.ApiBackend;
import io.warden.server.ApiSettings;
import io.warden.server.ApiToken;
import io.warden.server.HealthStatus;
import io.warden.server.TlsSettings;
import io.warden.server.ServerSettings;
import io.warden.server.WardenMetrics;
import io.warden.server.WardenServer;
import io.warden.watch.CheckSettings;
import io.warden.watch.Checks;
import io.warden.watch.CycleResult;
import io.warden.watch.Finding;
import io.warden.watch.LagEvaluator;
import io.warden.watch.Monitor;
import io.warden.watch.WatchLoop;
import java.io.IOException;
import java.io.PrintWriter;
import java.io.UncheckedIOException;
import java.time.Clock;
import java.time.Duration;
import java.time.ZoneId;
import java.time.format.DateTimeFormatter;
import java.util.HashSet;
import java.util.List;
import java.util.Map;
import java.util.regex.Pattern;
import java.nio.file.Path;
import io.warden.alert.Alerter;
import io.warden.alert.Silence;
import io.warden.alert.SilenceStore;
import io.warden.audit.AuditEvent;
import io.warden.audit.AuditTrail;
import io.warden.notify.DeliveryResult;
import io.warden.notify.Dispatcher;
import io.warden.notify.Notification;
import io.warden.notify.Notifiers;
import io.warden.notify.RetrySettings;
import org.apache.kafka.clients.admin.Admin;

/**
 * Assembles the watch daemon from a config: Admin client, probe, monitor, loop, metrics and HTTP
 * endpoint, and closes them in reverse order. Shared by {@code warden watch} and {@code warden demo}.
 */
final class WatchRunner implements AutoCloseable {

    private static final DateTimeFormatter TIME = DateTimeFormatter.ofPattern("HH:mm:ss").withZone(ZoneId.systemDefault());

    private final Admin admin;
    private final WardenMetrics metrics;
    private final WardenServer server;
    private final WatchLoop loop;
    private final AuditTrail audit;
    private final Dispatcher dispatcher;
    private final Alerter alerter;
    private final SilenceStore silences;
    private final Clock clock;
    private final String cluster;
    private final Duration shutdownTimeout;

    WatchRunner(WardenConfig config, ConnectionSettings connection, PrintWriter out, Clock clock) {
        this(config, connection, out, clock, false);
    }

    /** @param dryRun evaluate and report what would be notified, but send nothing */
    WatchRunner(WardenConfig config, ConnectionSettings connection, PrintWriter out, Clock clock, boolean dryRun) {
        var watch = config.watch();
        this.clock = clock;
        this.shutdownTimeout = watch.shutdownTimeout();
        this.cluster = config.cluster().name();
        this.audit = AuditTrail.open(Path.of(config.audit().file()), config.audit().maxBytes(), config.audit().keep());
        this.silences = new SilenceStore(Path.of(config.alerts().silencesFile()), clock);
        this.alerter = new Alerter(cluster, AlertSetup.rules(config.alerts()), this::activeSilences);
        Notifiers.warnIfNoneConfigured(config.notifiers());
        this.metrics = new WardenMetrics(cluster, clock);
        this.dispatcher = new Dispatcher(Notifiers.load(config.notifiers()), RetrySettings.DEFAULT, clock,
                (notification, result) -> {
                    metrics.recordNotification(result.channel(), result.delivered());
                    audit.append(delivery(cluster, notification, result));
                });
        audit.append(new AuditEvent(clock.instant(), "config.loaded", cluster, connection.bootstrapServers(),
                Map.of("notifiers", dispatcher.channels(), "rules", config.alerts().rules().size(),
                        "defaultRules", config.alerts().defaults(), "interval", watch.interval().toString(),
                        "dryRun", dryRun)));
        CheckSettings checks = checkSettings(config);
        this.admin = KafkaConnection.create(connection);
        ClusterProbe probe = new ClusterProbe(admin, watch.timeout(), clock);
        int capacity = (int) Math.max(30, watch.window().toMillis() / Math.max(1, watch.interval().toMillis()) + 2);
        LagEvaluator lag = new LagEvaluator(checks);
        Monitor monitor = new Monitor(expected -> probe.collect(ProbeScope.everything(expected)),
                Checks.defaults(checks, lag), lag, capacity,
                new HashSet<>(config.cluster().expectedBrokers()));
        WardenServer started = null;
        if (config.http().port() >= 0) {
            var health = new HealthStatus(metrics, clock, watch.interval().multipliedBy(3).plus(watch.timeout()));
            var serverSettings = new ServerSettings(config.http().host(), config.http().port());
            ApiSettings api = apiSettings(config.http());
            started = api == null ? new WardenServer(serverSettings, metrics, health)
                    : new WardenServer(serverSettings, metrics, health, api, new Backend());
            try {
                started.start();
            } catch (IOException e) {
                admin.close(Duration.ZERO);
                throw new UncheckedIOException("cannot serve HTTP on " + config.http().host() + ":" + config.http().port()
                        + " (" + e.getMessage() + "); pick another http.port or stop what uses it", e);
            }
        }
        this.server = started;
        this.loop = new WatchLoop(monitor, watch.interval(), List.of(new MetricsListener(metrics), new Printer(out),
                new AlertingListener(cluster, alerter, dispatcher, audit, out, dryRun),
                (WatchLoop.Listener) (result, took) -> metrics.recordFiringAlerts(
                        alerter.firing().stream().map(io.warden.alert.Alert::severity).toList())), clock);
    }

    /**
     * The API is served when it can be secured (tokens configured) or was explicitly opened
     * ({@code http.auth.enabled: false}); otherwise only /metrics and /health, and the log says why.
     */
    static ApiSettings apiSettings(WardenConfig.HttpConfig http) {
        var auth = http.auth();
        var tls = http.tls() == null ? null : new TlsSettings(Path.of(http.tls().keystore()), http.tls().password(),
                http.tls().type());
        if (auth.enabled() && auth.tokens().isEmpty()) {
            org.slf4j.LoggerFactory.getLogger(WatchRunner.class).info(
                    "event=api-off reason=\"no http.auth.tokens configured; /metrics and /health only\"");
            return null;
        }
        List<ApiToken> tokens = new java.util.ArrayList<>();
        for (var t : auth.tokens()) {
            if (t.name() == null || t.token() == null || t.role() == null) {
                throw new io.warden.WardenException(io.warden.WardenException.CONFIG,
                        "http.auth.tokens: every token needs name, token (e.g. ${WARDEN_TOKEN}) and role (viewer or operator)");
            }
            try {
                tokens.add(new ApiToken(t.name(), t.token(), ApiToken.Role.of(t.role())));
            } catch (IllegalArgumentException e) {
                throw new io.warden.WardenException(io.warden.WardenException.CONFIG, "http.auth.tokens: " + e.getMessage());
            }
        }
        try {
            return new ApiSettings(auth.enabled(), tokens, auth.protectMetrics(), tls);
        } catch (IllegalArgumentException e) {
            throw new io.warden.WardenException(io.warden.WardenException.CONFIG, e.getMessage());
        }
    }

    /** What the HTTP API reads and changes; called from HTTP threads, so it returns copies. */
    private final class Backend implements ApiBackend {
        @Override
        public List<io.warden.alert.Alert> alerts() {
            return alerter.active();
        }

        @Override
        public List<Finding> findings() {
            return metrics.latest().map(CycleResult::findings).orElse(List.of());
        }

        @Override
        public List<Silence> silences() {
            return silences.active();
        }

        @Override
        public Silence addSilence(Map<String, String> matchers, Duration duration, String createdBy, String comment) {
            Silence s = silences.add(matchers, duration, createdBy, comment);
            audit.append(new AuditEvent(s.createdAt(), "silence.created", null, s.id(), Map.of("matchers", s.matchers(),
                    "endsAt", s.endsAt().toString(), "createdBy", s.createdBy(), "comment", s.comment())));
            return s;
        }

        @Override
        public boolean expireSilence(String id) {
            boolean expired = silences.expire(id);
            if (expired) {
                audit.append(new AuditEvent(clock.instant(), "silence.expired", null, id, Map.of()));
            }
            return expired;
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

    private static AuditEvent delivery(String cluster, Notification n, DeliveryResult r) {
        Map<String, Object> data = new java.util.LinkedHashMap<>();
        data.put("events", n.events().size());
        data.put("keys", n.events().stream().map(e -> e.alert().key()).toList());
        data.put("attempts", r.attempts());
        data.put("tookMillis", r.took().toMillis());
        if (!r.delivered()) {
            data.put("error", r.reason());
        }
        return new AuditEvent(n.at(), r.delivered() ? "notification.sent" : "notification.failed", cluster, r.channel(), data);
    }

    Alerter alerter() {
        return alerter;
    }

    SilenceStore silences() {
        return silences;
    }

    static CheckSettings checkSettings(WardenConfig config) {
        var c = config.checks();
        var d = CheckSettings.defaults();
        return new CheckSettings(config.watch().window(),
                c.lag().warning() == null ? d.lagWarning() : c.lag().warning().longValue(),
                c.lag().critical() == null ? d.lagCritical() : c.lag().critical().longValue(),
                c.dlq().patterns().stream().map(Pattern::compile).toList(), c.dlq().warning(), c.dlq().critical(),
                c.disk().warning() == null ? d.diskWarning() : c.disk().warning(),
                c.disk().critical() == null ? d.diskCritical() : c.disk().critical(),
                c.underReplicated().criticalPercent() == null ? d.urpCriticalPercent() : c.underReplicated().criticalPercent(),
                d.largestTopics(),
                c.lagGrowth().warning() == null ? d.lagGrowthWarning() : c.lagGrowth().warning(), c.rebalances().warning() == null ? d.rebalanceWarning() : c.rebalances().warning().intValue());
    }

    /** The bound HTTP port, or -1 when the endpoint is off. */
    int httpPort() {
        return server == null ? -1 : server.port();
    }

    WardenMetrics metrics() {
        return metrics;
    }

    void start() {
        loop.start();
    }

    CycleResult runOnce() {
        return loop.runOnce();
    }

    /**
     * Stops within the configured shutdown timeout: the running cycle finishes, queued
     * notifications are delivered, then the HTTP endpoint and the Kafka client close, and the
     * audit trail records the stop last.
     */
    @Override
    public void close() {
        java.time.Instant deadline = clock.instant().plus(shutdownTimeout);
        loop.close(remaining(deadline));
        boolean flushed = dispatcher.close(remaining(deadline));
        if (server != null) {
            server.close();
        }
        admin.close(min(remaining(deadline), Duration.ofSeconds(5)));
        audit.append(new AuditEvent(clock.instant(), "watch.stopped", cluster, null,
                Map.of("notificationsFlushed", flushed, "counts", dispatcher.counts().toString())));
        audit.close();
    }

    private Duration remaining(java.time.Instant deadline) {
        Duration left = Duration.between(clock.instant(), deadline);
        return left.isNegative() ? Duration.ZERO : left;
    }

    private static Duration min(Duration a, Duration b) {
        return a.compareTo(b) <= 0 ? a : b;
    }

    private record MetricsListener(WardenMetrics metrics) implements WatchLoop.Listener {
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

        Printer(PrintWriter out) {
            this.out = out;
        }

        @Override
        public void onCycle(CycleResult result, Duration took) {
            var s = result.history().latest();
            long urp = s.partitions().stream().filter(p -> p.underReplicated()).count();
            long offline = s.partitions().stream().filter(p -> p.offline()).count();
            var worst = result.lags().stream().max(java.util.Comparator.comparingLong(g -> g.totalLag()));
            out.printf("%s cycle %d ms: brokers %d up %d down, partitions %d (%d offline, %d under-replicated), "
                            + "groups %d%s, findings %d%n",
                    TIME.format(s.takenAt()), took.toMillis(), s.cluster().brokers().size(),
                    s.cluster().missingBrokerIds().size(), s.partitions().size(), offline, urp, result.lags().size(),
                    worst.filter(g -> g.totalLag() > 0).map(g -> String.format(" (most behind: %s %,d msgs%s %s)", g.group(),
                            g.totalLag(), g.maxLagSeconds() == null ? "" : String.format(", %.0fs", g.maxLagSeconds()),
                            g.status())).orElse(""),
                    result.findings().size());
            out.flush();
        }

        @Override
        public void onCycleFailed(RuntimeException error, Duration took) {
            out.printf("cycle failed after %d ms: %s%n", took.toMillis(), error.getMessage());
            out.flush();
        }
    }
}
