package io.warden.server;

import io.prometheus.metrics.core.metrics.Counter;
import io.prometheus.metrics.core.metrics.Gauge;
import io.prometheus.metrics.core.metrics.Histogram;
import io.prometheus.metrics.expositionformats.PrometheusTextFormatWriter;
import io.prometheus.metrics.model.registry.PrometheusRegistry;
import io.prometheus.metrics.model.snapshots.Labels;
import io.warden.watch.CycleResult;
import io.warden.watch.Finding;
import io.warden.watch.Severity;
import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.util.EnumMap;
import java.util.Map;
import java.util.Objects;
import java.util.Optional;
import java.util.concurrent.atomic.AtomicReference;

/**
 * The metrics of one watched cluster: Warden's own ({@code warden_*}, updated by the monitor after
 * each cycle) and the cluster's ({@code kafka_*}, computed at scrape time from the latest published
 * {@link CycleResult}). Every series carries a {@code cluster} label. Also remembers the last cycle
 * so {@link HealthStatus} can judge it. Thread-safe: one monitor thread writes, scrapes read.
 */
public final class WardenMetrics {

    private final PrometheusRegistry registry = new PrometheusRegistry();
    private final PrometheusTextFormatWriter writer = PrometheusTextFormatWriter.create();
    private final AtomicReference<CycleResult> latest = new AtomicReference<>();
    private final AtomicReference<LastCycle> lastCycle = new AtomicReference<>();
    private final Clock clock;

    private final Histogram cycleDuration;
    private final Counter cycles;
    private final Counter cycleErrors;
    private final Counter probeFailures;
    private final Gauge findings;
    private final Gauge lastCycleTimestamp;
    private final Gauge lastSuccessTimestamp;
    private final Gauge alertsFiring;
    private final Counter notifications;

    /**
     * @param cluster the cluster's name as configured, the value of every {@code cluster} label
     * @param clock   the source of "now" for cycle timestamps
     */
    public WardenMetrics(String cluster, Clock clock) {
        Objects.requireNonNull(cluster, "cluster");
        this.clock = Objects.requireNonNull(clock, "clock");
        Labels clusterLabel = Labels.of("cluster", cluster);
        cycleDuration = Histogram.builder().name("warden_cycle_duration_seconds")
                .help("How long one watch cycle took: probes, checks and publishing.")
                .classicOnly().classicUpperBounds(0.05, 0.1, 0.25, 0.5, 1, 2.5, 5, 10, 30, 60)
                .constLabels(clusterLabel).register(registry);
        cycles = Counter.builder().name("warden_cycles_total")
                .help("Watch cycles run, failed ones included.")
                .constLabels(clusterLabel).register(registry);
        cycleErrors = Counter.builder().name("warden_cycle_errors_total")
                .help("Watch cycles that failed before publishing a result.")
                .constLabels(clusterLabel).register(registry);
        probeFailures = Counter.builder().name("warden_probe_failures_total")
                .help("Probes or probe targets that did not answer, summed over cycles.")
                .constLabels(clusterLabel).register(registry);
        findings = Gauge.builder().name("warden_findings")
                .help("Findings of the latest published cycle, by severity.")
                .labelNames("severity").constLabels(clusterLabel).register(registry);
        for (Severity s : Severity.values()) {
            findings.initLabelValues(s.name()); // every severity is a series from the start, 0 until seen
        }
        lastCycleTimestamp = Gauge.builder().name("warden_last_cycle_timestamp_seconds")
                .help("When the latest watch cycle ended (Unix seconds), successful or not; 0 before the first.")
                .constLabels(clusterLabel).register(registry);
        lastSuccessTimestamp = Gauge.builder().name("warden_last_success_timestamp_seconds")
                .help("When the latest successful watch cycle ended (Unix seconds); 0 before the first.")
                .constLabels(clusterLabel).register(registry);
        alertsFiring = Gauge.builder().name("warden_alerts_firing")
                .help("Alerts firing after the latest cycle, by severity (silenced ones included).")
                .labelNames("severity").constLabels(clusterLabel).register(registry);
        for (Severity s : Severity.values()) {
            alertsFiring.initLabelValues(s.name());
        }
        notifications = Counter.builder().name("warden_notifications_total")
                .help("Notifications handed to a channel, by outcome: sent, or failed after all retries.")
                .labelNames("channel", "outcome").constLabels(clusterLabel).register(registry);
        registry.register(new ClusterCollector(cluster, latest::get));
    }

    /** Sets the firing alerts gauge from the severities of the alerts firing now. */
    public void recordFiringAlerts(java.util.Collection<Severity> firing) {
        Map<Severity, Integer> counts = new EnumMap<>(Severity.class);
        firing.forEach(s -> counts.merge(s, 1, Integer::sum));
        for (Severity s : Severity.values()) {
            alertsFiring.labelValues(s.name()).set(counts.getOrDefault(s, 0));
        }
    }

    /** Counts one notification's outcome on one channel. */
    public void recordNotification(String channel, boolean sent) {
        notifications.labelValues(channel, sent ? "sent" : "failed").inc();
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
            probeFailures.inc(n);
        }
    }

    /** Makes {@code result} the source of the {@code kafka_*} gauges and of the findings counts. */
    public void publish(CycleResult result) {
        Objects.requireNonNull(result, "result");
        Map<Severity, Integer> counts = new EnumMap<>(Severity.class);
        for (Finding f : result.findings()) {
            counts.merge(f.severity(), 1, Integer::sum);
        }
        for (Severity s : Severity.values()) {
            findings.labelValues(s.name()).set(counts.getOrDefault(s, 0));
        }
        latest.set(result);
    }

    /** The latest published result, empty before the first one. */
    public Optional<CycleResult> latest() {
        return Optional.ofNullable(latest.get());
    }

    /** The latest recorded cycle, empty before the first one. */
    public Optional<LastCycle> lastCycle() {
        return Optional.ofNullable(lastCycle.get());
    }

    /** All metrics in the Prometheus text exposition format 0.0.4. */
    public String scrape() {
        var out = new ByteArrayOutputStream(16 * 1024);
        try {
            writer.write(out, registry.scrape());
        } catch (IOException e) {
            throw new UncheckedIOException(e); // a ByteArrayOutputStream does not fail
        }
        return out.toString(StandardCharsets.UTF_8);
    }

    /** The registry, for callers that expose it in another format. */
    public PrometheusRegistry registry() {
        return registry;
    }

    private void record(Duration duration, String error) {
        Instant now = clock.instant();
        double nowSeconds = now.toEpochMilli() / 1000.0;
        cycleDuration.observe(duration.toNanos() / 1e9);
        cycles.inc();
        lastCycleTimestamp.set(nowSeconds);
        if (error != null) {
            cycleErrors.inc();
        } else {
            lastSuccessTimestamp.set(nowSeconds);
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
