package io.warden.server;

import com.fasterxml.jackson.annotation.JsonIgnore;
import com.fasterxml.jackson.annotation.JsonInclude;
import com.fasterxml.jackson.annotation.JsonPropertyOrder;
import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.databind.ObjectMapper;
import io.warden.audit.Redactor;
import io.warden.watch.Finding;
import io.warden.watch.Severity;
import java.io.UncheckedIOException;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.util.Collections;
import java.util.Comparator;
import java.util.List;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.Objects;
import java.util.stream.Collectors;

/**
 * Whether the watch daemon is doing its job, for each watched cluster and as a whole: a cluster is
 * UP when its latest cycle succeeded and ended no longer than {@code staleAfter} ago, DOWN otherwise
 * (no cycle yet, a failed cycle, or a monitor that stopped cycling); the daemon is UP only when every
 * cluster is. Read from {@link WardenMetrics}, which the monitors feed.
 */
public final class HealthStatus {

    private final WardenMetrics metrics;
    private final Clock clock;
    private final Duration staleAfter;
    private final ObjectMapper json = new ObjectMapper();
    /** This instance's place in a fleet, shown under {@code ha}; null when it watches alone. */
    private final java.util.function.Supplier<?> role;
    /** Why this instance of a fleet fails its part (e.g. a cluster it was given that it cannot watch), null when it does not. */
    private final java.util.function.Supplier<String> roleProblem;

    /**
     * @param staleAfter how old the latest cycle may be before Warden counts as DOWN; a few
     *                   watch intervals (e.g. 3 x interval) so one slow cycle does not flap it
     */
    public HealthStatus(WardenMetrics metrics, Clock clock, Duration staleAfter) {
        this(metrics, clock, staleAfter, null, () -> null);
    }

    private HealthStatus(WardenMetrics metrics, Clock clock, Duration staleAfter, java.util.function.Supplier<?> role,
                         java.util.function.Supplier<String> roleProblem) {
        this.role = role;
        this.roleProblem = roleProblem;
        this.metrics = Objects.requireNonNull(metrics, "metrics");
        this.clock = Objects.requireNonNull(clock, "clock");
        this.staleAfter = Objects.requireNonNull(staleAfter, "staleAfter");
        if (staleAfter.isNegative() || staleAfter.isZero()) {
            throw new IllegalArgumentException("staleAfter must be positive, was " + staleAfter);
        }
    }

    /**
     * The same health for an instance of a fleet: {@code role} (its name, the clusters it owns) is
     * shown under {@code ha}, and an instance that owns no cluster now is UP: it stands by. It is
     * DOWN while {@code problem} says why (a cluster given to it that it cannot watch).
     */
    public HealthStatus withRole(java.util.function.Supplier<?> role, java.util.function.Supplier<String> problem) {
        return new HealthStatus(metrics, clock, staleAfter, Objects.requireNonNull(role, "role"),
                Objects.requireNonNull(problem, "problem"));
    }

    /** Judges health now, with every error in full; see {@link #check(boolean)}. */
    public Report check() {
        return check(true);
    }

    /**
     * Judges health now. The whole report's {@code lastCycle} and {@code ageSeconds} are those of
     * the cluster heard from longest ago, its findings the sum, its error every DOWN cluster's.
     *
     * @param details each DOWN cluster's error as it happened (a client exception may name hosts,
     *                users and settings), with secret-looking values hidden: for a caller with a
     *                token. Without: a generic reason only, {@code unreachable}, {@code stale} or
     *                {@code starting}, as in {@code cluster prod: unreachable}
     */
    public Report check(boolean details) {
        Report report = checkClusters(details);
        String problem = roleProblem.get();
        if (problem == null) {
            return report;
        }
        return new Report("DOWN", report.lastCycle(), report.ageSeconds(), report.findings(),
                report.error() == null ? problem : report.error() + "; " + problem, report.clusters());
    }

    private Report checkClusters(boolean details) {
        List<ClusterMetrics> clusters = metrics.clusters();
        if (clusters.isEmpty() && role != null) {
            return new Report("UP", null, null, countFindings(List.of()), null, Map.of());
        }
        if (clusters.isEmpty()) {
            return new Report("DOWN", null, null, countFindings(List.of()), "no cluster is watched", Map.of());
        }
        Map<String, Report> byCluster = new LinkedHashMap<>();
        for (ClusterMetrics c : clusters) {
            byCluster.put(c.name(), check(c, details));
        }
        List<Report> reports = List.copyOf(byCluster.values());
        Map<String, Integer> findings = countFindings(List.of());
        reports.forEach(r -> r.findings().forEach((s, n) -> findings.merge(s, n, Integer::sum)));
        boolean up = reports.stream().allMatch(Report::up);
        Report oldest = reports.stream().anyMatch(r -> r.lastCycle() == null)
                ? reports.stream().filter(r -> r.lastCycle() == null).findFirst().get()
                : reports.stream().max(Comparator.comparing(Report::ageSeconds)).get();
        String error = null;
        if (!up) {
            error = details && clusters.size() == 1 ? reports.get(0).error() : byCluster.entrySet().stream()
                    .filter(e -> !e.getValue().up()).map(e -> (details ? "" : "cluster ") + e.getKey() + ": " + e.getValue().error())
                    .collect(Collectors.joining("; "));
        }
        return new Report(up ? "UP" : "DOWN", oldest.lastCycle(), oldest.ageSeconds(), findings, error, byCluster);
    }

    private Report check(ClusterMetrics cluster, boolean details) {
        Map<String, Integer> findings = countFindings(cluster.latest().map(r -> r.findings()).orElse(List.of()));
        var last = cluster.lastCycle().orElse(null);
        if (last == null) {
            return new Report("DOWN", null, null, findings, details ? "no watch cycle has completed yet" : "starting", Map.of());
        }
        Instant now = clock.instant();
        Duration age = Duration.between(last.endedAt(), now);
        String error = last.error() == null ? null : details ? Redactor.text(last.error()) : "unreachable";
        if (error == null && age.compareTo(staleAfter) > 0) {
            error = details ? "last watch cycle ended " + age.toSeconds() + "s ago, limit " + staleAfter.toSeconds() + "s"
                    : "stale";
        }
        return new Report(error == null ? "UP" : "DOWN", last.endedAt().toString(), Math.max(0, age.toSeconds()),
                findings, error, Map.of());
    }

    private static Map<String, Integer> countFindings(List<Finding> findings) {
        Map<String, Integer> counts = new LinkedHashMap<>();
        for (Severity s : Severity.values()) {
            counts.put(s.name(), 0);
        }
        findings.forEach(f -> counts.merge(f.severity().name(), 1, Integer::sum));
        return counts;
    }

    /** The JSON body of {@code /health} for {@code report}. */
    public String toJson(Report report) {
        try {
            if (role != null) {
                var node = json.valueToTree(report);
                ((com.fasterxml.jackson.databind.node.ObjectNode) node).set("ha", json.valueToTree(role.get()));
                return json.writeValueAsString(node);
            }
            return json.writeValueAsString(report);
        } catch (JsonProcessingException e) {
            throw new UncheckedIOException(e); // plain strings and numbers always serialize
        }
    }

    /**
     * The body of {@code /health}, and of each cluster's part of it.
     *
     * @param status     UP or DOWN
     * @param lastCycle  when the latest cycle ended (ISO-8601), null before the first
     * @param ageSeconds seconds since then, null before the first
     * @param findings   findings of the latest published cycle, per severity
     * @param error      why Warden is DOWN, null when UP
     * @param clusters   each cluster's report by name (left out of a cluster's own report)
     */
    @JsonPropertyOrder({"status", "lastCycle", "ageSeconds", "findings", "error", "clusters"})
    public record Report(String status, String lastCycle, Long ageSeconds, Map<String, Integer> findings, String error,
                         @JsonInclude(JsonInclude.Include.NON_EMPTY) Map<String, Report> clusters) {

        public Report {
            findings = Collections.unmodifiableMap(new LinkedHashMap<>(findings));
            clusters = Collections.unmodifiableMap(new LinkedHashMap<>(clusters));
        }

        @JsonIgnore
        public boolean up() {
            return "UP".equals(status);
        }

        /** 200 when UP, 503 when DOWN, so load balancers and probes need not parse the body. */
        @JsonIgnore
        public int httpStatus() {
            return up() ? 200 : 503;
        }
    }
}
