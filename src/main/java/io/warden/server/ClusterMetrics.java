package io.warden.server;

import io.warden.watch.CycleResult;
import io.warden.watch.Finding;
import io.warden.watch.Severity;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.util.Collection;
import java.util.EnumMap;
import java.util.Map;
import java.util.Objects;
import java.util.Optional;
import java.util.concurrent.atomic.AtomicReference;

/**
 * One watched cluster's part of {@link WardenMetrics}: what its monitor records after each cycle,
 * under its {@code cluster} label. Also remembers the cluster's last cycle and published result so
 * {@link HealthStatus} can read them, and the cluster's gauges rendered from that result. One
 * monitor thread writes; scrapes and health checks read immutable values it swapped in whole.
 */
public final class ClusterMetrics {

    private final String name;
    private final WardenMetrics m;
    private final Clock clock;
    private final PartitionSeries series;
    private final AtomicReference<Published> latest = new AtomicReference<>();
    private final AtomicReference<LastCycle> lastCycle = new AtomicReference<>();
    private final LagTrail lagTrail = new LagTrail();

    /** A result and its gauges, swapped in together so a scrape never pairs one cycle's text with another's. */
    private record Published(CycleResult result, ClusterCollector.Rendered gauges) {
    }

    ClusterMetrics(String name, WardenMetrics metrics, Clock clock, PartitionSeries series) {
        this.name = name;
        this.m = metrics;
        this.clock = clock;
        this.series = series;
        // every series exists from the start, 0 until seen, so rate() and dashboards have no gaps
        m.cycleDuration.initLabelValues(name);
        m.cycles.initLabelValues(name);
        m.cycleErrors.initLabelValues(name);
        m.probeFailures.initLabelValues(name);
        m.lastCycleTimestamp.initLabelValues(name);
        m.lastSuccessTimestamp.initLabelValues(name);
        for (Severity s : Severity.values()) {
            m.findings.initLabelValues(name, s.name());
            m.alertsFiring.initLabelValues(name, s.name());
        }
    }

    /** The cluster's name as configured, the value of its {@code cluster} label. */
    public String name() {
        return name;
    }

    /** Sets the firing alerts gauge from the severities of the alerts firing now. */
    public void recordFiringAlerts(Collection<Severity> firing) {
        Map<Severity, Integer> counts = new EnumMap<>(Severity.class);
        firing.forEach(s -> counts.merge(s, 1, Integer::sum));
        for (Severity s : Severity.values()) {
            m.alertsFiring.labelValues(name, s.name()).set(counts.getOrDefault(s, 0));
        }
    }

    /**
     * Makes the notification series of {@code channels} exist at 0 from the start. A counter that
     * appears with its first event shows no increase for it: the first failed notification would be
     * invisible to increase(), rate() and alerting rules.
     */
    public void expectNotifications(Collection<String> channels) {
        for (String channel : channels) {
            m.notifications.initLabelValues(name, channel, "sent");
            m.notifications.initLabelValues(name, channel, "failed");
        }
    }

    /**
     * Makes a playbook's self-healing series exist at 0 from the start (see {@link #expectNotifications}):
     * its escalations, its detection-to-recovery times, and the attempts of each of its {@code actions}
     * with each of the {@code outcomes} they can have.
     */
    public void expectHealing(String playbook, Collection<String> actions, Collection<String> outcomes) {
        m.healEscalations.initLabelValues(name, playbook);
        m.healRecovery.initLabelValues(name, playbook);
        for (String action : actions) {
            for (String outcome : outcomes) {
                m.healAttempts.initLabelValues(name, action, outcome);
            }
        }
    }

    /** Sets whether self-healing of this cluster is paused. */
    public void recordHealPaused(boolean paused) {
        m.healPaused.labelValues(name).set(paused ? 1 : 0);
    }

    /** Counts one notification about this cluster's alerts on one channel. */
    public void recordNotification(String channel, boolean sent) {
        m.notifications.labelValues(name, channel, sent ? "sent" : "failed").inc();
    }

    /** Counts one self-healing attempt's outcome. */
    public void recordHealAttempt(String action, String outcome) {
        m.healAttempts.labelValues(name, action, outcome).inc();
    }

    /** Counts one escalation to a human by self-healing. */
    public void recordEscalation(String playbook) {
        m.healEscalations.labelValues(name, playbook).inc();
    }

    /** Observes the detection-to-recovery time of an alert self-healing acted on. */
    public void recordRecovery(String playbook, Duration detectToRecover) {
        m.healRecovery.labelValues(name, playbook).observe(detectToRecover.toMillis() / 1000.0);
    }

    /** Records one finished cycle; {@code failed} means it ended without publishing a result. */
    public void recordCycle(Duration duration, boolean failed) {
        record(duration, failed ? "cycle failed" : null);
    }

    /** Records a cycle that failed, with the one-line reason {@code /health} will show. */
    public void recordFailedCycle(Duration duration, String error) {
        record(duration, error == null || error.isBlank() ? "cycle failed" : error);
    }

    /** Adds probe failures seen in a cycle (its snapshot's {@code failures().size()}). */
    public void recordProbeFailures(int n) {
        if (n > 0) {
            m.probeFailures.labelValues(name).inc(n);
        }
    }

    /**
     * Makes {@code result} the source of the cluster's {@code kafka_*} gauges and findings counts.
     * The gauges are rendered here, on the cycle's thread, once: a scrape copies the text.
     */
    public void publish(CycleResult result) {
        Objects.requireNonNull(result, "result");
        var gauges = ClusterCollector.render(name, result, series);
        Map<Severity, Integer> counts = new EnumMap<>(Severity.class);
        for (Finding f : result.findings()) {
            counts.merge(f.severity(), 1, Integer::sum);
        }
        for (Severity s : Severity.values()) {
            m.findings.labelValues(name, s.name()).set(counts.getOrDefault(s, 0));
        }
        latest.set(new Published(result, gauges));
        lagTrail.add(result);
    }

    /** Each group's lag after each cycle the latest history reaches back to, for the console's charts. */
    public LagTrail lagTrail() {
        return lagTrail;
    }

    /** The latest published result, empty before the first one. */
    public Optional<CycleResult> latest() {
        return Optional.ofNullable(latest.get()).map(Published::result);
    }

    /** The gauges rendered from the latest published result; none before the first one. */
    ClusterCollector.Rendered gauges() {
        Published p = latest.get();
        return p == null ? ClusterCollector.Rendered.NONE : p.gauges();
    }

    /** The latest recorded cycle, empty before the first one. */
    public Optional<LastCycle> lastCycle() {
        return Optional.ofNullable(lastCycle.get());
    }

    private void record(Duration duration, String error) {
        Instant now = clock.instant();
        double nowSeconds = now.toEpochMilli() / 1000.0;
        m.cycleDuration.labelValues(name).observe(duration.toNanos() / 1e9);
        m.cycles.labelValues(name).inc();
        m.lastCycleTimestamp.labelValues(name).set(nowSeconds);
        if (error != null) {
            m.cycleErrors.labelValues(name).inc();
        } else {
            m.lastSuccessTimestamp.labelValues(name).set(nowSeconds);
        }
        lastCycle.set(new LastCycle(now, duration, error));
    }

    /**
     * The latest cycle as the monitor reported it.
     *
     * @param endedAt  when it was recorded
     * @param duration how long it took
     * @param error    why it failed, null when it succeeded
     */
    public record LastCycle(Instant endedAt, Duration duration, String error) {

        public boolean failed() {
            return error != null;
        }
    }
}
