package io.warden.server;

import io.prometheus.metrics.core.metrics.Counter;
import io.prometheus.metrics.core.metrics.Gauge;
import io.prometheus.metrics.core.metrics.Histogram;
import io.prometheus.metrics.expositionformats.PrometheusTextFormatWriter;
import io.prometheus.metrics.model.registry.PrometheusRegistry;
import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.time.Clock;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Objects;

/**
 * The metrics of every watched cluster: Warden's own ({@code warden_*}, in a registry updated by
 * each cluster's monitor after its cycles, through {@link ClusterMetrics}) and the clusters'
 * ({@code kafka_*}, rendered as text once per cycle from each cluster's published result). Every
 * series carries a {@code cluster} label, so one scrape holds all clusters and one HELP/TYPE per
 * metric. A scrape copies what the last cycles rendered: it never computes lag nor waits for a
 * cycle. Thread-safe: monitor threads write, scrapes read.
 */
public final class WardenMetrics {

    private final PrometheusRegistry registry = new PrometheusRegistry();
    private final PrometheusTextFormatWriter writer = PrometheusTextFormatWriter.create();
    private final Clock clock;
    private final PartitionSeries series;
    private final Map<String, ClusterMetrics> clusters = new LinkedHashMap<>();
    private volatile List<ClusterMetrics> published = List.of();

    final Histogram cycleDuration;
    final Counter cycles;
    final Counter cycleErrors;
    final Counter probeFailures;
    final Gauge findings;
    final Gauge lastCycleTimestamp;
    final Gauge lastSuccessTimestamp;
    final Gauge alertsFiring;
    final Counter notifications;
    final Counter healAttempts;
    final Counter healEscalations;
    final Histogram healRecovery;
    final Gauge healPaused;

    /** With the default per-partition lag series ({@link PartitionSeries#DEFAULT}). */
    public WardenMetrics(Clock clock) {
        this(clock, PartitionSeries.DEFAULT);
    }

    /**
     * @param clock  the source of "now" for cycle timestamps
     * @param series which partitions of each group get lag series
     */
    public WardenMetrics(Clock clock, PartitionSeries series) {
        this.clock = Objects.requireNonNull(clock, "clock");
        this.series = Objects.requireNonNull(series, "series");
        cycleDuration = Histogram.builder().name("warden_cycle_duration_seconds")
                .help("How long one watch cycle took: probes, checks and publishing.")
                .classicOnly().classicUpperBounds(0.05, 0.1, 0.25, 0.5, 1, 2.5, 5, 10, 30, 60)
                .labelNames("cluster").register(registry);
        cycles = Counter.builder().name("warden_cycles_total")
                .help("Watch cycles run, failed ones included.")
                .labelNames("cluster").register(registry);
        cycleErrors = Counter.builder().name("warden_cycle_errors_total")
                .help("Watch cycles that failed before publishing a result.")
                .labelNames("cluster").register(registry);
        probeFailures = Counter.builder().name("warden_probe_failures_total")
                .help("Probes or probe targets that did not answer, summed over cycles.")
                .labelNames("cluster").register(registry);
        findings = Gauge.builder().name("warden_findings")
                .help("Findings of the latest published cycle, by severity.")
                .labelNames("cluster", "severity").register(registry);
        lastCycleTimestamp = Gauge.builder().name("warden_last_cycle_timestamp_seconds")
                .help("When the latest watch cycle ended (Unix seconds), successful or not; 0 before the first.")
                .labelNames("cluster").register(registry);
        lastSuccessTimestamp = Gauge.builder().name("warden_last_success_timestamp_seconds")
                .help("When the latest successful watch cycle ended (Unix seconds); 0 before the first.")
                .labelNames("cluster").register(registry);
        alertsFiring = Gauge.builder().name("warden_alerts_firing")
                .help("Alerts firing after the latest cycle, by severity (silenced ones included).")
                .labelNames("cluster", "severity").register(registry);
        notifications = Counter.builder().name("warden_notifications_total")
                .help("Notifications handed to a channel, by outcome: sent, or failed after all retries.")
                .labelNames("cluster", "channel", "outcome").register(registry);
        healAttempts = Counter.builder().name("warden_heal_attempts_total")
                .help("Self-healing attempts by action and outcome: DONE, FAILED, INTERRUPTED, UNVERIFIED (done, but the "
                        + "alert did not resolve in time) or DRY_RUN.")
                .labelNames("cluster", "action", "outcome").register(registry);
        healEscalations = Counter.builder().name("warden_heal_escalations_total")
                .help("Alerts self-healing handed to a human, by playbook.")
                .labelNames("cluster", "playbook").register(registry);
        healRecovery = Histogram.builder().name("warden_heal_recovery_seconds")
                .help("From an alert becoming active to its resolving after self-healing acted, by playbook.")
                .classicOnly().classicUpperBounds(30, 60, 120, 300, 600, 1800, 3600)
                .labelNames("cluster", "playbook").register(registry);
        healPaused = Gauge.builder().name("warden_heal_paused")
                .help("1 while self-healing of the cluster is paused (warden heal pause), 0 otherwise; absent without playbooks.")
                .labelNames("cluster").register(registry);
    }

    /**
     * The metrics of the cluster named {@code name}, made on first use; its series are exported
     * from then on (zero until its first cycle).
     */
    public synchronized ClusterMetrics cluster(String name) {
        Objects.requireNonNull(name, "name");
        ClusterMetrics existing = clusters.get(name);
        if (existing != null) {
            return existing;
        }
        ClusterMetrics created = new ClusterMetrics(name, this, clock, series);
        clusters.put(name, created);
        published = List.copyOf(clusters.values());
        return created;
    }

    /**
     * Stops reporting the cluster named {@code name} in {@code /health} and the {@code kafka_*}
     * series and whether its healing is paused: another instance of the fleet watches it now. Its counters stay.
     */
    public synchronized void forget(String name) {
        if (clusters.remove(name) != null) {
            healPaused.remove(name); // the new owner tells; a pause seen here last would otherwise stay forever
            published = List.copyOf(clusters.values());
        }
    }

    /** Every cluster's metrics, in the order they were made. */
    public List<ClusterMetrics> clusters() {
        return published;
    }

    /** All metrics in the Prometheus text exposition format 0.0.4. */
    public String scrape() {
        return new String(scrapeBytes(), StandardCharsets.UTF_8);
    }

    /** {@link #scrape()} in UTF-8, as {@code /metrics} serves it: the registry's few series, then the cycles' text. */
    public byte[] scrapeBytes() {
        List<ClusterCollector.Rendered> gauges = published.stream().map(ClusterMetrics::gauges).toList();
        int size = 32 * 1024 + gauges.stream().mapToInt(ClusterCollector.Rendered::bytes).sum();
        var out = new ByteArrayOutputStream(size);
        try {
            writer.write(out, registry.scrape());
        } catch (IOException e) {
            throw new UncheckedIOException(e); // a ByteArrayOutputStream does not fail
        }
        ClusterCollector.HELP.forEach((metric, help) -> {
            boolean first = true;
            for (var g : gauges) {
                byte[] samples = g.samples().get(metric);
                if (samples == null) {
                    continue;
                }
                if (first) {
                    out.writeBytes(("# HELP " + metric + " " + help + "\n# TYPE " + metric + " gauge\n")
                            .getBytes(StandardCharsets.UTF_8));
                    first = false;
                }
                out.writeBytes(samples);
            }
        });
        return out.toByteArray();
    }

    /** Warden's own registry, scraped with every cluster's text: for gauges read at scrape time (a fleet's role). */
    public PrometheusRegistry registry() {
        return registry;
    }
}
